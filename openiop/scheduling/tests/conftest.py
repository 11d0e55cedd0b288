import pytest

from conftest import Cast
from openiop.program.tests.world import World, world_for


@pytest.fixture
def world(cast: Cast) -> World:
    return world_for(cast)

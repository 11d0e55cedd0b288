"""Curriculum, tracks and rooms."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import save_and_record
from openiop.program.curriculum import MODULES
from openiop.program.models import (
    Module,
    Room,
    Track,
)
from openiop.program.services.base import _require_director

TRACK_FIELDS = ("name", "population", "gender_rule", "focus", "usual_blocks", "default_prescribed_hours", "active")


def curriculum_ensure() -> int:
    """Create any missing curriculum module (the migration seeds them; a flushed test database loses them)."""
    created = 0
    for position, (slug, name, description, modality, materials) in enumerate(MODULES):
        _, new = Module.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "modality": modality,
                "materials": materials,
                "position": position,
            },
        )
        created += new
    return created


def track_create(*, actor: Actor, site: Site, **fields: Any) -> Track:
    _require_director(actor, site.pk)
    unknown = set(fields).difference(TRACK_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    track = Track(site=site, **fields)
    with transaction.atomic():
        save_and_record(actor=actor, instance=track, site_id=site.pk)
    return track


def track_update(*, actor: Actor, track: Track, **fields: Any) -> Track:
    _require_director(actor, track.site_id)
    unknown = set(fields).difference(TRACK_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    changed = sorted(name for name, value in fields.items() if getattr(track, name) != value)
    if not changed:
        return track
    with transaction.atomic():
        before = snapshot(track)
        for name in changed:
            setattr(track, name, fields[name])
        save_and_record(actor=actor, instance=track, before=before)
    return track


def room_create(*, actor: Actor, site: Site, name: str, capacity: int) -> Room:
    _require_director(actor, site.pk)
    room = Room(site=site, name=name, capacity=capacity)
    with transaction.atomic():
        save_and_record(actor=actor, instance=room, site_id=site.pk)
    return room

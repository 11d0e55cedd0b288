"""API tokens over JSON: list the tokens one may manage, revoke one (issue 11, finding 5)."""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema

from openiop.accounts import selectors, services
from openiop.accounts.models import ApiToken
from openiop.accounts.types import acting_user
from openiop.core.api import Id, Page

router = Router(tags=["accounts"])


class TokenOut(Schema):
    id: int
    prefix: str
    user_id: int
    label: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    state: str

    @staticmethod
    def resolve_state(obj: ApiToken) -> str:
        return selectors.token_state(obj)


class TokenPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[TokenOut]


class PageParams(Schema):
    page: Page = 1


@router.get(
    "/tokens", response=TokenPage, summary="List your API tokens and those of the staff of the sites you direct"
)
def list_tokens(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    tokens = selectors.tokens_visible(actor=request.user)
    size = settings.OPENIOP_PAGE_SIZE
    start = (params.page - 1) * size
    return {
        "count": tokens.count(),
        "page": params.page,
        "page_size": size,
        "items": list(tokens[start : start + size]),
    }


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Revoke an API token now")
def revoke_token(request: HttpRequest, token_id: Id) -> ApiToken:
    token = selectors.token_get(actor=request.user, pk=token_id)
    return services.api_token_revoke(actor=acting_user(request), token=token)

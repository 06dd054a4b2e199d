"""API tokens and the second factor, as the account pages show them. Listing and
revoking work through a token; making one does not: a stolen token must not be
able to mint another that outlives its own revocation or expiry, so new tokens
come only from the API tokens page, in a session that passed the second factor."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from harbour import access
from harbour.api import services
from harbour.api.models import ApiToken
from harbour.api.pagination import PageIn, answer, paged
from harbour.api.routers.common import origin
from harbour.api.types import answers
from harbour.twofactor import devices

router = Router(tags=["account"])
admin_router = Router(tags=["administration"])

TokenId = Annotated[int, Field(ge=1, le=access.MAX_ID)]


class TokenOut(Schema):
    id: int
    name: str
    starts: str = Field(description="The token's first characters, to tell tokens apart; never the secret.")
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime
    revoked_at: datetime.datetime | None
    status: Literal["active", "expired", "revoked"]

    @staticmethod
    def resolve_starts(token: ApiToken) -> str:
        return token.hint


class StaffTokenOut(TokenOut):
    owner: str

    @staticmethod
    def resolve_owner(token: ApiToken) -> str:
        return token.user.get_full_name() or token.user.get_username()


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    lifetime_days: Literal[30, 90, 365] = 90


class TwoFactorOut(Schema):
    set_up: bool
    required: bool
    recovery_codes_left: int


@router.get("/tokens", response=answers(paged(TokenOut), 422))
def list_tokens(request, pages: Query[PageIn]):
    """The caller's own tokens, newest first: live, expired and revoked."""
    return answer(ApiToken.objects.filter(user=request.user), pages)


@router.post("/tokens", response=answers({}, 400, 403, 422))
def create_token(request, payload: TokenIn):
    """Always refused through the API: make tokens on the API tokens page, signed
    in with your second factor."""
    raise PermissionDenied(
        "Tokens are made on the API tokens page, signed in with two-factor authentication, not with a token."
    )


@router.post("/tokens/{token_id}/revocation", response=answers(TokenOut, 404, 422))
def revoke_token(request, token_id: TokenId):
    """Revoke one of the caller's tokens (the one in use too); it stops working at once."""
    token = access.get_own_token(request.user, token_id)
    if token.revoked_at is None:
        services.revoke_token(origin=origin(request), token=token)
    return token


@router.get("/two-factor", response=answers(TwoFactorOut))
def two_factor(request):
    """Whether the caller has set up two-factor authentication and needs it. Setting
    it up, and passing it, happen only on the pages: a token cannot change how its
    owner signs in."""
    user = request.user
    return {
        "set_up": devices.has_second_factor(user),
        "required": access.needs_second_factor(user),
        "recovery_codes_left": devices.recovery_codes_left(user),
    }


@admin_router.get("/tokens", response=answers(paged(StaffTokenOut), 403, 422))
def list_staff_tokens(request, pages: Query[PageIn]):
    """The tokens of the staff of the schools the caller administers (no secrets)."""
    if not access.is_administrator(request.user):
        raise PermissionDenied("Only administrators see their staff's tokens.")
    tokens = access.administered_tokens(request.user).select_related("user")
    return answer(tokens, pages)


@admin_router.post("/tokens/{token_id}/revocation", response=answers(StaffTokenOut, 404, 422))
def revoke_staff_token(request, token_id: TokenId):
    """Revoke a token of someone in a school the caller administers; anyone else's is 404."""
    token = access.get_token_for_admin(request.user, token_id)
    if token.revoked_at is None:
        services.revoke_token(origin=origin(request), token=token)
    return token

from ninja.security import HttpBearer

from harbour.api.services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hbr_…` with a token from the user's API tokens page."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user

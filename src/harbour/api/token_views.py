"""The API tokens pages: a person's own tokens (made only from a session that
has passed the second factor), and the administrator's list of the tokens of
their school's staff, with revocation. Secrets are never shown after creation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.api import services
from harbour.api.models import DEFAULT_LIFETIME_DAYS, LIFETIME_CHOICES, ApiToken
from harbour.audit.services import Origin
from harbour.twofactor.session import is_verified


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?", max_length=100, help_text="For example, 'Trust reporting script'."
    )
    lifetime_days = forms.TypedChoiceField(
        label="How long should it work?",
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        widget=forms.RadioSelect,
        help_text="After this it stops working and you make a new one.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Give the token a name."
        self.fields["lifetime_days"].error_messages["required"] = "Choose how long the token should work."
        self.fields["lifetime_days"].error_messages["invalid_choice"] = "Choose 30 days, 90 days or 1 year."


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    # A token outlives the session that made it, so even those who need no second
    # factor for the pages must pass one to make a token.
    verified = is_verified(request)
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST":
        if not verified:
            raise PermissionDenied("Making an API token needs two-factor authentication.")
        if form.is_valid():
            _, raw = services.issue_token(
                origin=Origin.from_request(request),
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request, "web/api_tokens.html", {"form": form, "tokens": tokens, "raw": raw, "verified": verified}
    )


@login_required
@require_POST
def api_token_revoke(request, token_id):
    token = access.get_own_token(request.user, token_id)
    if token.revoked_at is not None:
        raise Http404("No such token")
    services.revoke_token(origin=Origin.from_request(request), token=token)
    messages.success(request, f"Token '{token.name}' revoked.")
    return redirect("api-tokens")


@login_required
def admin_tokens(request):
    """Every token of the staff of the schools the user administers."""
    if not access.is_administrator(request.user):
        raise Http404("Not an administrator")
    tokens = access.administered_tokens(request.user).select_related("user", "revoked_by")
    return render(request, "web/admin_api_tokens.html", {"tokens": tokens})


@login_required
@require_POST
def admin_token_revoke(request, token_id):
    token = access.get_token_for_admin(request.user, token_id)
    if token.revoked_at is not None:
        raise Http404("No such token")
    services.revoke_token(origin=Origin.from_request(request), token=token)
    messages.success(
        request, f"{token.user.get_full_name() or token.user.get_username()}'s token '{token.name}' revoked."
    )
    return redirect("admin-api-tokens")

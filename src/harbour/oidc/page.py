"""What the sign-in page needs from the providers: a button each, and why the
last sign-in through one was refused (shown once)."""

from django.urls import reverse

from harbour.oidc import providers
from harbour.oidc.messages import message
from harbour.oidc.views import REFUSAL_KEY


def sign_in_context(request) -> dict:
    configured = providers.configured()
    refusal = request.session.pop(REFUSAL_KEY, None) if request.method == "GET" else None
    provider = configured.get(refusal["provider"]) if refusal else None
    text = message(refusal["refusal"], provider.label) if provider else ""
    return {
        "providers": [
            {"label": p.label, "url": reverse("oidc-sign-in", args=[p.name])} for p in configured.values()
        ],
        "provider_refusal": text,
        "provider_refusal_items": [{"href": "#school-account", "text": text}] if text else [],
    }

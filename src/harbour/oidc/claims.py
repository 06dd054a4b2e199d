"""What an ID token must say before Harbour believes whose it is.

The library checks the signature, expiry and nonce; these rules add the rest of
OpenID Connect Core §3.1.3.7 that it leaves out (issuer, audience) and Harbour's
own: an e-mail address the provider vouches for, from the trust's own tenant or
domains.
"""

from dataclasses import dataclass

from harbour.oidc.providers import ENTRA, GOOGLE, Provider

WRONG_TOKEN = "wrong_token"  # another issuer's or another application's token
NO_EMAIL = "no_email"
UNVERIFIED = "unverified_email"
OTHER_TENANT = (
    "other_tenant"  # another Entra tenant, another Workspace domain, or an e-mail domain not listed
)


@dataclass(frozen=True)
class Verdict:
    email: str = ""
    refusal: str = ""


def _true(value) -> bool:
    # Some providers send booleans as strings.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def check(provider: Provider, claims: dict) -> Verdict:
    if claims.get("iss") not in provider.accepted_issuers:
        return Verdict(refusal=WRONG_TOKEN)
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if provider.client_id not in audiences:
        return Verdict(refusal=WRONG_TOKEN)
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        return Verdict(refusal=WRONG_TOKEN)
    if provider.kind == ENTRA and claims.get("tid") != provider.tenant_id:
        return Verdict(refusal=OTHER_TENANT)
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return Verdict(refusal=NO_EMAIL)
    # Google says email_verified. Entra ID never does: its "email" is whatever an
    # administrator typed, unless the optional claim xms_edov says the domain's
    # owner is verified. Absent is not yes.
    if not (_true(claims.get("email_verified")) or _true(claims.get("xms_edov"))):
        return Verdict(refusal=UNVERIFIED)
    domain = email.rsplit("@", 1)[1].lower()
    if provider.domains:
        if domain not in provider.domains:
            return Verdict(refusal=OTHER_TENANT)
        # A personal Google account can hold a verified address at a school's
        # domain; only the hd claim says the Workspace manages the account.
        if provider.kind == GOOGLE and claims.get("hd", "").lower() not in provider.domains:
            return Verdict(refusal=OTHER_TENANT)
    return Verdict(email=email)

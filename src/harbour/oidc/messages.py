"""What the sign-in page says when a provider's sign-in was refused. Each names
what to do next; none says more about Harbour's records than the person knows."""

from harbour.oidc import attempt, claims, matching

_PASSWORD = "or sign in with your username and password"
_ADMIN = "Ask your school's Harbour administrator"

MESSAGES = {
    attempt.CANCELLED: "Signing in with {label} was cancelled. Try again, " + _PASSWORD + ".",
    attempt.STATE: (
        "Harbour could not check that this sign-in with {label} was the one started in this browser, "
        "so it was refused. Start again from this page."
    ),
    attempt.PROVIDER: (
        "Harbour could not finish signing you in with {label}. Try again in a few minutes, "
        + _PASSWORD
        + ". If it keeps happening, tell your school's IT team."
    ),
    attempt.LOCKED: (
        "Signing in to this account is paused for 15 minutes after too many attempts. "
        + _ADMIN
        + " if you need to get in sooner."
    ),
    claims.WRONG_TOKEN: "{label} answered for another application, so the sign-in was refused. Start again.",
    claims.NO_EMAIL: "{label} did not give Harbour an e-mail address for your account. " + _ADMIN + ".",
    claims.UNVERIFIED: (
        "{label} did not confirm that the e-mail address of your account is verified, so Harbour cannot tell "
        "whose account it is. Ask your school's IT team, " + _PASSWORD + "."
    ),
    claims.OTHER_TENANT: (
        "Sign in with your school's {label} account, not a personal one or another organisation's."
    ),
    matching.UNKNOWN: (
        "There is no Harbour account with the e-mail address of this {label} account. "
        + _ADMIN
        + " to add it to your staff record."
    ),
    matching.AMBIGUOUS: (
        "More than one Harbour account has the e-mail address of this {label} account, so Harbour cannot "
        "tell which is yours. " + _ADMIN + " to give each account its own address, " + _PASSWORD + "."
    ),
    matching.INACTIVE: "This account is not active. " + _ADMIN + ".",
}


def message(refusal: str, label: str) -> str:
    return MESSAGES.get(refusal, MESSAGES[attempt.PROVIDER]).format(label=label)

"""One sign-in through a provider, as the callback view and the backend share it.

The library's callback calls Django's authenticate(), which can only answer
"a user" or "nobody"; the backend writes here why it said nobody, for the
sign-in page's message, the audit event and the lock-out count.
"""

from dataclasses import dataclass

from harbour.oidc.providers import Provider

CANCELLED = "cancelled"  # the person, or the provider, said no (an error came back)
STATE = "state"  # the answer did not belong to a sign-in this browser started
PROVIDER = "provider"  # the provider could not be reached or answered nonsense
LOCKED = "locked"


@dataclass
class Attempt:
    provider: Provider
    refusal: str = ""
    user: object = None  # the matched sign-in, when there was one
    who: str = ""  # the lock-out identity (lockout.identity)
    # Whether this browser had started a sign-in: only then is a refusal an audit
    # event; a bare request to the callback is a log line, so nobody can fill the
    # audit trail by requesting a URL.
    started: bool = False

    def refuse(self, refusal: str, *, user=None, who: str = "") -> None:
        self.refusal = refusal
        self.user = user
        self.who = who

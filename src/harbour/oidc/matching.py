"""Who a provider's verified e-mail address is, in the staff directory.

Schools provision their staff: a sign-in is matched to a staff record's e-mail
and never creates an account. Django's users do not have unique e-mail
addresses, and one person may have a staff record at several schools, so the
rule is: the active staff records with that address must all belong to one
active sign-in.
"""

from dataclasses import dataclass

from harbour.schools.models import StaffMember

# Why a sign-in was refused; each has its message on the sign-in page (messages.py).
UNKNOWN = "unknown_email"
AMBIGUOUS = "ambiguous_email"
INACTIVE = "inactive"


@dataclass(frozen=True)
class Match:
    user: object = None
    refusal: str = ""


def staff_user_for_email(email: str) -> Match:
    if not email.strip():
        return Match(refusal=UNKNOWN)  # a blank address would match every record without one
    records = list(
        StaffMember.objects.filter(email__iexact=email.strip(), user__isnull=False).select_related("user")
    )
    users = {record.user_id: record.user for record in records}
    if not users:
        return Match(refusal=UNKNOWN)
    if len(users) > 1:
        return Match(refusal=AMBIGUOUS)
    (user,) = users.values()
    # Someone who has left every school that listed them, or whose sign-in was
    # switched off, does not get back in through their provider.
    if not user.is_active or not any(record.is_active for record in records):
        return Match(user=user, refusal=INACTIVE)
    return Match(user=user)

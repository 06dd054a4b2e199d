"""The employee's consent to share a referral summary: plain rules, no database.

A choice is made for one recipient (the police, or a specialist stalking
service) and is never changed: a later choice, or a withdrawal, is a new row, and
the newest row for an employee and a recipient is what stands. Saying no after
yes is a withdrawal; saying no before any yes is a refusal.

A case may be about more than one employee. The summary tells the recipient about
each of them, so it may go only where every employee of the case has said yes
and not since withdrawn. Nobody else's choice counts: the case owner cannot give
consent on an employee's behalf.

Consent is not what stands between someone in danger and the police: anyone in
immediate danger should call 999 at once (EMERGENCY, shown wherever the summary
is refused)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

GIVEN, REFUSED, WITHDRAWN = "given", "refused", "withdrawn"
POLICE, STALKING_SERVICE = "police", "stalking_service"
RECIPIENTS = (POLICE, STALKING_SERVICE)

EMERGENCY = (
    "If anyone is in immediate danger, call the police on 999 now. That never waits for consent or "
    "for this summary: the summary is for a planned referral, not an emergency."
)
NO_CONSENT = (
    "This summary can only be made for {recipient} once {employee} has said they may receive it, on "
    "their Your support page. Nothing has been made or sent."
)
WITHDRAW_NOTHING = "There is no consent to withdraw for {recipient}."


class Choice(Protocol):
    id: int
    employee_id: int
    recipient: str
    decision: str
    at: object


def _newest(rows: Iterable[Choice]) -> Choice | None:
    return max(rows, key=lambda row: (row.at, row.id), default=None)


def latest(rows: Iterable[Choice], recipient: str, employee_id: int) -> Choice | None:
    """The choice that stands for one employee and recipient, or None if never made."""
    return _newest(r for r in rows if r.recipient == recipient and r.employee_id == employee_id)


def decision_for(previous: Choice | None, yes: bool) -> str:
    """The decision a new answer records: yes is consent given; no is a withdrawal
    when consent stood until now, otherwise a refusal."""
    if yes:
        return GIVEN
    return WITHDRAWN if previous is not None and previous.decision == GIVEN else REFUSED


def may_withdraw(previous: Choice | None) -> bool:
    return previous is not None and previous.decision == GIVEN


@dataclass(frozen=True)
class Standing:
    """Where consent stands for one recipient: whether the summary may go there,
    and which employees have not (or no longer) said yes."""

    recipient: str
    shares: bool
    choices: tuple  # the standing choice of each employee who made one
    missing: tuple[int, ...]  # employee ids without a standing yes


def standing(rows: Iterable[Choice], recipient: str, employee_ids: Iterable[int]) -> Standing:
    rows = list(rows)
    employee_ids = sorted(set(employee_ids))
    choices, missing = [], []
    for employee_id in employee_ids:
        row = latest(rows, recipient, employee_id)
        if row is not None:
            choices.append(row)
        if row is None or row.decision != GIVEN:
            missing.append(employee_id)
    return Standing(
        recipient=recipient,
        shares=bool(employee_ids) and not missing,
        choices=tuple(choices),
        missing=tuple(missing),
    )

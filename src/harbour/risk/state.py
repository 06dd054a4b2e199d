"""The case's risk state, kept up to date as the record is written.

Every service that changes what the rules read — an incident recorded (by anyone,
the diary or the front desk), a correction, a warning or restriction, a decision
under the Unacceptable Actions policy, a screening, an answered signal, the
school's escalation window — calls `refresh(case)` inside its own transaction.
Readers use `digest_of(case)`, which reads the stored row: one query (none when the
case was read with it), whatever the size of the record. `compute(case)` is the
same thing worked out from the whole history, and the tests hold the two equal
after every kind of write."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from harbour.cases import conduct, taxonomy
from harbour.cases import selectors as case_selectors
from harbour.cases.models import Case
from harbour.risk import reasons as why
from harbour.risk import signals
from harbour.risk.models import CaseRiskState
from harbour.risk.version import RULES_VERSION


@dataclass(frozen=True)
class Fact:
    """One incident as it stands now, in the few fields the rules and the chart read."""

    incident_id: int
    occurred_on: datetime.date
    occurred_time: datetime.time | None
    approximate: bool
    location: str
    channel: str
    behaviours: frozenset
    impacts: frozenset
    person_id: int | None
    employee_id: int
    recorded_at: datetime.datetime
    # Logged by the front desk as contact after a confirmed restriction.
    after_restriction: bool = False

    @cached_property  # read for every marker and signal; the fact never changes
    def severity(self) -> int:
        return max(
            (taxonomy.BY_CODE[c].severity for c in self.behaviours if c in taxonomy.BY_CODE), default=1
        )

    @property
    def pk(self) -> int:
        return self.incident_id

    @property
    def time_is_approximate(self) -> bool:
        return self.approximate

    # Named as on an incident record, for names_for and the presenters.
    @property
    def employee(self) -> int:
        return self.employee_id

    @property
    def person(self) -> int | None:
        return self.person_id

    @property
    def sort_key(self):
        return (self.occurred_on, self.occurred_time or datetime.time.min, self.recorded_at, self.incident_id)

    def as_signal_fact(self) -> signals.Fact:
        return signals.Fact(
            incident_id=self.incident_id,
            occurred_on=self.occurred_on,
            location=self.location,
            channel=self.channel,
            behaviours=self.behaviours,
            severity=self.severity,
        )

    def as_occasion(self) -> conduct.Occasion:
        return conduct.Occasion(
            incident_id=self.incident_id,
            occurred_on=self.occurred_on,
            person_id=self.person_id,
            employee_id=self.employee_id,
            behaviours=self.behaviours,
            impacts=self.impacts,
        )

    def to_json(self) -> dict:
        return {
            "id": self.incident_id,
            "on": self.occurred_on.isoformat(),
            "time": self.occurred_time.isoformat(timespec="minutes") if self.occurred_time else None,
            "approximate": self.approximate,
            "location": self.location,
            "channel": self.channel,
            "behaviours": sorted(self.behaviours),
            "impacts": sorted(self.impacts),
            "person": self.person_id,
            "employee": self.employee_id,
            "recorded_at": self.recorded_at.isoformat(),
            "after_restriction": self.after_restriction,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Fact":
        return cls(
            incident_id=data["id"],
            occurred_on=datetime.date.fromisoformat(data["on"]),
            occurred_time=datetime.time.fromisoformat(data["time"]) if data["time"] else None,
            approximate=data["approximate"],
            location=data["location"],
            channel=data["channel"],
            behaviours=frozenset(data["behaviours"]),
            impacts=frozenset(data["impacts"]),
            person_id=data["person"],
            employee_id=data["employee"],
            recorded_at=datetime.datetime.fromisoformat(data["recorded_at"]),
            after_restriction=data.get("after_restriction", False),
        )

    @classmethod
    def from_record(cls, record) -> "Fact":
        return cls(
            incident_id=record.pk,
            occurred_on=record.occurred_on,
            occurred_time=record.occurred_time,
            approximate=bool(record.time_is_approximate),
            location=record.location,
            channel=record.channel,
            behaviours=frozenset(record.behaviours),
            impacts=frozenset(record.impacts),
            person_id=record.person,
            employee_id=record.employee,
            recorded_at=record.incident.recorded_at,
            after_restriction=record.incident.contact_after_restriction,
        )


@dataclass(frozen=True)
class Digest:
    """The record as the rules see it: facts in the order things happened, the
    signals raised and the ones still open, the warnings given, the latest
    screening, and the level proposed with the reasons for it (risk.reasons)."""

    facts: tuple[Fact, ...]
    raised: tuple[signals.Signal, ...]
    open: tuple[signals.Signal, ...]
    proposed: str
    reasons: tuple[why.Reason, ...] = ()
    warnings: tuple[why.Warned, ...] = ()
    screened: why.Screened | None = None
    attempts: tuple[why.Attempt, ...] = ()

    @property
    def signal_facts(self) -> list[signals.Fact]:
        return [fact.as_signal_fact() for fact in self.facts]

    @property
    def occasions(self) -> list[conduct.Occasion]:
        return [fact.as_occasion() for fact in self.facts]

    @property
    def has_restrictions(self) -> bool:
        """Whether the front desk has recorded a restriction on the case: each is one
        of the warnings given (risk.selectors.warnings_given), whatever its stage."""
        return any(warned.source == "restriction" for warned in self.warnings)

    @property
    def has_orders(self) -> bool:
        """Whether a court order or police warning is recorded on the case: each is
        one of the warnings given (risk.selectors.warnings_given)."""
        return any(warned.source == "order" for warned in self.warnings)


def _signals_json(found) -> list[dict]:
    return [{"code": s.code, "incident_ids": list(s.incident_ids)} for s in found]


def signals_from(data) -> tuple[signals.Signal, ...]:
    return tuple(signals.Signal(item["code"], tuple(item["incident_ids"])) for item in data)


def compute(case: Case, records=None) -> Digest:
    """The digest worked out from the whole record (pass the chronology if you have it)."""
    # Imported here: the risk selectors read the digest too.
    from harbour.risk.selectors import (
        attempts_after_warnings,
        latest_screened,
        open_signals_for,
        warnings_given,
    )

    records = case_selectors.chronology(case) if records is None else records
    facts = tuple(sorted((Fact.from_record(r) for r in records), key=lambda f: f.sort_key))
    warnings = warnings_given(case)
    screened = latest_screened(case)
    attempts = attempts_after_warnings(case, warnings)
    raised = signals.raised(
        [f.as_signal_fact() for f in facts],
        window_days=case.school.escalation_window_days,
        warned_on=min((w.on for w in warnings), default=None),
    )
    proposal = why.propose(
        facts,
        window_days=case.school.escalation_window_days,
        warnings=warnings,
        screened=screened,
        attempts=attempts,
    )
    return Digest(
        facts=facts,
        raised=tuple(raised),
        open=tuple(open_signals_for(case, raised)),
        proposed=proposal.level,
        reasons=proposal.reasons,
        warnings=warnings,
        screened=screened,
        attempts=attempts,
    )


def refresh(case: Case) -> Digest:
    """Rewrite the stored state from the whole record. Call inside the writing transaction."""
    digest = compute(case)
    CaseRiskState.objects.update_or_create(
        case_id=case.pk,
        defaults={
            "facts": [fact.to_json() for fact in digest.facts],
            "raised_signals": _signals_json(digest.raised),
            "open_signals": _signals_json(digest.open),
            "open_signal_count": len(digest.open),
            "proposed": digest.proposed,
            "reasons": [reason.to_json() for reason in digest.reasons],
            "warnings": [warned.to_json() for warned in digest.warnings],
            "screening": digest.screened.to_json() if digest.screened else None,
            "attempts": [attempt.to_json() for attempt in digest.attempts],
            "rules_version": RULES_VERSION,
            "refreshed_at": timezone.now(),
        },
    )
    return digest


def refresh_school(school) -> None:
    """After a school setting the rules read changes: every case of that school."""
    for case in Case.objects.filter(school=school).select_related("school"):
        refresh(case)


def from_row(row: CaseRiskState) -> Digest:
    return Digest(
        facts=tuple(Fact.from_json(item) for item in row.facts),
        raised=signals_from(row.raised_signals),
        open=signals_from(row.open_signals),
        proposed=row.proposed,
        reasons=tuple(why.Reason.from_json(item) for item in row.reasons),
        warnings=tuple(why.Warned.from_json(item) for item in row.warnings),
        screened=why.Screened.from_json(row.screening),
        attempts=tuple(why.Attempt.from_json(item) for item in row.attempts),
    )


def digest_of(case: Case) -> Digest:
    """The stored digest; worked out (not stored) for a case that has none yet.
    A case read with its risk state (access.get_case's `related`) is not read again."""
    if Case.risk_state.is_cached(case):
        row = getattr(case, "risk_state", None)  # None when the case has no row yet
    else:
        row = CaseRiskState.objects.filter(case_id=case.pk).first()
    return from_row(row) if row is not None else compute(case)

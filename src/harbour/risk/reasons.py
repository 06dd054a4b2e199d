"""Why Harbour proposes the level it does: the rule that reads the whole record.

The guidance's floor (behaviour that makes a case at least medium) and the
latest screening are where the proposal starts. The guidance lists the cases to
treat as medium or high risk as "including" those behaviours, not only them, and
stalking services treat some things in the record as signs of higher risk
whatever the behaviour was called. Each of these makes Harbour propose at least
medium, and says which facts drove it:

- Home or outside work: something happened at or near the employee's home, or
  elsewhere outside work, or the person followed them outside work. The
  behaviour has reached into the employee's life away from the school.
- Online to in person: the person used what they found online to turn up or
  get in touch (recorded as such), or a person who was in contact online was
  later in touch in person.
- Fear of violence: an incident records that the employee fears violence will
  be used, or the latest screening records them as frightened. Their own sense
  of danger is one of the best guides there is.
- Contact after a warning or restriction: the person was in touch after they
  were warned or restricted (a contact attempt the front desk logged, or an
  incident dated after the warning by the warned person or by someone not named).
  A warning is a front-desk restriction's warning, a warning or restriction
  decided under the Unacceptable Actions policy, or a court order or police
  warning recorded on the case (from the day it was first made).
  "After" means a later day than the warning's date.
- Several signs of escalation: two or more different escalation signals have
  been raised on the record. One sign alone can be chance (a busy fortnight, one
  worse day); two different ones together are the pattern of escalation the
  guidance asks schools to act on. A sign counts once it has been raised as the
  record grew: a quieter spell afterwards does not undo it.

The rule only ever adds reasons: recording another incident, warning or
restriction never lowers what it proposes, and nothing here changes the level a
person decided. A person decides, and says why.

Plain functions, no database: callers pass the kept state's facts (risk.state
Facts), the warnings given, the front desk's contact attempts and the latest
screening."""

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from harbour.cases import taxonomy
from harbour.risk import levels, signals

FEAR_OF_VIOLENCE = "fear_of_violence"
FRIGHTENED = frozenset({"somewhat_frightened", "very_frightened"})
OUTSIDE_WORK = frozenset({"home", "outside_work"})
FOLLOWING = "following_outside_work"
ONLINE_TO_OFFLINE = "online_to_offline"
# Two different signs of escalation at once: see the module's docstring.
SEVERAL_SIGNALS = 2

BEHAVIOUR, SCREENING, HOME, IN_PERSON, FEAR, AFTER_WARNING, SEVERAL = (
    "behaviour",
    "screening",
    "home_or_outside_work",
    "online_to_in_person",
    "fear_of_violence",
    "contact_after_warning",
    "several_signals",
)
CODES = (BEHAVIOUR, SCREENING, HOME, IN_PERSON, FEAR, AFTER_WARNING, SEVERAL)
TITLES = {
    BEHAVIOUR: "The behaviour recorded makes the case at least {level} risk",
    SCREENING: "The latest risk screening suggests {level} risk",
    HOME: "The behaviour has reached the employee's home or followed them outside work",
    IN_PERSON: "The person has turned up or made contact in person after contact online",
    FEAR: "The employee fears violence",
    AFTER_WARNING: "The person made contact after a warning or restriction",
    SEVERAL: "Several signs of escalation have been raised",
}


@dataclass(frozen=True)
class Warned:
    """A warning or restriction given: a front-desk restriction's warning, or a
    warning or restriction decided under the Unacceptable Actions policy."""

    source: str  # "restriction" | "policy" | "order" (a court order or police warning)
    record_id: int
    person_id: int | None  # a policy decision names no one: it covers anyone on the case
    on: datetime.date

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "id": self.record_id,
            "person": self.person_id,
            "on": self.on.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Warned":
        return cls(data["source"], data["id"], data["person"], datetime.date.fromisoformat(data["on"]))


@dataclass(frozen=True)
class Attempt:
    """A contact attempt the front desk logged for a person under a restriction's
    warning that did not become an incident on the case (before the restriction
    was confirmed)."""

    attempt_id: int
    person_id: int
    on: datetime.date
    how: str  # frontdesk How

    def to_json(self) -> dict:
        return {"id": self.attempt_id, "person": self.person_id, "on": self.on.isoformat(), "how": self.how}

    @classmethod
    def from_json(cls, data: dict) -> "Attempt":
        return cls(data["id"], data["person"], datetime.date.fromisoformat(data["on"]), data["how"])


@dataclass(frozen=True)
class Screened:
    """The latest screening, in the two answers the rule reads."""

    screening_id: int
    fear: str
    suggested: str
    on: datetime.date

    def to_json(self) -> dict:
        return {
            "id": self.screening_id,
            "fear": self.fear,
            "suggested": self.suggested,
            "on": self.on.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Screened | None":
        if not data:
            return None
        return cls(data["id"], data["fear"], data["suggested"], datetime.date.fromisoformat(data["on"]))


@dataclass(frozen=True)
class Reason:
    """One thing in the record that raises the proposal, and the incidents behind it."""

    code: str
    level: str
    incident_ids: tuple[int, ...] = ()
    # What else drove it: the screening, the warnings, the signals counted.
    screening_id: int | None = None
    warnings: tuple[str, ...] = ()  # "restriction:12", "policy:3"
    signal_codes: tuple[str, ...] = ()
    attempts: tuple[int, ...] = ()  # front-desk contact attempts (Attempt ids)

    @property
    def title(self) -> str:
        return TITLES[self.code].format(level=levels.NAMES[self.level].lower())

    @property
    def signal_titles(self) -> list[str]:
        return [signals.TITLES[code] for code in self.signal_codes]

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "level": self.level,
            "incident_ids": list(self.incident_ids),
            "screening": self.screening_id,
            "warnings": list(self.warnings),
            "signals": list(self.signal_codes),
            "attempts": list(self.attempts),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Reason":
        return cls(
            code=data["code"],
            level=data["level"],
            incident_ids=tuple(data["incident_ids"]),
            screening_id=data["screening"],
            warnings=tuple(data["warnings"]),
            signal_codes=tuple(data["signals"]),
            attempts=tuple(data.get("attempts", ())),
        )


@dataclass(frozen=True)
class Proposal:
    level: str
    reasons: tuple[Reason, ...]


def _ids(facts) -> tuple[int, ...]:
    return tuple(sorted({f.incident_id for f in facts}))


def _ordered(facts):
    return sorted(facts, key=lambda f: f.sort_key)


def behaviour_floor(facts) -> Reason | None:
    """The guidance's floor: the incidents whose behaviour makes the case at least medium."""
    floor = levels.floor_for(code for f in facts for code in f.behaviours)
    if floor == levels.LOW:
        return None
    behind = [
        f
        for f in facts
        if any(
            levels.RANK[taxonomy.BY_CODE[c].min_risk] >= levels.RANK[levels.MEDIUM]
            for c in f.behaviours
            if c in taxonomy.BY_CODE
        )
    ]
    return Reason(BEHAVIOUR, floor, _ids(behind))


def screening_suggests(screened: Screened | None) -> Reason | None:
    if screened is None or screened.suggested == levels.LOW:
        return None
    return Reason(SCREENING, screened.suggested, screening_id=screened.screening_id)


def home_or_outside_work(facts) -> Reason | None:
    behind = [f for f in facts if f.location in OUTSIDE_WORK or FOLLOWING in f.behaviours]
    return Reason(HOME, levels.MEDIUM, _ids(behind)) if behind else None


def online_to_in_person(facts) -> Reason | None:
    """Recorded as using what was found online, or the same person online first
    and in person later: their first online incident and every in-person one after it."""
    behind = {f for f in facts if ONLINE_TO_OFFLINE in f.behaviours}
    first_online = {}
    for fact in _ordered(facts):
        shape = fact.as_signal_fact()
        if fact.person_id is None:
            continue
        if shape.online and fact.person_id not in first_online:
            first_online[fact.person_id] = fact
        elif shape.in_person and fact.person_id in first_online:
            behind |= {first_online[fact.person_id], fact}
    return Reason(IN_PERSON, levels.MEDIUM, _ids(behind)) if behind else None


def fear_of_violence(facts, screened: Screened | None) -> Reason | None:
    behind = [f for f in facts if FEAR_OF_VIOLENCE in f.impacts]
    frightened = screened is not None and screened.fear in FRIGHTENED
    if not behind and not frightened:
        return None
    return Reason(
        FEAR, levels.MEDIUM, _ids(behind), screening_id=screened.screening_id if frightened else None
    )


def contact_after_warning(
    facts, warnings: Sequence[Warned], attempts: Sequence[Attempt] = ()
) -> Reason | None:
    """Incidents the front desk logged as contact after a restriction, incidents
    dated after a warning by the person warned (or by someone not named, who may
    be), and the front desk's contact attempts by the person warned after it."""
    behind, used, tried = set(), set(), set()
    for attempt in attempts:
        for warned in warnings:
            if warned.person_id == attempt.person_id and attempt.on > warned.on:
                tried.add(attempt.attempt_id)
                used.add(f"{warned.source}:{warned.record_id}")
    for fact in facts:
        if fact.after_restriction:
            behind.add(fact)
        for warned in warnings:
            same = warned.person_id is None or fact.person_id is None or fact.person_id == warned.person_id
            if same and fact.occurred_on > warned.on:
                behind.add(fact)
                used.add(f"{warned.source}:{warned.record_id}")
    if not behind and not tried:
        return None
    return Reason(
        AFTER_WARNING,
        levels.MEDIUM,
        _ids(behind),
        warnings=tuple(sorted(used)),
        attempts=tuple(sorted(tried)),
    )


def _frequency_prefix(by_id, window_days: int) -> int | None:
    """The largest n such that the first n incidents added raised "more frequent"."""
    window = datetime.timedelta(days=window_days)
    dates: list[datetime.date] = []
    found = None
    for n, fact in enumerate(by_id, start=1):
        bisect.insort(dates, fact.occurred_on)
        end = dates[-1]
        below_recent = bisect.bisect_right(dates, end - window)
        below_previous = bisect.bisect_right(dates, end - 2 * window)
        recent = len(dates) - below_recent
        previous = below_recent - below_previous
        if recent >= 2 and below_recent and recent > previous:
            found = n
    return found


def _severity_prefix(by_id) -> int | None:
    """The largest n such that the first n incidents added raised "more serious":
    the earliest of them (in the signals' order: day, then id) was less serious
    than the worst of them."""
    first, worst, found = None, 0, None
    for n, fact in enumerate(by_id, start=1):
        if first is None or (fact.occurred_on, fact.incident_id) < (first.occurred_on, first.incident_id):
            first = fact
        worst = max(worst, fact.severity)
        if first.severity < worst:
            found = n
    return found


def signs_shown(facts, *, window_days: int, warned_on: datetime.date | None) -> list[signals.Signal]:
    """The escalation signals raised on the record now, and those that were raised
    at some point as it grew (a rise in frequency or seriousness that has since
    levelled off), each with the incidents it named when last raised."""
    facts = list(facts)
    shown = {
        s.code: s
        for s in signals.raised(
            [f.as_signal_fact() for f in facts], window_days=window_days, warned_on=warned_on
        )
    }
    by_id = sorted(facts, key=lambda f: f.incident_id)
    earlier = {
        signals.FREQUENCY: lambda: _frequency_prefix(by_id, window_days),
        signals.SEVERITY: lambda: _severity_prefix(by_id),
    }
    rules = {
        signals.FREQUENCY: lambda found: signals.frequency_rising(found, window_days),
        signals.SEVERITY: signals.severity_rising,
    }
    for code, prefix in earlier.items():
        if code in shown:
            continue
        n = prefix()
        signal = rules[code]([f.as_signal_fact() for f in by_id[:n]]) if n is not None else None
        if signal is not None:  # always, when n is found: the prefix is the one that raised it
            shown[code] = signal
    return sorted(shown.values(), key=lambda s: list(signals.TITLES).index(s.code))


def several_signals(shown: Iterable[signals.Signal]) -> Reason | None:
    shown = list(shown)
    if len({s.code for s in shown}) < SEVERAL_SIGNALS:
        return None
    incident_ids = tuple(sorted({i for s in shown for i in s.incident_ids}))
    return Reason(SEVERAL, levels.MEDIUM, incident_ids, signal_codes=tuple(s.code for s in shown))


def propose(
    facts: Iterable,
    *,
    window_days: int,
    warnings: Sequence[Warned] = (),
    screened: Screened | None = None,
    attempts: Sequence[Attempt] = (),
) -> Proposal:
    """The level Harbour proposes for the whole record, and every reason for it.
    `facts` are risk.state Facts (any order)."""
    facts = list(facts)
    warned_on = min((w.on for w in warnings), default=None)
    found = (
        behaviour_floor(facts),
        screening_suggests(screened),
        home_or_outside_work(facts),
        online_to_in_person(facts),
        fear_of_violence(facts, screened),
        contact_after_warning(facts, warnings, attempts),
        several_signals(signs_shown(facts, window_days=window_days, warned_on=warned_on)),
    )
    reasons = tuple(r for r in found if r is not None)
    level = levels.LOW
    for reason in reasons:
        level = levels.higher(level, reason.level)
    return Proposal(level, reasons)

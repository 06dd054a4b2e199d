"""Escalation signals: plain functions over the incident record. Stalking tends
to escalate; each function looks for one named sign of it and, when raised,
names the incidents behind it. No database here: callers pass Facts."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

WORK = frozenset({"on_site", "near_site"})
STREET_OR_HOME = frozenset({"outside_work", "home"})
PHYSICAL = WORK | STREET_OR_HOME
ONLINE_CHANNELS = frozenset({"social_media", "email", "text_message"})
DANGER = frozenset({"threats", "physical_violence", "property_damage"})

FREQUENCY, SEVERITY, CROSSING, ONLINE_TO_PERSON, AFTER_WARNING, DANGER_SIGNAL = (
    "frequency_rising",
    "severity_rising",
    "street_or_home",
    "online_to_in_person",
    "contact_after_warning",
    "threats_or_damage",
)
TITLES = {
    FREQUENCY: "Incidents are becoming more frequent",
    SEVERITY: "Incidents are becoming more serious",
    CROSSING: "The behaviour has moved into the street or the employee's home",
    ONLINE_TO_PERSON: "Contact has moved from online to in person",
    AFTER_WARNING: "Contact after a warning or restriction",
    DANGER_SIGNAL: "Threats, violence or damage to property",
}


@dataclass(frozen=True)
class Fact:
    incident_id: int
    occurred_on: datetime.date
    location: str
    channel: str
    behaviours: frozenset
    severity: int

    @property
    def in_person(self) -> bool:
        return self.channel == "in_person" and self.location in PHYSICAL

    @property
    def online(self) -> bool:
        return self.location == "online" or self.channel in ONLINE_CHANNELS


@dataclass(frozen=True)
class Signal:
    code: str
    incident_ids: tuple[int, ...]

    @property
    def title(self) -> str:
        return TITLES[self.code]


def _ordered(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.occurred_on, f.incident_id))


def _signal(code: str, facts) -> Signal:
    return Signal(code, tuple(sorted({f.incident_id for f in facts})))


def frequency_rising(facts: Iterable[Fact], window_days: int) -> Signal | None:
    """More incidents in the latest window than in the one before it (at least
    two), when there is history before the latest window to rise from."""
    ordered = _ordered(facts)
    if not ordered:
        return None
    end = ordered[-1].occurred_on
    window = datetime.timedelta(days=window_days)
    recent = [f for f in ordered if end - window < f.occurred_on <= end]
    previous = [f for f in ordered if end - 2 * window < f.occurred_on <= end - window]
    earlier = [f for f in ordered if f.occurred_on <= end - window]
    if len(recent) >= 2 and earlier and len(recent) > len(previous):
        return _signal(FREQUENCY, recent)
    return None


def severity_rising(facts: Iterable[Fact]) -> Signal | None:
    """The latest incident that was more serious than everything before it."""
    ordered = _ordered(facts)
    worst, worst_facts, raised = 0, [], None
    for index, fact in enumerate(ordered):
        if index and fact.severity > worst:
            raised = _signal(SEVERITY, [*worst_facts, fact])
        if fact.severity > worst:
            worst, worst_facts = fact.severity, [fact]
        elif fact.severity == worst:
            worst_facts.append(fact)
    return raised


def street_or_home(facts: Iterable[Fact]) -> Signal | None:
    """The first incident in the street or at home after behaviour elsewhere."""
    ordered = _ordered(facts)
    for index, fact in enumerate(ordered):
        before = [f for f in ordered[:index] if f.location not in STREET_OR_HOME]
        if fact.location in STREET_OR_HOME and before:
            return _signal(CROSSING, [before[0], fact])
    return None


def online_to_in_person(facts: Iterable[Fact]) -> Signal | None:
    """The first in-person incident after contact online."""
    ordered = _ordered(facts)
    for index, fact in enumerate(ordered):
        online_before = [f for f in ordered[:index] if f.online]
        if fact.in_person and online_before:
            return _signal(ONLINE_TO_PERSON, [online_before[0], fact])
    return None


def contact_after_warning(facts: Iterable[Fact], warned_on: datetime.date | None) -> Signal | None:
    """Any incident after the date a warning or restriction was given."""
    if warned_on is None:
        return None
    after = [f for f in facts if f.occurred_on > warned_on]
    return _signal(AFTER_WARNING, after) if after else None


def threats_or_damage(facts: Iterable[Fact]) -> Signal | None:
    dangerous = [f for f in facts if f.behaviours & DANGER]
    return _signal(DANGER_SIGNAL, dangerous) if dangerous else None


def raised(
    facts: Iterable[Fact], *, window_days: int, warned_on: datetime.date | None = None
) -> list[Signal]:
    facts = list(facts)
    found = (
        frequency_rising(facts, window_days),
        severity_rising(facts),
        street_or_home(facts),
        online_to_in_person(facts),
        contact_after_warning(facts, warned_on),
        threats_or_damage(facts),
    )
    return [signal for signal in found if signal is not None]

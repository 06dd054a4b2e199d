"""The current account of an incident: the original entry with its amendments
applied in order. Nothing here writes; services.py records amendments."""

import datetime
from dataclasses import dataclass, field

from harbour.cases.models import Incident

# Fields a correction may change. Who recorded it, when, and for which case never change.
AMENDABLE_FIELDS = (
    "employee",
    "person",
    "occurred_on",
    "occurred_time",
    "time_is_approximate",
    "location",
    "location_detail",
    "channel",
    "behaviours",
    "account",
    "person_description",
    "clothing",
    "vehicle",
    "witnesses",
    "impacts",
    "impact_detail",
    "others_told",
    "reported_to_police",
    "crime_reference",
    "police_officer",
    "action_taken",
)
_FOREIGN_KEYS = {"employee", "person"}


def to_json(name: str, value):
    """A field's value in the form stored in an amendment."""
    if name in _FOREIGN_KEYS:
        return getattr(value, "pk", value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(timespec="minutes") if isinstance(value, datetime.time) else value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(value)
    return value


def from_json(name: str, value):
    if value is None:
        return None
    if name == "occurred_on":
        return datetime.date.fromisoformat(value)
    if name == "occurred_time":
        return datetime.time.fromisoformat(value)
    return value


def original_values(incident: Incident) -> dict:
    values = {}
    for name in AMENDABLE_FIELDS:
        attribute = f"{name}_id" if name in _FOREIGN_KEYS else name
        values[name] = to_json(name, getattr(incident, attribute))
    return values


@dataclass
class IncidentRecord:
    """An incident as it stands now. `values` hold JSON-safe forms (ids for people)."""

    incident: Incident
    values: dict
    amended_fields: set = field(default_factory=set)

    def __getattr__(self, name):
        values = self.__dict__.get("values", {})
        if name in values:
            return from_json(name, values[name])
        raise AttributeError(name)

    @property
    def pk(self) -> int:
        return self.incident.pk

    @property
    def occurred_sort_key(self):
        return (self.occurred_on, self.occurred_time or datetime.time.min, self.incident.recorded_at, self.pk)


def current(incident: Incident) -> IncidentRecord:
    """Apply amendments oldest first. Prefetch `amendments` when doing this for many."""
    values = original_values(incident)
    amended = set()
    for amendment in incident.amendments.all():
        for name, change in amendment.changes.items():
            if name in values:
                values[name] = change["to"]
                amended.add(name)
    return IncidentRecord(incident=incident, values=values, amended_fields=amended)


def current_all(incidents) -> list[IncidentRecord]:
    records = [current(incident) for incident in incidents]
    records.sort(key=lambda record: record.occurred_sort_key)
    return records


def changes_between(before: dict, after: dict) -> dict:
    return {
        name: {"from": before[name], "to": after[name]}
        for name in AMENDABLE_FIELDS
        if name in after and after[name] != before[name]
    }

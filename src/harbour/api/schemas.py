import datetime

from ninja import Field, Schema

from harbour import limits
from harbour.api.types import LEFT_AS_IT_IS, ClockTime, Day, Flag, Id, Input, codes, model_text, one_of, text
from harbour.cases import taxonomy
from harbour.cases.models import Channel, Impact, Incident, Location, PersonOfConcern, Relationship

__all__ = ["Id"]  # routers take the id type from here, beside the schemas

# Longest list of ids one request may name: far beyond a real case, and a bound.
MANY = 100


class BehaviourOut(Schema):
    code: str
    group: str
    group_name: str
    name: str
    explanation: str
    severity: int
    min_risk: str


class StaffRef(Schema):
    id: int
    name: str


class PersonIn(Input):
    relationship: one_of(Relationship) = Relationship.UNKNOWN.value
    name: model_text(PersonOfConcern, "name") = ""
    aliases: model_text(PersonOfConcern, "aliases") = ""
    description: text(limits.TEXT) = ""
    vehicle: model_text(PersonOfConcern, "vehicle") = ""
    context: text(limits.TEXT) = ""


class PersonCreateIn(PersonIn):
    school_id: Id | None = None
    case_id: Id | None = None


class PersonOut(Schema):
    id: int
    school_id: int
    relationship: str
    name: str
    aliases: str
    description: str
    vehicle: str
    context: str


class CaseIn(Input):
    employee_ids: list[Id] = Field(..., min_length=1, max_length=MANY)
    owner_id: Id
    person_ids: list[Id] = Field([], max_length=MANY)


class CaseOut(Schema):
    id: int
    reference: str
    school_id: int
    status: str
    opened_at: datetime.datetime
    status_changed_at: datetime.datetime
    owner: StaffRef
    employees: list[StaffRef]
    people: list[PersonOut]
    incident_count: int


Behaviours = codes(taxonomy.BY_CODE, min_length=1)
Impacts = codes(Impact)


class IncidentIn(Input):
    employee_id: Id | None = None
    person_id: Id | None = None
    occurred_on: Day
    occurred_time: ClockTime | None = None
    time_is_approximate: Flag = False
    location: one_of(Location)
    location_detail: model_text(Incident, "location_detail") = ""
    channel: one_of(Channel)
    behaviours: Behaviours
    account: text(limits.TEXT)
    person_description: text(limits.TEXT) = ""
    clothing: model_text(Incident, "clothing") = ""
    vehicle: model_text(Incident, "vehicle") = ""
    witnesses: text(limits.TEXT) = ""
    impacts: Impacts = []
    impact_detail: text(limits.TEXT) = ""
    others_told: text(limits.TEXT) = ""
    reported_to_police: Flag = False
    crime_reference: model_text(Incident, "crime_reference") = ""
    police_officer: model_text(Incident, "police_officer") = ""
    action_taken: text(limits.TEXT) = ""


class IncidentChangesIn(Input):
    """The amendable fields (records.AMENDABLE_FIELDS), each optional: only those
    sent are changed. `employee` and `person` are ids; `person` null is "not known"."""

    employee: Id = LEFT_AS_IT_IS
    person: Id | None = LEFT_AS_IT_IS
    occurred_on: Day = LEFT_AS_IT_IS
    occurred_time: ClockTime | None = LEFT_AS_IT_IS
    time_is_approximate: Flag = LEFT_AS_IT_IS
    location: one_of(Location) = LEFT_AS_IT_IS
    location_detail: model_text(Incident, "location_detail") = LEFT_AS_IT_IS
    channel: one_of(Channel) = LEFT_AS_IT_IS
    behaviours: Behaviours = LEFT_AS_IT_IS
    account: text(limits.TEXT) = LEFT_AS_IT_IS
    person_description: text(limits.TEXT) = LEFT_AS_IT_IS
    clothing: model_text(Incident, "clothing") = LEFT_AS_IT_IS
    vehicle: model_text(Incident, "vehicle") = LEFT_AS_IT_IS
    witnesses: text(limits.TEXT) = LEFT_AS_IT_IS
    impacts: Impacts = LEFT_AS_IT_IS
    impact_detail: text(limits.TEXT) = LEFT_AS_IT_IS
    others_told: text(limits.TEXT) = LEFT_AS_IT_IS
    reported_to_police: Flag = LEFT_AS_IT_IS
    crime_reference: model_text(Incident, "crime_reference") = LEFT_AS_IT_IS
    police_officer: model_text(Incident, "police_officer") = LEFT_AS_IT_IS
    action_taken: text(limits.TEXT) = LEFT_AS_IT_IS


class AmendmentIn(Input):
    reason: text(limits.REASON)
    changes: IncidentChangesIn = Field(..., description="The fields to correct, with their new values.")


class AmendmentOut(Schema):
    id: int
    at: datetime.datetime
    by: str
    reason: str
    changes: dict


class IncidentOut(Schema):
    id: int
    case_id: int
    recorded_at: datetime.datetime
    recorded_by: str
    current: dict
    original: dict
    amended_fields: list[str]
    amendments: list[AmendmentOut]


class CourseOut(Schema):
    person_id: int
    employee_id: int
    meets_test: bool
    met_on: datetime.date | None
    first_date: datetime.date
    last_date: datetime.date
    incident_ids: list[int]
    long_gaps: list[dict]


class ConductOut(Schema):
    met: bool
    gap_days: int
    courses: list[CourseOut]
    several_staff: list[dict]
    not_counted: list[int]

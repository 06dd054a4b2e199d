import datetime
from typing import Annotated

from ninja import Field, Schema

# Ids the database can hold; anything else is a 422, never a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


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


class PersonIn(Schema):
    relationship: str = "unknown"
    name: str = ""
    aliases: str = ""
    description: str = ""
    vehicle: str = ""
    context: str = ""


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


class CaseIn(Schema):
    employee_ids: list[Id] = Field(..., min_length=1)
    owner_id: Id
    person_ids: list[Id] = []


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


class IncidentIn(Schema):
    employee_id: Id | None = None
    person_id: Id | None = None
    occurred_on: datetime.date
    occurred_time: datetime.time | None = None
    time_is_approximate: bool = False
    location: str
    location_detail: str = ""
    channel: str
    behaviours: list[str]
    account: str
    person_description: str = ""
    clothing: str = ""
    vehicle: str = ""
    witnesses: str = ""
    impacts: list[str] = []
    impact_detail: str = ""
    others_told: str = ""
    reported_to_police: bool = False
    crime_reference: str = ""
    police_officer: str = ""
    action_taken: str = ""


class AmendmentIn(Schema):
    reason: str
    changes: dict[str, object] = Field(..., description="Field name to new value, for any amendable field.")


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

"""The rules of an observation, as plain functions of plain values (no database):
what may be filed, what it means once accepted, and that until then it counts for
nothing. services.py applies them; tests/observations/test_rules.py tries them."""

import datetime
from dataclasses import dataclass

from harbour.cases import taxonomy
from harbour.cases.models import Channel, Location
from harbour.observations.models import Kind, Status

# Each kind, as the behaviour of the guidance it is an instance of. "Something else"
# has none: the employee says which behaviour it was when they accept it.
KIND_BEHAVIOUR = {
    Kind.ASKED_ABOUT: "asking_colleagues",
    Kind.SEEKING_OUT: "seeking_out",
    Kind.ASKED_BY_NAME: "fixation_on_employee",
    Kind.COMMENTS: "comments_on_appearance",
}

# How the contact reached the employee when it happened in a place of this kind.
LOCATION_CHANNEL = {
    Location.PHONE: Channel.PHONE_CALL,
    Location.ONLINE: Channel.SOCIAL_MEDIA,
    Location.POST: Channel.LETTER,
}


def counts(status: str) -> bool:
    """Whether an observation is part of anyone's record: only once the employee
    accepted it (and then as the incident it became). Awaiting and declined
    observations count towards no signal, risk, statistic, pack or export."""
    return status == Status.ACCEPTED


def can_decide(status: str) -> bool:
    """The employee decides once; a decision is never overwritten."""
    return status == Status.AWAITING


def behaviour_for(kind: str, chosen: str | None = None) -> str | None:
    """The behaviour code the incident records: the kind's own, or for "something
    else" the one the employee chose from the guidance's list."""
    if kind in KIND_BEHAVIOUR:
        return KIND_BEHAVIOUR[kind]
    return chosen if chosen in taxonomy.BY_CODE else None


def channel_for(kind: str, location: str) -> str:
    """Asking colleagues about someone reaches them through other people; anything
    else in the way the place says (a call, online, post), or in person."""
    if kind == Kind.ASKED_ABOUT:
        return Channel.THIRD_PARTY
    return LOCATION_CHANNEL.get(location, Channel.IN_PERSON)


@dataclass(frozen=True)
class Filing:
    """What a filer is asking to file, as plain values."""

    filer_staff_id: int
    filer_school_id: int
    about_staff_id: int
    about_school_id: int
    about_active: bool
    kind: str
    description: str
    seen_on: datetime.date
    location: str
    person_description: str
    person_school_id: int | None = None


def filing_errors(filing: Filing, *, today: datetime.date) -> dict[str, str]:
    """Problems with a filing, by field; empty if it may be filed."""
    errors = {}
    if filing.about_staff_id == filing.filer_staff_id:
        errors["about"] = "Choose a colleague. To record something that happened to you, use your diary."
    elif filing.about_school_id != filing.filer_school_id or not filing.about_active:
        errors["about"] = "Choose a member of staff at your school."
    if filing.kind not in Kind.values:
        errors["kind"] = "Choose what you saw or heard."
    if not filing.description.strip():
        errors["description"] = "Say briefly what you saw or heard."
    if filing.seen_on > today:
        errors["seen_on"] = "The date must be today or in the past."
    if filing.location not in Location.values:
        errors["location"] = "Choose where it happened."
    if filing.person_school_id is not None and filing.person_school_id != filing.about_school_id:
        errors["person"] = "Choose a person recorded for this school."
    if filing.person_school_id is None and not filing.person_description.strip():
        errors["person_description"] = "Describe the person, for example what they looked like or said."
    return errors


def case_owner(line_manager_id: int | None, head_ids: list[int]) -> int | None:
    """Who owns a case opened when an employee accepts an observation: their line
    manager, as for any case, else the school's headteacher (the first, by id)."""
    if line_manager_id is not None:
        return line_manager_id
    return min(head_ids) if head_ids else None


def account(description: str, source: str, filer_name: str) -> str:
    """The incident's account: what was written, saying who reported it."""
    by = "the front desk" if source == "front_desk" else "a colleague"
    return f"Reported by {by} ({filer_name}): {description.strip()}"

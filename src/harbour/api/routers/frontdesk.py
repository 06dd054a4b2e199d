"""Reception's alerts and contact attempts; warnings and restrictions on a case."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.pagination import PageIn, answer, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.types import Day, Flag, Id, Input, answers, one_of, text
from harbour.cases import services as case_services
from harbour.frontdesk import selectors, services
from harbour.frontdesk.models import How, RestrictionKind

router = Router(tags=["front desk"])
restrictions_router = Router(tags=["restrictions"])


class AlertOut(Schema):
    person_id: int
    name: str
    aliases: str
    description: str
    vehicle: str
    instructions: list[str]
    restrictions: list[str]
    # Kinds of court order or police warning in force: never their conditions, reference or court.
    orders: list[str]


class AttemptIn(Input):
    how: one_of(How) = How.IN_PERSON.value


class AttemptOut(Schema):
    id: int
    at: datetime.datetime
    how: str


class RestrictionOut(Schema):
    id: int
    person_id: int
    kind: str
    details: str
    reason: str
    warned_on: datetime.date
    representations_by: datetime.date
    representations: str
    representations_on: datetime.date | None
    stage: str
    decided_on: datetime.date | None
    decision_reason: str
    review_on: datetime.date | None


class WarningIn(Input):
    person_id: Id
    kind: one_of(RestrictionKind)
    reason: text(limits.TEXT)
    details: text(limits.TEXT) = ""
    warned_on: Day
    representations_by: Day


class RepresentationsIn(Input):
    representations: text(limits.TEXT)
    representations_on: Day


class DecisionIn(Input):
    confirm: Flag
    reason: text(limits.REASON)
    review_on: Day | None = None


# A search of names: longer than any name, and never a database error.
Search = text(100)


@router.get("/alerts", response=answers(paged(AlertOut), 404, 422))
def list_alerts(request, pages: Query[PageIn], q: Search = ""):
    """Active alerts in the caller's front-desk schools, by name; `q` matches a name,
    another name or the description."""
    schools = access.front_desk_schools(request.user)
    if not schools:
        raise Http404("No such page")
    people, count = page_of(selectors.alert_matches(schools, q), pages)
    return {"items": selectors.alerts_from(people), "count": count}


@router.post("/people/{person_id}/attempts", response=answers({201: AttemptOut}, 400, 404, 422))
def log_attempt(request, person_id: Id, payload: AttemptIn):
    person = access.get_alert_person(request.user, person_id)
    return Status(201, services.log_attempt(origin=origin(request), person=person, how=payload.how))


def _restricting(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_restrict(request.user, case):
        raise PermissionDenied("Warnings and restrictions are the headteacher's decision.")
    return case


@restrictions_router.get("/{case_id}/restrictions", response=answers(paged(RestrictionOut), 404, 422))
def list_restrictions(request, case_id: Id, pages: Query[PageIn]):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="restriction.listed")
    return answer(case.restrictions.order_by("-warned_on", "-id"), pages)


@restrictions_router.post(
    "/{case_id}/restrictions", response=answers({201: RestrictionOut}, 400, 403, 404, 422)
)
def warn(request, case_id: Id, payload: WarningIn):
    case = _restricting(request, case_id)
    person = case.people.filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": "Use the id of a person linked to this case."})
    values = payload.dict(exclude={"person_id"})
    return Status(201, services.warn(origin=origin(request), case=case, person=person, values=values))


@restrictions_router.post(
    "/{case_id}/restrictions/{restriction_id}/representations",
    response=answers(RestrictionOut, 400, 403, 404, 422),
)
def representations(request, case_id: Id, restriction_id: Id, payload: RepresentationsIn):
    case = _restricting(request, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    return services.record_representations(
        origin=origin(request),
        restriction=restriction,
        text=payload.representations,
        received_on=payload.representations_on,
    )


@restrictions_router.post(
    "/{case_id}/restrictions/{restriction_id}/decision",
    response=answers(RestrictionOut, 400, 403, 404, 422),
)
def decide_restriction(request, case_id: Id, restriction_id: Id, payload: DecisionIn):
    case = _restricting(request, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    return services.decide(
        origin=origin(request),
        restriction=restriction,
        confirm=payload.confirm,
        reason=payload.reason,
        review_on=payload.review_on,
    )

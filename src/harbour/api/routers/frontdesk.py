"""Reception's alerts and contact attempts; warnings and restrictions on a case."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status

from harbour import access
from harbour.api.pagination import PageIn, answer, page_of, paged
from harbour.api.routers.common import origin
from harbour.cases import services as case_services
from harbour.frontdesk import selectors, services

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


class AttemptIn(Schema):
    how: str = "in_person"


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


class WarningIn(Schema):
    person_id: int
    kind: str
    reason: str
    details: str = ""
    warned_on: datetime.date
    representations_by: datetime.date


class RepresentationsIn(Schema):
    representations: str
    representations_on: datetime.date


class DecisionIn(Schema):
    confirm: bool
    reason: str
    review_on: datetime.date | None = None


@router.get("/alerts", response=paged(AlertOut))
def list_alerts(request, pages: Query[PageIn], q: str = ""):
    """Active alerts in the caller's front-desk schools, by name; `q` matches a name,
    another name or the description."""
    schools = access.front_desk_schools(request.user)
    if not schools:
        raise Http404("No such page")
    people, count = page_of(selectors.alert_matches(schools, q[:100]), pages)
    return {"items": selectors.alerts_from(people), "count": count}


@router.post("/people/{person_id}/attempts", response={201: AttemptOut})
def log_attempt(request, person_id: int, payload: AttemptIn):
    person = access.get_alert_person(request.user, person_id)
    return Status(201, services.log_attempt(origin=origin(request), person=person, how=payload.how))


def _restricting(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_restrict(request.user, case):
        raise PermissionDenied("Warnings and restrictions are the headteacher's decision.")
    return case


@restrictions_router.get("/{case_id}/restrictions", response=paged(RestrictionOut))
def list_restrictions(request, case_id: int, pages: Query[PageIn]):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="restriction.listed")
    return answer(case.restrictions.order_by("-warned_on", "-id"), pages)


@restrictions_router.post("/{case_id}/restrictions", response={201: RestrictionOut})
def warn(request, case_id: int, payload: WarningIn):
    case = _restricting(request, case_id)
    person = case.people.filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": "Use the id of a person linked to this case."})
    values = payload.dict(exclude={"person_id"})
    return Status(201, services.warn(origin=origin(request), case=case, person=person, values=values))


@restrictions_router.post("/{case_id}/restrictions/{restriction_id}/representations", response=RestrictionOut)
def representations(request, case_id: int, restriction_id: int, payload: RepresentationsIn):
    case = _restricting(request, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    return services.record_representations(
        origin=origin(request),
        restriction=restriction,
        text=payload.representations,
        received_on=payload.representations_on,
    )


@restrictions_router.post("/{case_id}/restrictions/{restriction_id}/decision", response=RestrictionOut)
def decide_restriction(request, case_id: int, restriction_id: int, payload: DecisionIn):
    case = _restricting(request, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    return services.decide(
        origin=origin(request),
        restriction=restriction,
        confirm=payload.confirm,
        reason=payload.reason,
        review_on=payload.review_on,
    )

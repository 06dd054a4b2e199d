"""Court orders and police warnings on a case, and the possible breaches that
reception's contact attempts raise. The same services and selectors as the pages;
reception reads only the kinds of order in force, in its alerts (front desk)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.types import Day, Id, Input, answers, model_text, one_of, text
from harbour.cases import services as case_services
from harbour.orders import rules, selectors, services
from harbour.orders.models import BreachReport, OrderKind, OrderVersion

router = Router(tags=["court orders and police warnings"])
breaches_router = Router(tags=["court orders and police warnings"])


class TermsIn(Input):
    """The terms of an order: what a new order and each new version give."""

    kind: one_of(OrderKind)
    conditions: text(limits.TEXT, min_length=1)
    made_on: Day
    starts_on: Day | None = None
    expires_on: Day | None = None
    issued_by: model_text(OrderVersion, "issued_by", min_length=1)
    reference: model_text(OrderVersion, "reference") = ""


class OrderIn(TermsIn):
    person_id: Id


class AmendmentIn(TermsIn):
    change_note: text(limits.REASON, min_length=1)


class VersionOut(Schema):
    number: int
    kind: one_of(OrderKind)
    conditions: str
    made_on: datetime.date
    starts_on: datetime.date
    expires_on: datetime.date | None
    issued_by: str
    reference: str
    change_note: str
    recorded_at: datetime.datetime


class OrderOut(Schema):
    id: int
    person_id: int
    status: one_of(rules.STATUS_NAMES)
    current: VersionOut


class OrderDetailOut(OrderOut):
    versions: list[VersionOut]


class ReportIn(Input):
    police_reference: model_text(BreachReport, "police_reference", min_length=1)
    reported_on: Day
    note: text(limits.NOTE) = ""


class ReportOut(Schema):
    id: int
    police_reference: str
    reported_on: datetime.date
    note: str
    recorded_at: datetime.datetime


class BreachOut(Schema):
    id: int
    case_id: int
    order_id: int
    version_number: int
    attempt_at: datetime.datetime
    attempt_how: str
    flagged_at: datetime.datetime
    police_reference: str | None
    reports: list[ReportOut]


def _order_out(version, day) -> dict:
    return {
        "id": version.order_id,
        "person_id": version.order.person_id,
        "status": rules.status_on(version, day),
        "current": version,
    }


def _breach_out(breach) -> dict:
    reports = list(breach.reports.all())
    return {
        "id": breach.pk,
        "case_id": breach.case_id,
        "order_id": breach.order_id,
        "version_number": breach.version.number,
        "attempt_at": breach.attempt.at,
        "attempt_how": breach.attempt.how,
        "flagged_at": breach.flagged_at,
        "police_reference": reports[0].police_reference if reports else None,
        "reports": reports,
    }


def _recording(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_record_order(request.user, case):
        raise PermissionDenied("Orders are recorded by the case owner or the headteacher, on an open case.")
    return case


@router.get("/{case_id}/orders", response=answers(paged(OrderOut), 404, 422))
def list_orders(request, case_id: Id, pages: Query[PageIn]):
    """The current terms of each order and police warning on the case, newest first."""
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="order.listed")
    versions, count = page_of(selectors.orders_for_case(case), pages)
    today = timezone.localdate()
    return {"items": [_order_out(v, today) for v in versions], "count": count}


@router.post("/{case_id}/orders", response=answers({201: OrderDetailOut}, 400, 403, 404, 422))
def record_order(request, case_id: Id, payload: OrderIn):
    case = _recording(request, case_id)
    person = next((p for p in selectors.people_of(case) if p.pk == payload.person_id), None)
    if person is None:
        raise ValidationError({"person_id": "Use the id of a person linked to this case."})
    order = services.record_order(
        origin=origin(request), case=case, person=person, values=payload.dict(exclude={"person_id"})
    )
    return Status(201, _detail(order))


def _detail(order) -> dict:
    versions = selectors.versions_of(order)
    return {**_order_out(versions[0], timezone.localdate()), "versions": versions}


@router.get("/{case_id}/orders/{order_id}", response=answers(OrderDetailOut, 404, 422))
def read_order(request, case_id: Id, order_id: Id):
    case = access.get_case(request.user, case_id)
    order = access.get_order(request.user, case, order_id)
    case_services.record_view(origin=origin(request), case=case, obj=order, action="order.viewed")
    return _detail(order)


@router.post(
    "/{case_id}/orders/{order_id}/versions", response=answers({201: OrderDetailOut}, 400, 403, 404, 422)
)
def amend_order(request, case_id: Id, order_id: Id, payload: AmendmentIn):
    """New terms for an order: a new version; the earlier ones are kept."""
    case = access.get_case(request.user, case_id)
    order = access.get_order(request.user, case, order_id)
    if not access.can_record_order(request.user, case):
        raise PermissionDenied("Orders are recorded by the case owner or the headteacher, on an open case.")
    services.amend_order(origin=origin(request), order=order, values=payload.dict())
    return Status(201, _detail(order))


@router.get("/{case_id}/possible-breaches", response=answers(paged(BreachOut), 404, 422))
def list_case_breaches(request, case_id: Id, pages: Query[PageIn]):
    """Every possible breach on the case, newest first, with the police references given."""
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="order.breaches_listed")
    breaches, count = page_of(selectors.breaches_for_case(case), pages)
    return {"items": [_breach_out(b) for b in breaches], "count": count}


@router.post(
    "/{case_id}/possible-breaches/{breach_id}/police-reports",
    response=answers({201: BreachOut}, 400, 403, 404, 422),
)
def record_police_reference(request, case_id: Id, breach_id: Id, payload: ReportIn):
    case = access.get_case(request.user, case_id)
    breach = access.get_breach(request.user, case, breach_id)
    if not access.can_report_breach(request.user, case):
        raise PermissionDenied("The police reference is given by the case owner or the headteacher.")
    services.record_police_reference(origin=origin(request), breach=breach, values=payload.dict())
    return Status(201, _breach_out(access.get_breach(request.user, case, breach_id)))


@breaches_router.get("", response=answers(paged(BreachOut), 422))
def list_open_breaches(request, pages: Query[PageIn]):
    """Possible breaches still waiting for a police reference, on the cases the caller runs."""
    rows = selectors.open_breaches(access.breach_cases(request.user)).prefetch_related("reports")
    breaches, count = page_of(rows, pages)
    return {"items": [_breach_out(b) for b in breaches], "count": count}

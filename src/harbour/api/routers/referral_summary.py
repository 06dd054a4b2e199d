"""The referral summary for the police or a specialist stalking service, and the
employee's consent to share it, under /api/v1/: the same predicates, selectors
and services as the pages (referrals/summary_views.py). Without the employee's
standing consent for the recipient the summary is a 409 that says why (and what
to do in an emergency); outside the case, 404."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from harbour import access
from harbour.api.routers.common import origin, refuse_unknown_parameters
from harbour.api.types import Flag, Id, Input, answers, one_of
from harbour.cases import services as case_services
from harbour.referrals import consent, selectors, services, summary_pdf
from harbour.referrals.models import ConsentDecision, Recipient

router = Router(tags=["referral summary"])

RecipientCode = one_of(Recipient)
DecisionCode = one_of(ConsentDecision)
ONLY_THE_EMPLOYEE = "Only the employee the case is about says whether a summary of it may be shared."


class ConsentChoiceOut(Schema):
    id: int
    employee_id: int
    recipient: RecipientCode
    decision: DecisionCode
    at: datetime.datetime


class StandingOut(Schema):
    recipient: RecipientCode
    shares: bool = Field(..., description="Every employee of the case has said yes and not withdrawn it.")
    choices: list[ConsentChoiceOut] = Field(..., description="Each employee's standing choice.")
    missing_employee_ids: list[int]


class SharingConsentOut(Schema):
    standings: list[StandingOut]
    history: list[ConsentChoiceOut] = Field(
        ..., description=f"Every choice, newest first (at most {selectors.HISTORY_SHOWN})."
    )
    more: int = Field(..., description="Older choices not listed.")
    emergency: str


class ConsentIn(Input):
    recipient: RecipientCode
    consents: Flag = Field(..., description="true: yes; false: no (a withdrawal when consent stood).")


class SummaryQuery(Input):
    to: RecipientCode = Field(..., description="Who the summary is for.")


class DatedOut(Schema):
    code: str
    title: str
    dates: list[datetime.date]


class ConsentGivenOut(Schema):
    employee: str
    decision: str
    at: datetime.datetime


class PoliceOut(Schema):
    intends_to_report: str
    wants_support: bool
    reported_on: datetime.date | None
    crime_reference: str
    officer: str
    stalking_contact: str
    last_contact_on: datetime.date | None
    recorded_at: datetime.datetime


class RiskOut(Schema):
    decided: str
    decided_at: datetime.datetime | None
    decided_by: str
    decided_reason: str
    proposed: str
    reasons: list[DatedOut]


class AnswerOut(Schema):
    code: str
    question: str
    answer: str


class ScreeningOut(Schema):
    recorded_at: datetime.datetime
    recorded_by: str
    fear: str
    answers: list[AnswerOut]
    suggested: str
    context: str


class CourseOut(Schema):
    person: str
    employee: str
    count: int
    first: datetime.date
    last: datetime.date
    met_on: datetime.date | None
    meets_test: bool


class SeveralOut(Schema):
    person: str
    count: int


class ConductOut(Schema):
    courses: list[CourseOut]
    several_staff: list[SeveralOut]


class ChronologyOut(Schema):
    id: int
    on: datetime.date
    when: str
    behaviours: str
    where: str
    how: str
    person: str


class EmployeeOut(Schema):
    name: str
    job_title: str


class PersonOut(Schema):
    name: str
    aliases: str
    relationship: str


class RestrictionOut(Schema):
    person: str
    kind: str
    warned_on: datetime.date
    stage: str
    decided_on: datetime.date | None
    review_on: datetime.date | None


class OrderOut(Schema):
    kind: str
    person: str
    issued_by: str
    reference: str
    made_on: datetime.date
    starts_on: datetime.date
    expires_on: datetime.date | None
    status: str
    conditions: str


class ReferralSummaryOut(Schema):
    case_id: int
    reference: str
    school: str
    recipient: RecipientCode
    recipient_label: str
    prepared_by: str
    prepared_at: datetime.datetime
    consents: list[ConsentGivenOut]
    employees: list[EmployeeOut]
    people: list[PersonOut]
    police: PoliceOut | None
    crime_references: list[str]
    risk: RiskOut
    screening: ScreeningOut | None
    conduct: ConductOut
    signals: list[DatedOut]
    chronology: list[ChronologyOut]
    restrictions: list[RestrictionOut]
    orders: list[OrderOut] = Field(..., description="Court orders and police warnings, their current terms.")
    withheld_count: int = Field(..., description="Incidents left out at the employee's request.")


def _choice(row) -> dict:
    return {
        "id": row.pk,
        "employee_id": row.employee_id,
        "recipient": row.recipient,
        "decision": row.decision,
        "at": row.at,
    }


def _consent_out(case) -> dict:
    overview = selectors.consent_overview(case)
    return {
        "standings": [
            {
                "recipient": recipient,
                "shares": standing.shares,
                "choices": [_choice(row) for row in standing.choices],
                "missing_employee_ids": list(standing.missing),
            }
            for recipient, standing in overview.standings.items()
        ],
        "history": [_choice(row) for row in overview.history],
        "more": overview.more,
        "emergency": consent.EMERGENCY,
    }


def _consenting(request, case_id):
    case = access.get_case(request.user, case_id)
    employee = access.sharing_consent_employee(request.user, case)
    if employee is None:
        raise PermissionDenied(ONLY_THE_EMPLOYEE)
    return case, employee


@router.get("/{case_id}/sharing-consent", response=answers(SharingConsentOut, 403, 404, 422))
def read_sharing_consent(request, case_id: Id):
    """Where the employee's consent to share a referral summary stands, and every choice made."""
    case = access.get_case(request.user, case_id)
    if not access.sees_sharing_consent(request.user, case):
        raise PermissionDenied("Only the employee and those who make the referral summary see this.")
    return _consent_out(case)


@router.post("/{case_id}/sharing-consent", response=answers({201: ConsentChoiceOut}, 400, 403, 404, 422))
def record_sharing_consent(request, case_id: Id, payload: ConsentIn):
    """The employee's yes or no for one recipient, as a new row (no after yes withdraws)."""
    case, employee = _consenting(request, case_id)
    row = services.record_consent(
        origin=origin(request),
        case=case,
        employee=employee,
        recipient=payload.recipient,
        consents=payload.consents,
    )
    return Status(201, _choice(row))


@router.post(
    "/{case_id}/sharing-consent/{recipient}/withdrawal",
    response=answers({201: ConsentChoiceOut}, 403, 404, 422),
)
def withdraw_sharing_consent(request, case_id: Id, recipient: RecipientCode):
    """Withdraw the employee's standing consent for one recipient (422 when there is none)."""
    case, employee = _consenting(request, case_id)
    row = services.withdraw_consent(origin=origin(request), case=case, employee=employee, recipient=recipient)
    return Status(201, _choice(row))


def _summary(request, case_id, query: SummaryQuery):
    refuse_unknown_parameters(request, SummaryQuery.model_fields)
    case = access.get_case(request.user, case_id)
    if not access.can_make_referral_summary(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher makes a referral summary.")
    overview = selectors.consent_overview(case)
    if not overview.shares(query.to):
        return case, None, f"{selectors.refusal(overview, query.to)} {consent.EMERGENCY}"
    return case, selectors.referral_summary(case, query.to, prepared_by=request.user), ""


def summary_out(summary: selectors.Summary) -> dict:
    """The summary as the API gives it (and the tests compare with the page and PDF)."""
    conduct = summary.conduct
    return {
        "case_id": summary.case.pk,
        "reference": summary.case.reference,
        "school": summary.case.school.name,
        "recipient": summary.recipient,
        "recipient_label": summary.recipient_label,
        "prepared_by": summary.prepared_by,
        "prepared_at": summary.prepared_at,
        "consents": summary.consents,
        "employees": summary.employees,
        "people": summary.people,
        "police": summary.police,
        "crime_references": summary.crime_references,
        "risk": summary.risk,
        "screening": summary.screening,
        "conduct": {
            "courses": [
                {
                    **{k: c[k] for k in ("person", "employee", "count", "first", "last", "met_on")},
                    "meets_test": met,
                }
                for met, courses in (
                    (True, conduct["conduct_courses"]),
                    (False, conduct["conduct_courses_pending"]),
                )
                for c in courses
            ],
            "several_staff": conduct["conduct_several"],
        },
        "signals": summary.signals,
        "chronology": summary.chronology,
        "restrictions": summary.restrictions,
        "orders": summary.orders,
        "withheld_count": summary.withheld_count,
    }


@router.get("/{case_id}/referral-summary", response=answers(ReferralSummaryOut, 403, 404, 409, 422))
def read_referral_summary(request, case_id: Id, query: Query[SummaryQuery]):
    """The referral summary for `to`, as the page shows it, for the case owner or the
    headteacher; 409 while the employee has not said that recipient may have it."""
    case, summary, refused = _summary(request, case_id, query)
    if summary is None:
        return Status(409, {"detail": refused})
    case_services.record_view(
        origin=origin(request), case=case, action="referral.summary_viewed", recipient=summary.recipient
    )
    return summary_out(summary)


@router.get("/{case_id}/referral-summary/pdf", response=answers({200: None}, 403, 404, 409, 422))
def download_referral_summary(request, case_id: Id, query: Query[SummaryQuery]):
    """The referral summary as the page's PDF (audited as a download)."""
    case, summary, refused = _summary(request, case_id, query)
    if summary is None:
        return Status(409, {"detail": refused})
    body = summary_pdf.render(summary)
    case_services.record_view(
        origin=origin(request), case=case, action="referral.summary_downloaded", recipient=summary.recipient
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_pdf.file_name(summary)}"'
    return response

"""The restriction letters and each school's letter templates over the API, through
the same access predicates, letters module and service as the pages
(frontdesk/restriction_views.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Router, Schema

from harbour import access
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import Input, answers, one_of, text
from harbour.cases import services as case_services
from harbour.frontdesk import letters, services
from harbour.frontdesk.models import LetterKind, LetterTemplate, Stage
from harbour.schools.models import Role

cases_router = Router(tags=["warnings and restrictions"])
schools_router = Router(tags=["school settings"])

Kind = one_of(LetterKind)


@cases_router.get(
    "/{case_id}/restrictions/{restriction_id}/letters/{kind}", response=answers({200: None}, 403, 404, 422)
)
def download_letter(request, case_id: Id, restriction_id: Id, kind: Kind):
    """The warning or restriction letter as a PDF, the same file as the page's, for
    the case owner or the headteacher. No restriction letter before the decision (404)."""
    case = access.get_case(request.user, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    if kind == LetterKind.DECISION and restriction.stage == Stage.WARNING:
        raise Http404("No such letter")
    if not access.can_manage_case(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher downloads the letters.")
    head = case.school.staff.filter(roles__role=Role.HEADTEACHER, is_active=True).order_by("pk").first()
    body = letters.letter_pdf(restriction, kind, headteacher=head.full_name if head else "The headteacher")
    case_services.record_view(
        origin=origin(request), case=case, obj=restriction, action="restriction.letter_downloaded"
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="harbour-{kind}-letter.pdf"'
    return response


class LetterTemplateOut(Schema):
    school_id: int
    kind: str
    body: str
    own: bool  # false: Harbour's default wording, until the school saves its own
    updated_at: datetime.datetime | None
    placeholders: list[str]


class LetterTemplateIn(Input):
    body: text(services.LETTER_LIMIT, min_length=1)


def _template_out(school, kind: str) -> dict:
    own = LetterTemplate.objects.filter(school=school, kind=kind).first()
    return {
        "school_id": school.pk,
        "kind": kind,
        "body": letters.template_for(school, kind),
        "own": own is not None,
        "updated_at": own.updated_at if own else None,
        "placeholders": list(letters.PLACEHOLDERS),
    }


@schools_router.get("/{school_id}/letters/{kind}", response=answers(LetterTemplateOut, 404, 422))
def read_letter_template(request, school_id: Id, kind: Kind):
    """The school's wording of a letter, for whoever changes the school's settings."""
    return _template_out(access.get_settings_school(request.user, school_id), kind)


@schools_router.put("/{school_id}/letters/{kind}", response=answers(LetterTemplateOut, 400, 404, 422))
def save_letter_template(request, school_id: Id, kind: Kind, payload: LetterTemplateIn):
    school = access.get_settings_school(request.user, school_id)
    services.save_letter_template(origin=origin(request), school=school, kind=kind, body=payload.body)
    return _template_out(school, kind)

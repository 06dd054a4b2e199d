"""The awareness module over the API: its text and questions (never the right
answers: those come back, with why, only for an answer that missed), answering
it, the caller's own status, and completion rates for headteachers and trust leads."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from harbour import access
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import Input, answers, one_of
from harbour.awareness import content, selectors, services

router = Router(tags=["awareness"])


class SectionOut(Schema):
    code: str
    heading: str
    paragraphs: list[str]
    points: list[str]


class MythOut(Schema):
    myth: str
    truth: str


class OptionOut(Schema):
    code: str
    label: str


class QuestionOut(Schema):
    code: str
    prompt: str
    options: list[OptionOut]


class ModuleOut(Schema):
    version: str
    sections: list[SectionOut]
    myths: list[MythOut]
    questions: list[QuestionOut]


class AnswerIn(Input):
    question: one_of(content.QUESTION_CODES)
    answer: one_of(content.ANSWER_CODES)


class AnswersIn(Input):
    answers: list[AnswerIn] = Field(..., max_length=len(content.QUESTIONS))


class MissedOut(Schema):
    question: str
    explanation: str


class MarkedOut(Schema):
    passed: bool
    wrong: list[MissedOut]
    unanswered: list[str]
    completed_on: datetime.date | None


class StatusOut(Schema):
    status: str = Field(description="missing (never passed), current or expired")
    completed_on: datetime.date | None
    due_on: datetime.date | None
    renewal_months: int | None
    completions: list[datetime.date]


class RenewalIn(Input):
    renewal_months: int = Field(
        ..., ge=1, le=60, strict=True, description="Months after a pass that it is due again."
    )


class RenewalOut(Schema):
    school_id: int
    renewal_months: int


class RateOut(Schema):
    school_id: int
    school_name: str
    renewal_months: int
    active_staff: int
    completed_current: int
    percent: int | None


@router.get("/module", response=answers(ModuleOut, 404))
def read_module(request):
    """The module's sections, the myths and what is true, and the questions."""
    if not access.can_take_awareness(request.user):
        raise Http404("No such page")
    return {
        "version": content.VERSION,
        "sections": [
            {"code": s.code, "heading": s.heading, "paragraphs": list(s.paragraphs), "points": list(s.points)}
            for s in content.SECTIONS
        ],
        "myths": [{"myth": m.myth, "truth": m.truth} for m in content.MYTHS],
        "questions": [
            {
                "code": q.code,
                "prompt": q.prompt,
                "options": [{"code": code, "label": label} for code, label in q.options],
            }
            for q in content.QUESTIONS
        ],
    }


@router.post("/answers", response=answers(MarkedOut, 400, 404, 422))
def submit_answers(request, payload: AnswersIn):
    """Mark the answers. Every question answered rightly is a pass, recorded with
    today's date; otherwise nothing is recorded and each miss says why."""
    staff = access.awareness_staff(request.user)
    given = {}
    for item in payload.answers:
        if item.question in given:
            raise ValidationError({"answers": f"Question {item.question} is answered twice."})
        if item.answer not in {code for code, _ in content.BY_CODE[item.question].options}:
            raise ValidationError({"answers": f"{item.answer} is not an answer to {item.question}."})
        given[item.question] = item.answer
    marked, completions = services.submit_answers(origin=origin(request), staff=staff, answers=given)
    return {
        "passed": marked.passed,
        "wrong": [
            {"question": code, "explanation": content.BY_CODE[code].explanation} for code in marked.wrong
        ],
        "unanswered": list(marked.unanswered),
        "completed_on": completions[0].completed_on if completions else None,
    }


@router.get("/status", response=answers(StatusOut, 404))
def read_status(request):
    """The caller's own latest pass and when it is due again."""
    if not access.can_take_awareness(request.user):
        raise Http404("No such page")
    status = selectors.own_status(access.awareness_staff_ids(request.user), timezone.localdate())
    latest = status["latest"]
    return {
        "status": status["status"],
        "completed_on": latest.completed_on if latest else None,
        "due_on": status["due_on"],
        "renewal_months": status["renewal_months"],
        "completions": [c.completed_on for c in status["history"]],
    }


@router.get("/rates", response=answers(paged(RateOut), 404, 422))
def list_rates(request, pages: Query[PageIn]):
    """Completion rates (counts, never answers or names) of the schools the caller
    leads, by name, as of today."""
    if not access.sees_awareness_rates(request.user):
        raise Http404("No such page")
    schools, count = page_of(selectors.rate_schools(access.awareness_rate_schools(request.user)), pages)
    return {"items": selectors.rate_rows(schools, timezone.localdate()), "count": count}


@router.get("/rates/{school_id}", response=answers(RateOut, 404, 422))
def read_rate(request, school_id: Id):
    school = access.get_awareness_rate_school(request.user, school_id)
    return selectors.rate_rows([school], timezone.localdate())[0]


@router.get("/schools/{school_id}/renewal", response=answers(RenewalOut, 404, 422))
def read_renewal(request, school_id: Id):
    """The school's renewal period: for those who change its settings."""
    school = access.get_settings_school(request.user, school_id)
    return {"school_id": school.pk, "renewal_months": school.awareness_renewal_months}


@router.put("/schools/{school_id}/renewal", response=answers(RenewalOut, 400, 404, 422))
def set_renewal(request, school_id: Id, payload: RenewalIn):
    school = access.get_settings_school(request.user, school_id)
    services.set_renewal_months(origin=origin(request), school=school, months=payload.renewal_months)
    return {"school_id": school.pk, "renewal_months": school.awareness_renewal_months}

"""What the school has done on the employee's own cases, newest first, so nothing
they reported seems to vanish: meetings held, plan actions put in place, warnings
and restrictions, reviews of the risk, and the case's status changes.

One UNION query reads a page of it, whatever the size of the record: each arm is
an indexed lookup by case id, and each row carries the few words it is shown with,
so a page costs two queries (the rows and their count). Only the parts of each
record the employee may open themselves are read (access.timeline_parts), and no
row names a person of concern or carries anyone's notes."""

import datetime
from dataclasses import dataclass

from django.db.models import Case as Choose
from django.db.models import CharField, DateField, F, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from harbour import access
from harbour.cases.models import CaseStatus, CaseStatusChange
from harbour.frontdesk.models import RestrictionKind, RestrictionStep
from harbour.plans import appendix
from harbour.plans.models import Approval, Meeting, PlanAction
from harbour.risk.models import RiskDecision

PREVIEW = 5  # rows on "Your support"; the rest are a link away
PAGE = 25

STATUS, MEETING, ACTION, RESTRICTION, RISK = "status", "meeting", "action", "restriction", "risk"
SHOWN_STEPS = ("warned", "confirmed", "not_confirmed", "ended")


@dataclass(frozen=True)
class Event:
    kind: str
    on: datetime.date
    case_id: int
    title: str
    detail: str = ""

    @property
    def reference(self) -> str:
        return f"HB-{self.case_id:05d}"


def _columns(kind: str, day, at, code, extra_day=None, text=None) -> dict:
    return {
        "t_kind": Value(kind, output_field=CharField()),
        "t_day": day,
        "t_at": at,
        "t_case": F("case_id") if kind != RESTRICTION else F("restriction__case_id"),
        "t_ref": F("id"),
        "t_code": code,
        "t_extra_day": extra_day if extra_day is not None else Cast(Value(None), DateField()),
        "t_text": text if text is not None else Cast(Value(""), TextField()),
    }


def rows(user, cases) -> QuerySet:
    """The employee's timeline as one ordered queryset of plain rows (page it)."""
    parts = access.timeline_parts(user, cases)
    summary = [pk for pk, held in parts.items() if access.SUMMARY in held]
    record = [pk for pk, held in parts.items() if access.RECORD in held]
    plan = [pk for pk, held in parts.items() if access.PLAN in held]
    today = timezone.localdate()
    arms = [
        CaseStatusChange.objects.filter(case_id__in=summary).values(
            **_columns(STATUS, TruncDate("at"), F("at"), F("status"))
        ),
        Meeting.objects.filter(case_id__in=record).values(
            **_columns(
                MEETING,
                F("held_on"),
                F("recorded_at"),
                Value("", output_field=CharField()),
                F("next_meeting_on"),
            )
        ),
        PlanAction.objects.filter(case_id__in=plan, in_place_on__lte=today)
        .exclude(approval__in=[Approval.PENDING, Approval.DECLINED])
        .values(
            **_columns(
                ACTION, F("in_place_on"), F("created_at"), F("section"), text=Cast(F("agreed"), TextField())
            )
        ),
        RestrictionStep.objects.filter(restriction__case_id__in=record, step__in=SHOWN_STEPS).values(
            **_columns(
                RESTRICTION,
                Choose(
                    When(step="warned", then=F("restriction__warned_on")),
                    default=TruncDate("at"),
                    output_field=DateField(),
                ),
                F("at"),
                F("step"),
                text=Cast(F("restriction__kind"), TextField()),
            )
        ),
        RiskDecision.objects.filter(case_id__in=record).values(
            **_columns(RISK, TruncDate("decided_at"), F("decided_at"), Value("", output_field=CharField()))
        ),
    ]
    # Each arm without its model's default ordering: only the union is ordered.
    first, *rest = [arm.order_by() for arm in arms]
    return first.union(*rest, all=True).order_by("-t_day", "-t_at", "-t_kind", "-t_ref")


STATUS_TITLES = {
    CaseStatus.OPEN: "Your case was opened",
    CaseStatus.MONITORING: "Your case moved to monitoring",
    CaseStatus.CLOSED: "Your case was closed",
}
STATUS_DETAILS = {
    CaseStatus.OPEN: "The school is acting on what you reported.",
    CaseStatus.MONITORING: ("The school watches for anything new. Tell your manager if it starts again."),
    CaseStatus.CLOSED: "You can still write in your diary, and ask your manager to reopen it at any time.",
}
STEP_TITLES = {
    "warned": "A warning was given under the school's policy on unacceptable behaviour",
    "confirmed": "A contact restriction was confirmed",
    "not_confirmed": "The headteacher decided not to confirm a proposed restriction",
    "ended": "A contact restriction ended",
}


def _event(row: dict) -> Event:
    kind, code, on, case_id = row["t_kind"], row["t_code"], row["t_day"], row["t_case"]
    if kind == STATUS:
        return Event(
            kind,
            on,
            case_id,
            STATUS_TITLES.get(code, "Your case's status changed"),
            STATUS_DETAILS.get(code, ""),
        )
    if kind == MEETING:
        next_on = row["t_extra_day"]
        detail = f"You agreed to meet again on {next_on:%-d %B %Y}." if next_on else ""
        return Event(kind, on, case_id, "You met your manager about your case", detail)
    if kind == ACTION:
        section = appendix.SECTION_BY_CODE.get(code)
        title = f"Put in place: {section.title.lower()}" if section else "A plan action was put in place"
        text = row["t_text"] or ""
        return Event(kind, on, case_id, title, text if len(text) <= 200 else text[:199] + "…")
    if kind == RESTRICTION:
        measure = RestrictionKind(row["t_text"]).label if row["t_text"] in RestrictionKind.values else ""
        return Event(kind, on, case_id, STEP_TITLES[code], measure)
    return Event(
        kind, on, case_id, "The risk to you was looked at again", "Your manager can talk it through with you."
    )


def events(page_rows) -> list[Event]:
    return [_event(row) for row in page_rows]


def preview(user, cases) -> tuple[list[Event], bool]:
    """The newest few events and whether there are more: one query."""
    top = list(rows(user, cases)[: PREVIEW + 1])
    return events(top[:PREVIEW]), len(top) > PREVIEW

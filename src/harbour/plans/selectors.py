"""Reads of the action plan, shaped for the plan page, its PDF and the API.
Callers have already been allowed the plan by harbour.access."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from harbour.access import case_ids
from harbour.cases.models import Case
from harbour.plans import appendix
from harbour.plans.models import ActionStatus, Approval, CctvCheck, PlanAction, PlanActionChange


@dataclass
class PlanSection:
    section: appendix.Section
    actions: list = field(default_factory=list)
    # Guide measures not yet taken up in this section, offered as starting points.
    suggestions: list = field(default_factory=list)


@dataclass
class PlanView:
    case: Case
    sections: list
    cctv: CctvCheck | None
    cctv_history: list
    awaiting_approval: list

    @property
    def actions(self) -> list:
        return [action for section in self.sections for action in section.actions]


def plan_actions(case: Case):
    changes = PlanActionChange.objects.select_related("by").order_by("at", "id")
    return case.plan_actions.select_related("owner", "approval_by", "created_by").prefetch_related(
        Prefetch("changes", queryset=changes)
    )


def plan_view(case: Case) -> PlanView:
    actions = list(plan_actions(case))
    taken = {a.measure for a in actions if a.status != ActionStatus.STOPPED}
    sections = []
    for section in appendix.SECTIONS:
        sections.append(
            PlanSection(
                section=section,
                actions=[a for a in actions if a.section == section.code],
                suggestions=[m for m in appendix.measures_in(section.code) if m.code not in taken],
            )
        )
    checks = list(case.cctv_checks.select_related("recorded_by"))
    return PlanView(
        case=case,
        sections=sections,
        cctv=checks[0] if checks else None,
        cctv_history=checks[1:],
        awaiting_approval=[a for a in actions if a.approval == Approval.PENDING],
    )


# "Due" on My work looks a week ahead, so a review can be arranged before its day.
DUE_AHEAD = 7


@dataclass
class DueItem:
    case: Case
    due_on: object
    overdue: bool
    action: PlanAction | None = None


LIVE_ACTION = [ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PLACE]


def due_reviews(*, owned_cases, today):
    """Live cases among `owned_cases` whose review is due within DUE_AHEAD days or
    overdue, earliest first (the id breaks ties, so pages never overlap)."""
    horizon = today + datetime.timedelta(days=DUE_AHEAD)
    return (
        owned_cases.exclude(status="closed")
        .filter(next_review_on__lte=horizon)
        .order_by("next_review_on", "id")
    )


def due_review_rows(rows, today) -> list:
    """due_reviews over rows already read (access.WorkCase of live cases), in the
    same order, for My work, which has its cases in hand."""
    horizon = today + datetime.timedelta(days=DUE_AHEAD)
    due = [r for r in rows if r.next_review_on is not None and r.next_review_on <= horizon]
    return sorted(due, key=lambda r: (r.next_review_on, r.pk))


def due_actions(*, owned_cases, today):
    """Live actions on those cases to look at again within DUE_AHEAD days or overdue."""
    return due_actions_on(case_ids(owned_cases.exclude(status="closed")), today)


def due_actions_on(live_case_ids, today):
    """due_actions on the live cases with these ids."""
    horizon = today + datetime.timedelta(days=DUE_AHEAD)
    return (
        PlanAction.objects.filter(
            case_id__in=live_case_ids,
            status__in=LIVE_ACTION,
            next_review_on__lte=horizon,
        )
        # The cases come by their ids in a second query: joined, PostgreSQL hashed
        # them against a scan of every case of the trust.
        .prefetch_related("case")
        .order_by("next_review_on", "id")
    )


def review_items(cases, today) -> list[DueItem]:
    return [
        DueItem(case=case, due_on=case.next_review_on, overdue=case.next_review_on < today) for case in cases
    ]


def action_items(actions, today) -> list[DueItem]:
    return [
        DueItem(case=a.case, due_on=a.next_review_on, overdue=a.next_review_on < today, action=a)
        for a in actions
    ]


def pending_decisions(head_cases):
    """Contact measures waiting for the headteacher's decision, oldest first."""
    return pending_decisions_on(case_ids(head_cases.exclude(status="closed")))


def pending_decisions_on(live_case_ids):
    """pending_decisions on the live cases with these ids."""
    return (
        PlanAction.objects.filter(case_id__in=live_case_ids, approval=Approval.PENDING)
        .select_related("case")
        .order_by("created_at", "id")
    )

"""What reception may see: active alerts only. An alert is a person of concern
with something for the front desk to do — a confirmed restriction, or a case
whose employee chose to give the front desk instructions. It carries how to
recognise the person and what to do; never the case, its record, its risk or
anything about the employee beyond what an instruction says."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from harbour.cases.models import Case, CaseStatus, ColleaguesMayKnow, PersonOfConcern
from harbour.frontdesk.models import ContactRestriction, Stage
from harbour.orders import selectors as orders_selectors

RESULTS = 20


@dataclass
class Alert:
    person_id: int
    name: str
    aliases: str
    description: str
    vehicle: str
    instructions: list[str] = field(default_factory=list)
    restrictions: list[str] = field(default_factory=list)
    # The kinds of court order or police warning in force against them: never its
    # conditions, reference, court or case (reception is told what to do if breached).
    orders: list[str] = field(default_factory=list)


def _instruction_cases(school_ids):
    return Case.objects.filter(
        school_id__in=school_ids, colleagues_may_know=ColleaguesMayKnow.FRONT_DESK
    ).exclude(status=CaseStatus.CLOSED)


def _active_restrictions(school_ids):
    return ContactRestriction.objects.filter(case__school_id__in=school_ids, stage=Stage.CONFIRMED).exclude(
        case__status=CaseStatus.CLOSED
    )


def alert_people(school_ids):
    """People with an active alert in these schools. Each part is narrowed to the
    schools first, so a lookup costs the same in a small trust as in a big one."""
    school_ids = list(school_ids)
    return PersonOfConcern.objects.filter(school_id__in=school_ids).filter(
        Q(pk__in=_instruction_cases(school_ids).values("people"))
        | Q(pk__in=_active_restrictions(school_ids).values("person"))
        | Q(pk__in=orders_selectors.people_under_orders(school_ids, timezone.localdate()))
    )


def alert_matches(school_ids, query: str = "", person_id: int | None = None):
    """People with an active alert in these schools matching the search, by name
    with the id as tie-breaker (so a page never repeats a person), with what an
    alert shows prefetched for the rows of whichever page is read."""
    school_ids = list(school_ids)
    people = alert_people(school_ids)
    if person_id is not None:
        people = people.filter(pk=person_id)
    query = (query or "").strip()
    if query:
        people = people.filter(
            Q(name__icontains=query) | Q(aliases__icontains=query) | Q(description__icontains=query)
        )
    return people.order_by("name", "id").prefetch_related(
        Prefetch(
            "cases",
            queryset=_instruction_cases(school_ids).only("id", "front_desk_instruction"),
            to_attr="instructing",
        ),
        Prefetch(
            "restrictions",
            queryset=_active_restrictions(school_ids).only("id", "person_id", "kind", "details"),
            to_attr="active",
        ),
    )


def alerts_from(people) -> list[Alert]:
    """The alerts for a page of alert_matches."""
    people = list(people)
    orders = orders_selectors.reception_orders(
        {p.school_id for p in people}, [p.pk for p in people], timezone.localdate()
    )
    return [
        Alert(
            person_id=p.pk,
            name=p.display_name,
            aliases=p.aliases,
            description=p.description,
            vehicle=p.vehicle,
            instructions=sorted(
                {c.front_desk_instruction for c in p.instructing if c.front_desk_instruction}
            ),
            restrictions=[f"{r.get_kind_display()}{': ' + r.details if r.details else ''}" for r in p.active],
            orders=orders.get(p.pk, []),
        )
        for p in people
    ]


def alerts(school_ids, query: str = "", limit: int = RESULTS, person_id: int | None = None) -> list[Alert]:
    return alerts_from(alert_matches(school_ids, query, person_id)[:limit])

"""Reads for orders. The current terms of an order are its highest-numbered
version, found by the database (no later version exists), so every list here
is one query whatever the history."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from harbour import access  # as a module: access imports frontdesk.selectors, which imports this
from harbour.orders.models import OrderKind, OrderVersion, PossibleBreach, ProtectiveOrder


def current_versions() -> QuerySet[OrderVersion]:
    """The version in force now of every order: the one no later version replaced."""
    later = OrderVersion.objects.filter(order=OuterRef("order"), number__gt=OuterRef("number"))
    return OrderVersion.objects.filter(~Exists(later))


def in_force_on(versions: QuerySet[OrderVersion], day: datetime.date) -> QuerySet[OrderVersion]:
    """The database's reading of rules.in_force (tests/orders keeps the two in step)."""
    return versions.filter(starts_on__lte=day).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


def orders_for_case(case) -> list[OrderVersion]:
    """The current version of each order on the case, newest order first; each has
    `.order` and `.order.person` read with it. For the case page, the API and the
    referral summary."""
    return list(
        current_versions()
        .filter(order__case=case)
        .select_related("order__person", "recorded_by")
        .order_by("-order__created_at", "-order_id")
    )


def case_orders(case) -> list[OrderVersion]:
    """orders_for_case, each with `open_breaches`: possible breaches still waiting for a police reference."""
    return list(
        current_versions()
        .filter(order__case=case)
        .select_related("order__person")
        .annotate(
            open_breaches=Count(
                "order__possible_breaches", filter=Q(order__possible_breaches__reports__isnull=True)
            )
        )
        .order_by("-order__created_at", "-order_id")
    )


def versions_of(order: ProtectiveOrder) -> list[OrderVersion]:
    """Every version of an order, newest first (the first is current)."""
    return list(order.versions.select_related("recorded_by").order_by("-number"))


def current_of(order: ProtectiveOrder) -> OrderVersion:
    return order.versions.order_by("-number").first()


def current_for_person(person_id: int) -> list[OrderVersion]:
    """The current terms of every order against a person, on any case (for the breach rule)."""
    return list(current_versions().filter(order__person_id=person_id).select_related("order__case__owner"))


def breaches_of_order(order: ProtectiveOrder) -> list[PossibleBreach]:
    return list(
        order.possible_breaches.select_related("attempt", "version").prefetch_related("reports__recorded_by")
    )


def breaches_for_case(case) -> QuerySet[PossibleBreach]:
    """Every possible breach on the case, newest first, with its order's person and its reports."""
    return (
        PossibleBreach.objects.filter(case=case)
        .select_related("attempt", "version", "order__person")
        .prefetch_related("reports")
        .order_by("-flagged_at", "-id")
    )


def open_breaches(cases: QuerySet) -> QuerySet[PossibleBreach]:
    """Possible breaches with no police reference yet, on these cases, newest first.
    The cases come as literal ids (access.case_ids), so the breaches are found by
    their index on case: as a subquery PostgreSQL may hash it against every
    breach of the trust. What a row shows is prefetched, not joined: joined,
    PostgreSQL spent about 7 ms planning the seven tables on every My work (at 500
    schools), though there is usually no row at all; prefetched, it costs nothing
    more when there is none."""
    return open_breaches_on(access.case_ids(cases))


def open_breaches_on(case_ids) -> QuerySet[PossibleBreach]:
    """open_breaches on the cases with these ids."""
    return (
        PossibleBreach.objects.filter(case_id__in=case_ids, reports__isnull=True)
        .prefetch_related("case", "attempt", "version", "order__person")
        .order_by("-flagged_at", "-id")
    )


# --- reception -------------------------------------------------------------------------


def in_force_at_schools(school_ids, day: datetime.date) -> QuerySet[OrderVersion]:
    return in_force_on(current_versions().filter(order__case__school_id__in=list(school_ids)), day)


def people_under_orders(school_ids, day: datetime.date):
    """Ids of people with an order in force today in these schools (a subquery)."""
    return in_force_at_schools(school_ids, day).values("order__person")


def reception_orders(school_ids, person_ids, day: datetime.date) -> dict[int, list[str]]:
    """{person id: [kinds of order in force]} for a page of reception's alerts: one query."""
    found: dict[int, list[str]] = {}
    rows = (
        in_force_at_schools(school_ids, day)
        .filter(order__person_id__in=list(person_ids))
        .values_list("order__person_id", "kind")
        .order_by("order__person_id", "kind")
    )
    for person_id, kind in rows:
        label = OrderKind(kind).label
        if label not in found.setdefault(person_id, []):
            found[person_id].append(label)
    return found


def people_of(case) -> list:
    """The people of concern linked to the case, for choosing whom an order is against."""
    return list(case.people.order_by("name", "id"))

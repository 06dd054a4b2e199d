"""Preparing the statistics: the one write of this app. Counts and protects one
scope's tables (selectors.build) and stores what may be published as a
StatisticsSnapshot, off the request path: on the task queue (tasks.py) or from
`harbour refresh-statistics`. Never called while a page is being served."""

import logging

from django.db import IntegrityError, transaction

from harbour.audit.services import Origin, record_event
from harbour.schools.models import School
from harbour.statistics import selectors
from harbour.statistics.models import SnapshotSchool, StatisticsSnapshot
from harbour.statistics.periods import AcademicYear

logger = logging.getLogger(__name__)

# Snapshots kept per scope and year: the newest, and the one before it, so a page
# that read the header of the one before a moment ago still finds its rows.
KEEP = 2
WORKER = Origin(user=None, via="job")


def _current(scope: tuple[str, int], period: AcademicYear, version: str) -> StatisticsSnapshot | None:
    return StatisticsSnapshot.objects.filter(
        scope_kind=scope[0], scope_id=scope[1], period=period.code, data_version=version
    ).first()


def prepare(
    *, scope: tuple[str, int], period: AcademicYear, origin: Origin = WORKER
) -> tuple[StatisticsSnapshot, bool]:
    """The snapshot of the scope and year at the current data version, built unless
    one exists already (so a refresh queued twice builds once). Returns it and
    whether it was built now."""
    # Read before counting: a record added while counting leaves this snapshot one
    # version behind, so the next read queues another.
    version = selectors.data_version()
    found = _current(scope, period, version)
    if found is not None:
        return found, False
    protected = selectors.build(scope, period)
    try:
        with transaction.atomic():
            snapshot = StatisticsSnapshot.objects.create(
                scope_kind=scope[0],
                scope_id=scope[1],
                period=period.code,
                data_version=version,
                name=protected.name,
                school_count=len(protected.school_ids),
                figures=selectors.figures_json(protected.figures()),
            )
            SnapshotSchool.objects.bulk_create(
                [
                    SnapshotSchool(
                        snapshot=snapshot,
                        position=position,
                        school_id=row.school_id,
                        name=row.name,
                        row=selectors.row_json(row),
                        figures=selectors.figures_json(protected.figures(row.school_id)),
                    )
                    for position, row in enumerate(protected.school_rows())
                ],
                batch_size=500,
            )
            older = StatisticsSnapshot.objects.filter(
                scope_kind=scope[0], scope_id=scope[1], period=period.code
            ).order_by("-prepared_at", "-id")[KEEP:]
            StatisticsSnapshot.objects.filter(pk__in=list(older.values_list("pk", flat=True))).delete()
            school = School.objects.filter(pk=scope[1]).first() if scope[0] == "school" else None
            record_event(
                origin=origin,
                action="statistics.prepared",
                school=school,
                scope=scope[0],
                scope_id=scope[1],
                period=period.code,
                schools=len(protected.school_ids),
            )
    except IntegrityError:
        # Another worker stored the same version first: theirs is the same figures.
        found = _current(scope, period, version)
        if found is None:
            raise
        return found, False
    logger.info(
        "statistics prepared: %s %s %s (%s schools)", scope[0], scope[1], period.code, snapshot.school_count
    )
    return snapshot, True

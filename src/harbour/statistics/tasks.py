"""Refreshing the statistics off the request path.

A page, CSV or API answer that finds no snapshot, or one older than the data
version, calls `request_refresh`, which queues one `refresh_statistics` task per
scope, year and data version (remembered in the cache for QUEUED_SECONDS, so a
task lost with a worker is queued again after that); `harbour db_worker` runs it.
`harbour refresh-statistics` (cron, every few minutes) prepares every trust's and
lone school's current year, and every year with a snapshot, whose data moved, so
figures are ready before anyone asks. The task row holds the scope's kind and id
and the year's code, nothing else."""

from django.core.cache import cache
from django_tasks import task

from harbour.statistics.periods import AcademicYear

QUEUED_SECONDS = 600


def request_refresh(scope: tuple[str, int], period: AcademicYear, version: str) -> bool:
    """Queue a refresh unless one was queued for this version already. True if queued."""
    key = f"harbour:statistics:queued:{scope[0]}:{scope[1]}:{period.code}:{version}"
    if not cache.add(key, 1, QUEUED_SECONDS):
        return False
    refresh_statistics.enqueue(scope[0], scope[1], period.code)
    return True


@task()
def refresh_statistics(kind: str, scope_id: int, period: str) -> bool:
    from harbour.statistics import services

    if kind not in ("trust", "school"):
        raise ValueError("kind is trust or school")
    _, built = services.prepare(scope=(kind, scope_id), period=AcademicYear(int(period[:4])))
    return built

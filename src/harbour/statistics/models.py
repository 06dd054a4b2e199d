"""Prepared statistics: the published (already suppressed) figures of one trust, or
one school outside any trust, for one academic year, as they stood at one data
version. Built off the request path (services.prepare, run by the task queue or
`harbour refresh-statistics`); pages and the API only read them.

Nothing here is a raw count: every value is what may be shown — a number of 5 or
more, or one of the suppression markers ("fewer than 5", "withheld", "not
published") — so a snapshot holds nothing the pages could not show."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ScopeKind(models.TextChoices):
    TRUST = "trust", "Trust"
    SCHOOL = "school", "School outside any trust"


class StatisticsSnapshot(models.Model):
    scope_kind = models.CharField(max_length=6, choices=ScopeKind.choices)
    scope_id = models.PositiveBigIntegerField()
    period = models.CharField(max_length=7)  # an academic year's code, "2026-27"
    # statistics.selectors.data_version() read before counting: the snapshot is
    # current while that is still the data version.
    data_version = models.CharField(max_length=255)
    prepared_at = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=200)  # the trust's (or the school's) name
    school_count = models.PositiveIntegerField()
    figures = models.JSONField(encoder=DjangoJSONEncoder)  # the whole scope's published figures

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "period", "data_version"], name="statistics_snapshot_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["scope_kind", "scope_id", "period", "-prepared_at", "-id"], name="statistics_newest"
            )
        ]

    def __str__(self) -> str:
        return (
            f"Statistics {self.scope_kind} {self.scope_id} {self.period} at {self.prepared_at:%Y-%m-%d %H:%M}"
        )


class SnapshotSchool(models.Model):
    """One school's published figures in a snapshot, in the trust's order (name,
    id), so the per-school table reads one page of rows."""

    snapshot = models.ForeignKey(StatisticsSnapshot, on_delete=models.CASCADE, related_name="schools")
    position = models.PositiveIntegerField()
    school_id = models.PositiveBigIntegerField()
    name = models.CharField(max_length=200)
    # The per-school table's line: incidents, cases opened, cases closed, repeat people.
    row = models.JSONField(encoder=DjangoJSONEncoder)
    figures = models.JSONField(encoder=DjangoJSONEncoder)  # the school's own page

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "position"], name="statistics_school_position"),
            models.UniqueConstraint(fields=["snapshot", "school_id"], name="statistics_school_once"),
        ]

    def __str__(self) -> str:
        return f"School {self.school_id} in snapshot {self.snapshot_id}"

from django.conf import settings
from django.db import models
from django.utils import timezone

from harbour.audit.append_only import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    """Who did what to which record, when and from where. Append-only: the app
    never updates or deletes a row (the queryset and, below it, database triggers
    refuse), each event is a link in its school's hash chain (audit/chain.py), and
    `detail` holds ids and field names, never narratives."""

    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64)
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    via = models.CharField(max_length=8, default="web")  # web, api or cli
    detail = models.JSONField(default=dict, blank=True)
    # The event's link in its chain (audit/chain.py).
    chain = models.CharField(max_length=32, default="", editable=False)
    position = models.PositiveBigIntegerField(null=True, editable=False)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        # A case's access log, newest first, a page at a time: the index holds the
        # page's whole order (the id breaks ties), so a page reads its own rows
        # however long the log; with the action last (a key column, as SQLite has
        # no INCLUDE), the log's count, which leaves some actions out, is read
        # from the index alone.
        indexes = [models.Index(fields=["case", "-at", "-id", "action"], name="audit_event_case_newest")]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="one_event_per_audit_chain_position")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

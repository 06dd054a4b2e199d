from django.db import models
from django.utils import timezone

from harbour.cases.models import Channel, Location


class DiaryEntry(models.Model):
    """Something the employee wrote down for themselves. Only its author sees it
    until they share it; sharing turns it into an Incident on a case that keeps
    this entry's recorded_at, the time it was first written."""

    chain_kind = "diary_entry"
    chain_label = "Shared diary entry"
    chain_case = "incident__case"
    chain_fields = (
        "id", "author_id", "occurred_on", "occurred_time", "location", "channel", "behaviours",
        "account", "who", "recorded_at", "shared_at", "incident_id",
    )  # fmt: skip

    author = models.ForeignKey("schools.StaffMember", on_delete=models.PROTECT, related_name="diary_entries")
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=32, choices=Location.choices)
    channel = models.CharField(max_length=32, choices=Channel.choices, blank=True)
    behaviours = models.JSONField(default=list)  # codes from cases/taxonomy.py
    account = models.TextField()
    who = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    incident = models.OneToOneField(
        "cases.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="diary_entry"
    )

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-id"]
        verbose_name_plural = "diary entries"

    def __str__(self) -> str:
        return f"Diary entry {self.pk} on {self.occurred_on}"

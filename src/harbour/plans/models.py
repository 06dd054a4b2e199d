from django.conf import settings
from django.db import models
from django.utils import timezone


class Meeting(models.Model):
    """A meeting between the manager and the employee about the case, recorded
    once. `areas` holds, for each area of discussion, whether it was covered and
    the notes: {code: {"covered": bool, "notes": str}}."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    areas = models.JSONField(default=dict)
    next_meeting_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on} for {self.case}"

"""Prevention, for every employee whether or not they have a case: the manager's
regular check-in question, and the employee's own online-safety checklist."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Concern(models.TextChoices):
    NO = "no", "No"
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"


class CheckIn(models.Model):
    """A 1:1 or supervision meeting at which the manager asked whether any parent or
    customer behaviour is causing concern. Each is kept; none is edited."""

    employee = models.ForeignKey("schools.StaffMember", on_delete=models.PROTECT, related_name="check_ins")
    # The employee's school when the check-in was held: a headteacher's list is
    # then one indexed lookup, not a join through every member of staff.
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    concern = models.CharField(max_length=16, choices=Concern.choices)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Check-in with {self.employee} on {self.held_on}"


CHECKLIST_ITEMS = (
    ("social_media_private", "My social media accounts are set to private or friends only"),
    ("personal_details_hidden", "My personal details (phone, personal e-mail) cannot be found online"),
    ("home_address_hidden", "My home address cannot be found online (including the electoral register)"),
    ("photos_reviewed", "I have checked public photos for my home, car, family or routine"),
    ("contact_details_checked", "Friends and family know not to share my details or whereabouts"),
)


class OnlineSafetyCheck(models.Model):
    """One completion of the online-safety checklist. A newer one supersedes it;
    the history stays."""

    employee = models.ForeignKey(
        "schools.StaffMember", on_delete=models.PROTECT, related_name="online_checks"
    )
    completed_on = models.DateField()
    items = models.JSONField(default=list)  # the codes of CHECKLIST_ITEMS ticked
    revisit_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-completed_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Online safety check by {self.employee} on {self.completed_on}"

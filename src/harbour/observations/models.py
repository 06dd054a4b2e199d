"""What a colleague saw or heard about a named member of staff. The guidance lists
"speaking to coworkers in an attempt to seek more information about the employee"
and "regularly seeking out an individual employee without good reason": colleagues
and reception notice these first.

An observation goes to the school's headteacher (and the owner of the employee's
case), never to the whole staff. It is not part of anyone's record until the
employee accepts it: then it becomes an incident of their case. Until then, and
when declined, it is kept but counts for nothing (see rules.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from harbour.cases.models import Location


class Kind(models.TextChoices):
    ASKED_ABOUT = (
        "asked_about",
        "Someone asked colleagues about them, for example their timetable or where they are",
    )
    SEEKING_OUT = "seeking_out", "Someone keeps seeking them out without a good reason"
    ASKED_BY_NAME = "asked_by_name", "Someone asked for them by name"
    COMMENTS = "comments", "Someone made remarks about their looks, clothes or what they do"
    OTHER = "other", "Something else"


class Source(models.TextChoices):
    COLLEAGUE = "colleague", "A colleague"
    FRONT_DESK = "front_desk", "The front desk"


class Status(models.TextChoices):
    AWAITING = "awaiting", "Waiting for the employee to decide"
    ACCEPTED = "accepted", "Added to their record"
    DECLINED = "declined", "Not added to their record"


class Observation(models.Model):
    """One report, as filed. What was written is never changed; only the employee's
    decision is added, once."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    about = models.ForeignKey(
        "schools.StaffMember", on_delete=models.PROTECT, related_name="observations_about"
    )
    filed_by = models.ForeignKey(
        "schools.StaffMember", on_delete=models.PROTECT, related_name="observations_filed"
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.COLLEAGUE)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.TextField(max_length=2000)
    seen_on = models.DateField()
    seen_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=32, choices=Location.choices)
    location_detail = models.CharField(max_length=300, blank=True)
    person_description = models.TextField(max_length=1000, blank=True)
    person = models.ForeignKey(
        "cases.PersonOfConcern", on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    filed_at = models.DateTimeField(default=timezone.now, editable=False)
    # The employee's decision, made once.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AWAITING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Once accepted: the case it joined and the incident it became there.
    # Named relations (not "+"), so an erasure under the retention schedule finds them.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    incident = models.OneToOneField(
        "cases.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="observation"
    )

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["school", "-filed_at", "-id"], name="observation_by_school"),
            models.Index(fields=["about", "-filed_at", "-id"], name="observation_by_about"),
            models.Index(fields=["filed_by", "-filed_at", "-id"], name="observation_by_filer"),
        ]

    def __str__(self) -> str:
        return f"Observation {self.pk}"

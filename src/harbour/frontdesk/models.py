"""Contact restrictions under the Unacceptable Actions policy, the letters that
carry them, and what the front desk logs when the person calls or turns up."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RestrictionKind(models.TextChoices):
    NAMED_COLLEAGUE = "named_colleague", "Contact only through a named colleague"
    WRITING = "writing", "Contact only in writing"
    PLACES_TIMES = "places_times", "Contact only at set places or times"
    SITE_BAN = "site_ban", "Not to come onto the school site"


class Stage(models.TextChoices):
    WARNING = "warning", "Warned; waiting for representations"
    CONFIRMED = "confirmed", "Restriction confirmed"
    NOT_CONFIRMED = "not_confirmed", "Not confirmed"
    ENDED = "ended", "Ended"


class ContactRestriction(models.Model):
    """One restriction on a person of concern, through the steps the law expects:
    a warning, a chance to make representations by a deadline, the headteacher's
    decision, and a review date. Each step leaves a RestrictionStep."""

    chain_kind = "restriction"
    chain_label = "Contact restriction"
    chain_versioned = True  # chained again at each change
    chain_fields = (
        "id", "case_id", "person_id", "kind", "details", "reason", "warned_on", "representations_by",
        "representations", "representations_on", "stage", "decided_on", "decision_reason", "review_on",
        "created_at", "created_by_id",
    )  # fmt: skip

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="restrictions")
    person = models.ForeignKey("cases.PersonOfConcern", on_delete=models.PROTECT, related_name="restrictions")
    kind = models.CharField(max_length=24, choices=RestrictionKind.choices)
    # What reception needs to act: the named colleague, the places or times.
    details = models.TextField(blank=True)
    reason = models.TextField()
    warned_on = models.DateField()
    representations_by = models.DateField()
    representations = models.TextField(blank=True)
    representations_on = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.WARNING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-warned_on", "-id"]
        indexes = [models.Index(fields=["person", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"


class RestrictionStep(models.Model):
    chain_kind = "restriction_step"
    chain_label = "Restriction step"
    chain_case = "restriction__case"
    chain_fields = ("id", "restriction_id", "step", "at", "by_id", "note")
    restriction = models.ForeignKey(ContactRestriction, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=24)  # warned, representations, confirmed, not_confirmed, ended
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.step} on restriction {self.restriction_id}"


class LetterKind(models.TextChoices):
    WARNING = "warning", "Warning letter"
    DECISION = "decision", "Restriction letter"


class LetterTemplate(models.Model):
    """A school's own wording for a letter; Harbour's default is used until it has one."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    body = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "kind"], name="one_template_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.school}"


class How(models.TextChoices):
    IN_PERSON = "in_person", "Came to the school"
    PHONE = "phone_call", "Phoned"
    EMAIL = "email", "E-mailed or wrote"


class ContactAttempt(models.Model):
    """Logged by reception in two clicks. After a confirmed restriction it also
    becomes an incident on the case."""

    person = models.ForeignKey(
        "cases.PersonOfConcern", on_delete=models.PROTECT, related_name="contact_attempts"
    )
    how = models.CharField(max_length=16, choices=How.choices, default=How.IN_PERSON)
    at = models.DateTimeField(default=timezone.now, editable=False)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    incidents = models.ManyToManyField("cases.Incident", blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Contact attempt by {self.person} at {self.at:%Y-%m-%d %H:%M}"

"""How long each kind of record is kept, the legal holds that stop a case from
going, and the content-free tombstone a case leaves once its record is erased."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RecordKind(models.TextChoices):
    """The records that are kept for a time and then erased. Each is erased on
    its own: everything else (the case's incidents, evidence and files, plan,
    meetings, referrals, risk, restrictions, front-desk instructions, status
    history, circle) is part of its case and goes with it."""

    CLOSED_CASE = "closed_case", "Closed cases, with everything in them"
    PRIVATE_DIARY = "private_diary", "Diary entries never shared into a case"
    CHECK_IN = "check_in", "Check-ins"
    ONLINE_CHECK = "online_check", "Online-safety checklists that a newer one replaced"
    CONTACT_ATTEMPT = "contact_attempt", "Front-desk contact attempts that are not on a case"
    API_TOKEN = "api_token", "Revoked API tokens"


# Months kept, and from when. Why these numbers: README, "Retention".
DEFAULT_MONTHS = {
    RecordKind.CLOSED_CASE: 72,
    RecordKind.PRIVATE_DIARY: 72,
    RecordKind.CHECK_IN: 24,
    RecordKind.ONLINE_CHECK: 24,
    RecordKind.CONTACT_ATTEMPT: 24,
    RecordKind.API_TOKEN: 12,
}
KEPT_FROM = {
    RecordKind.CLOSED_CASE: "after the case was closed",
    RecordKind.PRIVATE_DIARY: "after it was written",
    RecordKind.CHECK_IN: "after it was held",
    RecordKind.ONLINE_CHECK: "after it was completed",
    RecordKind.CONTACT_ATTEMPT: "after it was logged",
    RecordKind.API_TOKEN: "after it was revoked",
}
MIN_MONTHS, MAX_MONTHS = 1, 1200


class RetentionPeriod(models.Model):
    """A school's own period for one kind of record; the default applies until it has one."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="retention_periods")
    kind = models.CharField(max_length=24, choices=RecordKind.choices)
    months = models.PositiveIntegerField(
        validators=[MinValueValidator(MIN_MONTHS), MaxValueValidator(MAX_MONTHS)]
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="one_retention_period_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.months} months at school {self.school_id}"


class LegalHold(models.Model):
    """While a hold is in place nothing of its case is erased, whatever the
    schedule says (a claim, a tribunal, a police investigation, a subject access
    request being answered). Lifting it is a second act with its own reason; the
    row stays as the history."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(max_length=500)
    placed_at = models.DateTimeField(default=timezone.now)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True), name="one_hold_in_place_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.pk} on case {self.case_id}"

    @property
    def in_place(self) -> bool:
        return self.lifted_at is None


class CaseErasure(models.Model):
    """What is left of a case erased under the retention schedule, beside the
    bare Case row (its id, school and dates) that its audit trail and hash chain
    point at: when it closed and was erased, under which period, the chain's
    length and head at that moment — so `harbour verify` explains the records its
    entries covered as erased, not tampered with (evidence/verify.py reads it as
    `case.erasure`) — and how many rows of each kind went. No names, no
    narratives, no incident dates."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="erasure")
    erased_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField()
    months = models.PositiveIntegerField()
    chain_length = models.PositiveIntegerField(default=0)
    chain_head = models.CharField(max_length=64, blank=True)
    # How many rows of each kind went, e.g. {"cases.Incident": 4, "evidence files": 2}.
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Case {self.case_id} erased {self.erased_at:%Y-%m-%d}"

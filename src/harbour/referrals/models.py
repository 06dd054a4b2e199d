"""Referrals out of the case: the police, the Workplace Champion and the
Unacceptable Actions policy. Police and policy details are saved as a new row
each time, so the newest row is current and older rows are the history."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Intention(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNDECIDED = "undecided", "Not decided yet"
    REPORTED = "reported", "Already reported"


class PoliceContact(models.Model):
    chain_kind = "police_contact"
    chain_label = "Police referral"
    chain_fields = (
        "id", "case_id", "intends_to_report", "wants_support", "reported_on", "crime_reference", "officer",
        "stalking_contact", "last_contact_on", "notes", "recorded_at", "recorded_by_id",
    )  # fmt: skip
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="police_contacts")
    intends_to_report = models.CharField(
        max_length=16, choices=Intention.choices, default=Intention.UNDECIDED
    )
    wants_support = models.BooleanField(default=False)
    reported_on = models.DateField(null=True, blank=True)
    crime_reference = models.CharField(max_length=100, blank=True)
    officer = models.CharField(max_length=200, blank=True)
    stalking_contact = models.CharField(max_length=200, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Police details for {self.case} at {self.recorded_at:%Y-%m-%d %H:%M}"


class ChampionReferral(models.Model):
    """The employee was put in touch with the school's Workplace Champion. The
    e-mail it sends carries a link and nothing else."""

    chain_kind = "champion_referral"
    chain_label = "Workplace Champion referral"
    chain_fields = ("id", "case_id", "champion_id", "referred_at", "referred_by_id")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="champion_referrals")
    champion = models.ForeignKey("schools.StaffMember", on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(default=timezone.now, editable=False)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-referred_at", "-id"]

    def __str__(self) -> str:
        return f"Champion referral for {self.case}"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    NO_ACTION = "no_action", "No action under the policy"
    WARNING = "warning", "A warning"
    RESTRICTION = "restriction", "A restriction on contact"


class PolicyReferral(models.Model):
    """A referral under the Unacceptable Actions by Parents and Customers policy
    and what was decided (the warning and restriction steps are separate)."""

    chain_kind = "policy_referral"
    chain_label = "Unacceptable Actions referral"
    chain_fields = (
        "id", "case_id", "referred_on", "reason", "decision", "decided_on", "decided_by", "recorded_at",
        "recorded_by_id",
    )  # fmt: skip

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="policy_referrals")
    referred_on = models.DateField()
    reason = models.TextField(blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Policy referral for {self.case} at {self.recorded_at:%Y-%m-%d %H:%M}"


class Recipient(models.TextChoices):
    """Who a referral summary may go to, as the employee chooses."""

    POLICE = "police", "The police"
    STALKING_SERVICE = "stalking_service", "A specialist stalking service"


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Yes, they may receive it"
    REFUSED = "refused", "No"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SharingConsent(models.Model):
    """The employee's choice, at one moment, about a referral summary of their case
    going to the police or to a specialist stalking service. Never changed: a new
    choice, or a withdrawal, is a new row, and the newest row for the employee and
    recipient decides (referrals/consent.py)."""

    chain_kind = "sharing_consent"
    chain_label = "Consent to share"
    chain_fields = ("id", "case_id", "employee_id", "recipient", "decision", "at", "by_id")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="sharing_consents")
    employee = models.ForeignKey("schools.StaffMember", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=32, choices=Recipient.choices)
    decision = models.CharField(max_length=16, choices=ConsentDecision.choices)
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "recipient", "-at"], name="sharing_consent_latest")]

    def __str__(self) -> str:
        return f"Consent to share {self.case} with {self.recipient}: {self.decision}"

from django.conf import settings
from django.db import models
from django.utils import timezone


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskDecision(models.Model):
    """A person's decision on the case's risk level, with why. The newest is
    current (Case.risk_level holds it for queries); older rows are the history."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="risk_decisions")
    level = models.CharField(max_length=8, choices=Level.choices)
    reason = models.TextField()
    proposed = models.CharField(max_length=8, choices=Level.choices)  # what Harbour proposed at the time
    screening = models.ForeignKey(
        "risk.RiskScreening", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.level} at {self.decided_at:%Y-%m-%d %H:%M}"


class RiskScreening(models.Model):
    """The individual risk screening as answered; it suggests a level."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="risk_screenings")
    fear = models.CharField(max_length=24)  # screening.FEAR
    answers = models.JSONField(default=dict)  # {factor code: "yes" | "no" | "not_known"}
    context = models.TextField(blank=True)
    suggested = models.CharField(max_length=8, choices=Level.choices)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Screening of {self.case} at {self.recorded_at:%Y-%m-%d %H:%M}"


class SignalDecision(models.TextChoices):
    RISK_REVIEWED = "risk_reviewed", "Risk reviewed"
    NO_CHANGE = "no_change", "No change"


class SignalAcknowledgement(models.Model):
    """A raised escalation signal, answered. It covers the signal as raised on
    these incidents; a signal raised again on other incidents asks again."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signal_acknowledgements")
    code = models.CharField(max_length=32)
    incident_ids = models.JSONField()  # sorted ids, as the signal named them
    decision = models.CharField(max_length=16, choices=SignalDecision.choices)
    reason = models.TextField()
    risk_decision = models.ForeignKey(RiskDecision, on_delete=models.PROTECT, null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} on {self.case} acknowledged"

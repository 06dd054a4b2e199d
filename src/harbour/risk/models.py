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

    chain_kind = "risk_decision"
    chain_label = "Risk decision"
    chain_fields = (
        "id",
        "case_id",
        "level",
        "reason",
        "proposed",
        "screening_id",
        "decided_at",
        "decided_by_id",
    )

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

    chain_kind = "risk_screening"
    chain_label = "Risk screening"
    chain_fields = (
        "id",
        "case_id",
        "fear",
        "answers",
        "context",
        "suggested",
        "recorded_at",
        "recorded_by_id",
    )

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

    chain_kind = "signal_answer"
    chain_label = "Answer to a signal"
    chain_fields = (
        "id", "case_id", "code", "incident_ids", "decision", "reason", "risk_decision_id", "at", "by_id",
    )  # fmt: skip

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


class CaseRiskState(models.Model):
    """What the rules make of a case's whole record: each incident as it stands now
    (amendments applied) in compact form, the escalation signals raised and still
    open, and the level Harbour proposes. It is derived, never edited: risk/state.py
    rewrites it inside the transaction of every write that can change it, so My work,
    lists and the case page read one row instead of recomputing the whole history.
    Tests check it always equals what the rules compute from the full record."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="risk_state"
    )
    facts = models.JSONField(default=list)
    raised_signals = models.JSONField(default=list)  # [{"code": ..., "incident_ids": [...]}]
    open_signals = models.JSONField(default=list)  # the raised ones not yet answered
    open_signal_count = models.PositiveIntegerField(default=0)
    proposed = models.CharField(max_length=8, choices=Level.choices, default=Level.LOW)
    reasons = models.JSONField(default=list)  # risk.reasons.Reason.to_json(), why it is proposed
    warnings = models.JSONField(default=list)  # risk.reasons.Warned.to_json(), warnings given
    screening = models.JSONField(null=True, blank=True)  # risk.reasons.Screened.to_json(), the latest
    attempts = models.JSONField(default=list)  # risk.reasons.Attempt.to_json(), after a warning
    # The risk.version.RULES_VERSION that wrote the row; an older one is rebuilt
    # after `harbour migrate` (risk/rebuild.py). 0 in the database by default, so a
    # row written by code that predates the column counts as stale.
    rules_version = models.PositiveIntegerField(default=0, db_default=0)
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Risk state of case {self.case_id}"


class NameMatch(models.Model):
    """A name linked to open cases about two or more members of staff across one
    trust's schools: what the trust lead sees. Derived and kept up to date by
    risk/patterns.py in the transaction of every write that can change it (a
    person linked or renamed, a case's status or employees changed), so the trust
    page reads these rows instead of every person–case link of the trust."""

    trust = models.ForeignKey("schools.Trust", on_delete=models.CASCADE, related_name="+")
    name_key = models.CharField(max_length=200)
    name = models.CharField(max_length=200)  # the spelling shown
    staff = models.PositiveIntegerField()
    school_names = models.JSONField(default=list)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trust", "name_key"], name="one_match_per_name")]
        indexes = [models.Index(fields=["trust", "-staff", "name"], name="name_match_list")]

    def __str__(self) -> str:
        return f"{self.name} ({self.staff} staff)"

    @property
    def schools(self) -> list[str]:
        return self.school_names

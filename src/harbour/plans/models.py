from django.conf import settings
from django.db import models
from django.utils import timezone


class Meeting(models.Model):
    """A meeting between the manager and the employee about the case, recorded
    once. `areas` holds, for each area of discussion, whether it was covered and
    the notes: {code: {"covered": bool, "notes": str}}."""

    chain_kind = "meeting"
    chain_label = "Meeting"
    chain_fields = ("id", "case_id", "held_on", "areas", "next_meeting_on", "recorded_at", "recorded_by_id")

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


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    IN_PLACE = "in_place", "In place"
    STOPPED = "stopped", "No longer needed"


class Approval(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed"
    PENDING = "pending", "Waiting for the headteacher"
    APPROVED = "approved", "Approved by the headteacher"
    DECLINED = "declined", "Not approved"


class PlanAction(models.Model):
    """One row of the action plan: what is agreed, who does it, when it is in
    place and when it is next looked at. Every change leaves a PlanActionChange."""

    chain_kind = "plan_action"
    chain_label = "Action plan row"
    chain_versioned = True  # chained again at each change
    chain_fields = (
        "id", "case_id", "section", "measure", "agreed", "owner_id", "in_place_on", "next_review_on",
        "status", "approval", "approval_by_id", "approval_at", "approval_note", "created_at", "created_by_id",
    )  # fmt: skip

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="plan_actions")
    section = models.CharField(max_length=16)  # appendix.SECTIONS code
    measure = models.CharField(max_length=40, blank=True)  # appendix.MEASURES code, or blank
    agreed = models.TextField()
    owner = models.ForeignKey(
        "schools.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    in_place_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.AGREED)
    approval = models.CharField(max_length=16, choices=Approval.choices, default=Approval.NOT_NEEDED)
    approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["next_review_on"])]

    def __str__(self) -> str:
        return f"Action {self.pk} on {self.case}"


class PlanActionChange(models.Model):
    """The history of an action: {field: {"from": old, "to": new}}, who, when, why."""

    chain_kind = "plan_action_change"
    chain_label = "Action plan change"
    chain_case = "action__case"
    chain_fields = ("id", "action_id", "at", "by_id", "kind", "changes", "note")

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="changes")
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)  # created, updated, approved, declined
    changes = models.JSONField(default=dict)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} action {self.action_id} at {self.at:%Y-%m-%d %H:%M}"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known yet"


class CctvCheck(models.Model):
    """The CCTV section as it stood when saved; the newest row is current, older
    rows are its history."""

    chain_kind = "cctv_check"
    chain_label = "CCTV check"
    chain_fields = (
        "id", "case_id", "could_support_evidence", "preservation_requested_on", "preservation_requested_from",
        "overwritten_on", "policy_covers_use", "policy_confirmed_by", "recorded_at", "recorded_by_id",
    )  # fmt: skip

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="cctv_checks")
    could_support_evidence = models.CharField(max_length=16, choices=Answer.choices, default=Answer.NOT_KNOWN)
    preservation_requested_on = models.DateField(null=True, blank=True)
    preservation_requested_from = models.CharField(max_length=200, blank=True)
    overwritten_on = models.DateField(null=True, blank=True)
    policy_covers_use = models.CharField(max_length=16, choices=Answer.choices, default=Answer.NOT_KNOWN)
    policy_confirmed_by = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"CCTV check for {self.case} at {self.recorded_at:%Y-%m-%d %H:%M}"


class ReminderKind(models.TextChoices):
    REVIEW = "review", "Case review"
    ACTION = "action", "Action plan review"


class Reminder(models.Model):
    """One reminder e-mail, claimed before it is sent. The unique constraint is
    what makes `send-reminders` safe to run twice at once: only one run can
    insert the row, and only the run that inserted it sends."""

    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    object_id = models.BigIntegerField()
    due_on = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on", "recipient"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} due {self.due_on}"


class TravelArrangement(models.Model):
    """The employee's own record for the travel section of the plan: who to call in
    an emergency and how they check in on the way to and from work. Saving again
    adds a row (the newest is current, older rows its history), never overwrites.
    Not chained: it is the employee's safety arrangement, not part of what happened,
    and it holds other people's telephone numbers that no evidence pack should."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="travel_arrangements")
    contact_name = models.CharField(max_length=120)
    contact_relationship = models.CharField(max_length=80, blank=True)
    contact_phone = models.CharField(max_length=40)
    second_contact_name = models.CharField(max_length=120, blank=True)
    second_contact_relationship = models.CharField(max_length=80, blank=True)
    second_contact_phone = models.CharField(max_length=40, blank=True)
    check_in_with = models.CharField(max_length=120, blank=True)
    check_in_when = models.CharField(max_length=500, blank=True)
    if_no_check_in = models.CharField(max_length=500, blank=True)
    # Beyond the employee and the case owner, the headteacher and the case's circle
    # (and the Workplace Champion, if the employee lets them see the plan).
    shared_with_case_team = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "-recorded_at", "-id"], name="travel_by_case")]

    def __str__(self) -> str:
        return f"Travel arrangement for {self.case} at {self.recorded_at:%Y-%m-%d %H:%M}"

"""A staff member's completion of the awareness module. Only that they passed,
and when, is kept: never their answers (the statistics report completion rates,
and a wrong first try is nobody's business)."""

from django.db import models
from django.utils import timezone


class AwarenessCompletion(models.Model):
    """One pass of the module by one staff member. Append-only: taking it again
    adds a row, so the history of completions stays; none is edited or deleted.
    Not part of any case, so not in a case's hash chain: the audit event written
    in the same transaction is chained (audit/chain.py)."""

    staff = models.ForeignKey(
        "schools.StaffMember", on_delete=models.PROTECT, related_name="awareness_completions"
    )
    # The staff member's school, kept on the row so the rates of a page of schools
    # are one indexed range per school, not a join through every member of staff.
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField()
    completed_at = models.DateTimeField(default=timezone.now, editable=False)
    # Which edition of the module's text and questions was passed (content.VERSION).
    module_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["-completed_on", "-completed_at", "-id"]
        indexes = [
            # My work and the staff member's own status: their newest completion.
            models.Index(fields=["staff", "-completed_on"], name="awareness_staff_latest"),
            # The rates: completions of a school within its renewal period.
            models.Index(fields=["school", "completed_on", "staff"], name="awareness_school_period"),
        ]

    def __str__(self) -> str:
        return f"Awareness module completed by {self.staff} on {self.completed_on}"

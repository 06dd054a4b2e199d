from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Trust(models.Model):
    """A multi-academy trust or local authority: the level at which patterns are seen."""

    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="schools")
    name = models.CharField(max_length=200)
    workplace_champion = models.ForeignKey(
        "schools.StaffMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unacceptable_actions_policy_url = models.URLField(blank=True)
    cctv_policy_url = models.URLField(blank=True)
    # Occasions further apart than this may not be read as one course of conduct.
    conduct_gap_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    # The window for "incidents are becoming more frequent": this many days against the same before.
    escalation_window_days = models.PositiveIntegerField(
        default=28, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    # Staff take the awareness module again this many months after they last passed it.
    awareness_renewal_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # Support for staff, shown on "Your support" (schools/helplines.py for the rules).
    employee_assistance_name = models.CharField(max_length=120, blank=True)
    employee_assistance_phone = models.CharField(max_length=40, blank=True)
    employee_assistance_url = models.URLField(max_length=200, blank=True)
    employee_assistance_about = models.CharField(max_length=300, blank=True)
    show_national_helplines = models.BooleanField(default=True)
    # The school's own lines: [{"name", "phone", "url", "about"}], at most helplines.LOCAL_LIMIT.
    local_helplines = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["trust", "name"], name="unique_school_name_in_trust")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    LINE_MANAGER = "line_manager", "Line manager"
    HEADTEACHER = "headteacher", "Headteacher"
    WORKPLACE_CHAMPION = "workplace_champion", "Workplace Champion"
    FRONT_OFFICE = "front_office", "Front office"
    TRUST_LEAD = "trust_lead", "Trust lead"
    ADMINISTRATOR = "administrator", "Administrator"


class StaffMember(models.Model):
    """One entry in a school's staff directory; may or may not have a sign-in."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
    )
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    # Who an employee's diary entries go to when they share them.
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="one_staff_record_per_user_per_school"),
        ]

    def __str__(self) -> str:
        return self.full_name


class RoleAssignment(models.Model):
    """A role held in the staff member's school. A person may hold several."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="unique_role_per_staff")]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_role_display()}"

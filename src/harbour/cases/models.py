from django.conf import settings
from django.db import models
from django.utils import timezone


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    MONITORING = "monitoring", "Monitoring"
    CLOSED = "closed", "Closed"


class ColleaguesMayKnow(models.TextChoices):
    NOTHING = "nothing", "Nothing"
    NOT_ON_SITE = "not_on_site", "Only that they must not say whether the employee is on site"
    FRONT_DESK = "front_desk", "That, and the front-desk instructions"


class ChampionSees(models.TextChoices):
    NOTHING = "nothing", "Nothing: the Workplace Champion is not told"
    SUPPORT = "support", "That there is a case, its summary and the action plan"
    EVERYTHING = "everything", "The whole case record, to read"


class Case(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="cases")
    owner = models.ForeignKey("schools.StaffMember", on_delete=models.PROTECT, related_name="owned_cases")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    people = models.ManyToManyField("cases.PersonOfConcern", through="cases.CasePerson", related_name="cases")
    # Every open case has one; a meeting books it, the owner can move it (audited).
    next_review_on = models.DateField(null=True, blank=True)
    # The employee's confidentiality choices as they stand now; each change is a
    # ConfidentialityChoice row, so the history is never overwritten.
    colleagues_may_know = models.CharField(
        max_length=16, choices=ColleaguesMayKnow.choices, default=ColleaguesMayKnow.NOTHING
    )
    front_desk_instruction = models.TextField(blank=True)
    # The risk level a person last decided (risk.RiskDecision holds who, when and why).
    risk_level = models.CharField(max_length=8, blank=True)
    champion_sees = models.CharField(
        max_length=16, choices=ChampionSees.choices, default=ChampionSees.NOTHING
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        # The case list's arms (a school's cases, a person's own) filtered by status
        # and read newest first: each arm of the access OR is one index range.
        indexes = [
            models.Index(fields=["school", "status", "-opened_at", "-id"], name="case_list_by_school"),
            models.Index(fields=["owner", "status", "-opened_at", "-id"], name="case_list_by_owner"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"HB-{self.pk:05d}" if self.pk else "HB-new"


class ConfidentialityChoice(models.Model):
    """The employee's choices at one moment: who made the change and when. The
    newest row is what Case holds now."""

    chain_kind = "confidentiality"
    chain_label = "Confidentiality choice"
    chain_fields = (
        "id",
        "case_id",
        "colleagues_may_know",
        "front_desk_instruction",
        "champion_sees",
        "at",
        "by_id",
    )

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="confidentiality_choices")
    colleagues_may_know = models.CharField(max_length=16, choices=ColleaguesMayKnow.choices)
    front_desk_instruction = models.TextField(blank=True)
    champion_sees = models.CharField(max_length=16, choices=ChampionSees.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Choices for {self.case} at {self.at:%Y-%m-%d %H:%M}"


class CaseStatusChange(models.Model):
    """The history behind Case.status: every change with its date and who made it."""

    chain_kind = "status_change"
    chain_label = "Status change"
    chain_fields = ("id", "case_id", "status", "at", "by_id", "note")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(max_length=16, choices=CaseStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.status} at {self.at:%Y-%m-%d %H:%M}"


class CircleRole(models.TextChoices):
    EMPLOYEE = "employee", "Employee affected"
    MEMBER = "member", "May see the case"


class CaseMember(models.Model):
    """A named person in the case's circle. The employee(s) affected are members
    with the employee role; everyone else here has been given sight of the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="members")
    staff = models.ForeignKey(
        "schools.StaffMember", on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField(max_length=16, choices=CircleRole.choices, default=CircleRole.MEMBER)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["role", "staff__full_name"]
        constraints = [models.UniqueConstraint(fields=["case", "staff"], name="one_membership_per_case")]

    def __str__(self) -> str:
        return f"{self.staff} on {self.case}"


class Relationship(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    CUSTOMER_VISITOR = "customer_visitor", "Customer or visitor"
    CONTRACTOR = "contractor", "Contractor"
    COLLEAGUE = "colleague", "Colleague"
    UNKNOWN = "unknown", "Not known"


class PersonOfConcern(models.Model):
    """The person whose behaviour is unwanted. Their name may not be known; one
    person can be linked to several cases in the school."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="people_of_concern")
    relationship = models.CharField(max_length=32, choices=Relationship.choices, default=Relationship.UNKNOWN)
    name = models.CharField(max_length=200, blank=True)
    # The name as matched across the trust's schools: case and spacing folded.
    # Derived from name on every save, and indexed so matching is a lookup.
    name_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    aliases = models.CharField(max_length=400, blank=True)
    description = models.TextField(blank=True)
    vehicle = models.CharField(max_length=200, blank=True)
    context = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people of concern"

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.name or f"Unnamed person {self.pk}"


def name_key(name: str) -> str:
    """How a person's name is compared across schools: "  Pat  CONCERN " is "pat concern"."""
    return " ".join((name or "").split()).casefold()


class CasePerson(models.Model):
    chain_kind = "person_link"
    chain_label = "Person of concern linked"
    chain_fields = ("id", "case_id", "person_id", "added_at", "added_by_id")
    case = models.ForeignKey(Case, on_delete=models.PROTECT)
    person = models.ForeignKey(PersonOfConcern, on_delete=models.PROTECT)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="unique_person_per_case")]

    def __str__(self) -> str:
        return f"{self.person} on {self.case}"


class Location(models.TextChoices):
    ON_SITE = "on_site", "On the school site"
    NEAR_SITE = "near_site", "Near the school site"
    OUTSIDE_WORK = "outside_work", "Elsewhere, outside work"
    HOME = "home", "At or near the employee's home"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"
    POST = "post", "By post or delivery"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE_CALL = "phone_call", "Phone call"
    TEXT_MESSAGE = "text_message", "Text message"
    EMAIL = "email", "E-mail"
    SOCIAL_MEDIA = "social_media", "Social media or messaging app"
    LETTER = "letter", "Letter, card or parcel"
    THIRD_PARTY = "third_party", "Through other people"
    OTHER = "other", "Other"


class Impact(models.TextChoices):
    ALARM = "alarm", "Alarm"
    DISTRESS = "distress", "Distress"
    FEAR_OF_VIOLENCE = "fear_of_violence", "Fear that violence will be used"
    CHANGE_OF_ROUTINE = "change_of_routine", "Changed their routine"
    OTHER = "other", "Other effect"


class Incident(models.Model):
    """One diary entry, as first recorded. It is never changed afterwards: a
    correction is an IncidentAmendment, and the current account is the original
    with its amendments applied in order (see records.py)."""

    chain_kind = "incident"
    chain_label = "Incident"
    chain_fields = (
        "id", "case_id", "employee_id", "person_id", "occurred_on", "occurred_time",
        "time_is_approximate", "recorded_at", "recorded_by_id", "location", "location_detail",
        "channel", "behaviours", "account", "person_description", "clothing", "vehicle",
        "witnesses", "impacts", "impact_detail", "others_told", "reported_to_police",
        "crime_reference", "police_officer", "action_taken", "shared_at", "contact_after_restriction",
    )  # fmt: skip

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    employee = models.ForeignKey("schools.StaffMember", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        PersonOfConcern, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    time_is_approximate = models.BooleanField(default=False)
    # The contemporaneous timestamp: set by the server when the entry is saved.
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=32, choices=Location.choices)
    location_detail = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=32, choices=Channel.choices)
    behaviours = models.JSONField(default=list)  # codes from taxonomy.py
    account = models.TextField()
    person_description = models.TextField(blank=True)
    clothing = models.CharField(max_length=300, blank=True)
    vehicle = models.CharField(max_length=300, blank=True)
    witnesses = models.TextField(blank=True)
    impacts = models.JSONField(default=list)  # Impact values
    impact_detail = models.TextField(blank=True)
    others_told = models.TextField(blank=True)
    reported_to_police = models.BooleanField(default=False)
    crime_reference = models.CharField(max_length=100, blank=True)
    police_officer = models.CharField(max_length=200, blank=True)
    action_taken = models.TextField(blank=True)
    # Set when the employee wrote this in their private diary and shared it later;
    # recorded_at then keeps the diary entry's original time.
    shared_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Logged by the front desk when the person made contact after a confirmed restriction.
    contact_after_restriction = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["occurred_on", "occurred_time", "recorded_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_on"])]

    def __str__(self) -> str:
        return f"Incident {self.pk} on {self.occurred_on}"


class IncidentAmendment(models.Model):
    """A correction to an incident: which fields changed, from what, to what, why,
    by whom and when. The original entry stays as it was recorded."""

    chain_kind = "amendment"
    chain_label = "Correction"
    chain_case = "incident__case"
    chain_fields = ("id", "incident_id", "at", "by_id", "reason", "changes")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="amendments")
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    changes = models.JSONField()  # {field: {"from": old, "to": new}} in JSON-safe form

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Amendment {self.pk} to incident {self.incident_id}"

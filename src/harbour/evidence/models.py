from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from harbour.audit.append_only import AppendOnlyModel
from harbour.plans.models import Answer


class EvidenceKind(models.TextChoices):
    SCREENSHOT = "screenshot", "Screenshot"
    PHOTO = "photo", "Photo"
    DOCUMENT = "document", "Document or letter"
    EMAIL = "email", "E-mail"
    AUDIO = "audio", "Audio recording"
    VIDEO = "video", "Video"
    GIFT = "gift", "Gift, card, letter or parcel"
    CCTV = "cctv", "CCTV footage"
    OTHER = "other", "Something else"


class HeldWhere(models.TextChoices):
    HARBOUR = "harbour", "Only here, in Harbour"
    EMPLOYEE_PHONE = "employee_phone", "On the employee's phone or computer"
    SCHOOL_CCTV = "school_cctv", "On the school's CCTV system"
    SCHOOL_SECURE = "school_secure", "Kept securely at school"
    SCHOOL_SYSTEMS = "school_systems", "In the school's e-mail or IT systems"
    POLICE = "police", "With the police"
    OTHER = "other", "Somewhere else"


class EvidenceItem(models.Model):
    """One piece of evidence for an incident: a file kept in Harbour, or a note of
    an original kept elsewhere (a parcel, footage, messages on a phone). Never
    changed once saved; it is an entry in the case's hash chain."""

    chain_kind = "evidence"
    chain_label = "Evidence"
    chain_fields = (
        "id", "case_id", "incident_id", "kind", "description", "held_where", "held_detail",
        "added_at", "added_by_id", "original_name", "content_type", "size", "sha256", "scan_result",
    )  # fmt: skip

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence_items")
    incident = models.ForeignKey("cases.Incident", on_delete=models.PROTECT, related_name="evidence_items")
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    description = models.CharField(max_length=300)
    held_where = models.CharField(max_length=16, choices=HeldWhere.choices)
    held_detail = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A file kept in Harbour: what it was called, what it is, and its SHA-256 as uploaded.
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # Random names in EVIDENCE_DIR (encrypted); never shown, never derived from the upload.
    stored_name = models.CharField(max_length=40, blank=True, editable=False)
    preview_name = models.CharField(max_length=40, blank=True, editable=False)
    scan_result = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"Evidence {self.pk} for incident {self.incident_id}"

    @property
    def has_file(self) -> bool:
        return bool(self.stored_name)

    @property
    def is_image(self) -> bool:
        return bool(self.preview_name)


class CctvPreservationRequest(models.Model):
    """A request to keep CCTV footage before the system records over it."""

    chain_kind = "cctv"
    chain_label = "CCTV preservation request"
    chain_fields = (
        "id", "case_id", "incident_id", "requested_by_name", "requested_of", "requested_on",
        "footage_from", "footage_to", "overwritten_on", "kept_where", "policy_covers_use",
        "policy_confirmed_by", "recorded_at", "recorded_by_id",
    )  # fmt: skip

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="cctv_requests")
    incident = models.ForeignKey("cases.Incident", on_delete=models.PROTECT, related_name="cctv_requests")
    requested_by_name = models.CharField(max_length=200)
    requested_of = models.CharField(max_length=200)
    requested_on = models.DateField()
    footage_from = models.DateTimeField()
    footage_to = models.DateTimeField()
    overwritten_on = models.DateField()
    kept_where = models.CharField(max_length=300)
    policy_covers_use = models.CharField(max_length=16, choices=Answer.choices, default=Answer.NOT_KNOWN)
    policy_confirmed_by = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"CCTV preservation request {self.pk}"


class ChainEntry(AppendOnlyModel):
    """One link of a case's hash chain. `content_hash` covers the record's hashed
    fields (chain.py); `entry_hash` covers the position, kind, record id, time,
    content hash and the previous entry's hash, in that order. No foreign key to the record, so
    a record deleted behind the app's back leaves its entry to say so. A record that
    may change (a plan action, a restriction) is chained again at each change; its
    newest entry is what it must hash to."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="chain_entries")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    chained_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="one_entry_per_chain_position"),
        ]
        indexes = [models.Index(fields=["case", "kind", "object_id"], name="chain_entry_by_record")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.position} {self.kind} {self.object_id}"


class EvidenceWithholding(models.Model):
    """The employee's choice about an incident or a piece of evidence: keep it out
    of evidence packs, or let it in. The newest row for a record decides."""

    chain_kind = "withholding"
    chain_label = "Choice about evidence packs"
    chain_fields = ("id", "case_id", "incident_id", "item_id", "withheld", "at", "by_id")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="withholdings")
    incident = models.ForeignKey(
        "cases.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="withholdings"
    )
    item = models.ForeignKey(
        EvidenceItem, on_delete=models.PROTECT, null=True, blank=True, related_name="withholdings"
    )
    withheld = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(incident__isnull=False) & Q(item__isnull=True))
                | (Q(incident__isnull=True) & Q(item__isnull=False)),
                name="withholding_names_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"Withholding {self.pk} ({'withheld' if self.withheld else 'shared'})"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class EvidencePack(models.Model):
    """A pack for the police or a court: a PDF and a ZIP of the PDF, the original
    files and a manifest of hashes. Built in the background; kept encrypted."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence_packs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf_name = models.CharField(max_length=40, blank=True, editable=False)
    zip_name = models.CharField(max_length=40, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    zip_sha256 = models.CharField(max_length=64, blank=True)
    chain_head = models.CharField(max_length=64, blank=True)
    chain_length = models.PositiveIntegerField(default=0)
    incident_count = models.PositiveIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    withheld_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Evidence pack {self.pk} for {self.case_id}"

    @property
    def reference(self) -> str:
        return f"{self.case.reference}-P{self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in {PackStatus.QUEUED, PackStatus.BUILDING}

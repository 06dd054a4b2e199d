"""Court orders and police warnings against a person of concern, recorded on a
case: Stalking Protection Orders (and interim ones), non-molestation orders,
restraining orders and police warnings about harassment.

An order is never changed in place. `ProtectiveOrder` is the order's identity
(which case, which person); each `OrderVersion` is its terms as recorded at one
time, numbered from 1, and the highest number is what is in force now (a
variation by the court, a correction, a discharge by an earlier expiry date are
all new versions with a note saying why). A contact attempt logged by reception
while an order is in force is kept as a `PossibleBreach`, and what the police
were told about it as a `BreachReport` (a new row for each report)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OrderKind(models.TextChoices):
    STALKING_PROTECTION = "stalking_protection", "Stalking Protection Order"
    INTERIM_STALKING_PROTECTION = "interim_stalking_protection", "Interim Stalking Protection Order"
    NON_MOLESTATION = "non_molestation", "Non-molestation order"
    RESTRAINING = "restraining", "Restraining order"
    POLICE_WARNING = "police_warning", "Police warning about harassment"


class ProtectiveOrder(models.Model):
    chain_kind = "protective_order"
    chain_label = "Court order or police warning"
    chain_fields = ("id", "case_id", "person_id", "created_at", "created_by_id")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="protective_orders")
    person = models.ForeignKey(
        "cases.PersonOfConcern", on_delete=models.PROTECT, related_name="protective_orders"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Order {self.pk} on case {self.case_id}"


class OrderVersion(models.Model):
    chain_kind = "order_version"
    chain_label = "Terms of a court order or police warning"
    chain_case = "order__case"
    chain_fields = (
        "id", "order_id", "kind", "number", "conditions", "made_on", "starts_on", "expires_on", "issued_by",
        "reference", "change_note", "recorded_at", "recorded_by_id",
    )  # fmt: skip

    order = models.ForeignKey(ProtectiveOrder, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=32, choices=OrderKind.choices)
    conditions = models.TextField()
    made_on = models.DateField()
    starts_on = models.DateField()
    # The last day the order has effect; none for an order without an end date.
    expires_on = models.DateField(null=True, blank=True)
    issued_by = models.CharField(max_length=200)  # the court, or the police force
    reference = models.CharField(max_length=100, blank=True)
    change_note = models.TextField(blank=True)  # why this version replaced the one before
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["order", "number"]
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="one_number_per_order")]

    def __str__(self) -> str:
        return f"Version {self.number} of order {self.order_id}"


class PossibleBreach(models.Model):
    """Reception logged contact from the person while an order was in force. The
    version is the terms that were in force at that moment."""

    chain_kind = "possible_breach"
    chain_label = "Possible breach of an order"
    chain_fields = ("id", "case_id", "order_id", "version_id", "attempt_id", "flagged_at")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="possible_breaches")
    order = models.ForeignKey(ProtectiveOrder, on_delete=models.PROTECT, related_name="possible_breaches")
    version = models.ForeignKey(OrderVersion, on_delete=models.PROTECT, related_name="possible_breaches")
    attempt = models.ForeignKey(
        "frontdesk.ContactAttempt", on_delete=models.PROTECT, related_name="possible_breaches"
    )
    flagged_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-flagged_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["order", "attempt"], name="one_breach_per_attempt")]

    def __str__(self) -> str:
        return f"Possible breach {self.pk} of order {self.order_id}"


class BreachReport(models.Model):
    """What the police were told about a possible breach: their reference and when."""

    chain_kind = "breach_report"
    chain_label = "Police reference for a possible breach"
    chain_case = "breach__case"
    chain_fields = (
        "id",
        "breach_id",
        "police_reference",
        "reported_on",
        "note",
        "recorded_at",
        "recorded_by_id",
    )

    breach = models.ForeignKey(PossibleBreach, on_delete=models.PROTECT, related_name="reports")
    police_reference = models.CharField(max_length=100)
    reported_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Police report for possible breach {self.breach_id}"

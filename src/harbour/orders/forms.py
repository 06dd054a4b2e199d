from django import forms

from harbour import limits
from harbour.orders.models import BreachReport, OrderKind, OrderVersion
from harbour.web.widgets import GovukDateField


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class OrderForm(forms.Form):
    """A new order (with its person) or new terms for one (with a note saying why)."""

    person = forms.TypedChoiceField(label="Who is the order or warning against?", coerce=int)
    kind = forms.ChoiceField(
        label="Kind of order or warning", choices=OrderKind.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        max_length=limits.TEXT,
        label="Conditions",
        help_text="What the person must not do, or must do, as the court or the police wrote it.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    made_on = GovukDateField(
        label="Made on", help_text="The day the court made the order or the police gave the warning."
    )
    starts_on = GovukDateField(
        label="Starts on", required=False, help_text="Leave blank if it started the day it was made."
    )
    expires_on = GovukDateField(
        label="Expires on",
        required=False,
        help_text="The last day it has effect. Leave blank if it has no end date.",
    )
    issued_by = forms.CharField(
        label="Court or police force",
        max_length=_limit(OrderVersion, "issued_by"),
        help_text="For example, Leeds Magistrates' Court.",
    )
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=_limit(OrderVersion, "reference"),
        help_text="The court's case number or the police reference.",
    )
    change_note = forms.CharField(
        max_length=limits.REASON,
        label="What changed and why",
        help_text="For example: varied by the court on 3 March; the exclusion zone now includes the station.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people=None, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", "Choose a person")] + [
                (p.pk, p.display_name) for p in people
            ]
        if not amending:
            del self.fields["change_note"]
        messages = {
            "person": "Choose who the order or warning is against.",
            "kind": "Choose the kind of order or warning.",
            "conditions": "Write what the order forbids or requires, as the court or police wrote it.",
            "made_on": "Enter the date the order was made or the warning given.",
            "issued_by": "Enter the court that made the order, or the police force that gave the warning.",
            "change_note": "Say what changed and why.",
        }
        for name, message in messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class BreachReportForm(forms.Form):
    police_reference = forms.CharField(
        label="Police reference",
        max_length=_limit(BreachReport, "police_reference"),
        help_text="The incident or crime number the police gave when it was reported.",
    )
    reported_on = GovukDateField(label="Reported to the police on")
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["police_reference"].error_messages["required"] = "Enter the reference the police gave."
        self.fields["reported_on"].error_messages["required"] = (
            "Enter the date it was reported to the police."
        )

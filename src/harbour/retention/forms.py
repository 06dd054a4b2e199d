from django import forms

from harbour.retention.models import MAX_MONTHS, MIN_MONTHS, RecordKind


class ScheduleForm(forms.Form):
    """One field per kind of record: months kept. Limits come from the model's."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            field = forms.IntegerField(
                label=row["label"],
                min_value=MIN_MONTHS,
                max_value=MAX_MONTHS,
                initial=row["months"],
                help_text=f"Months kept {row['kept_from']}. Harbour's default is {row['default_months']}.",
                error_messages={
                    "required": "Enter a number of months.",
                    "invalid": "Enter a whole number of months, like 72.",
                    "min_value": f"Enter at least {MIN_MONTHS} month.",
                    "max_value": f"Enter {MAX_MONTHS} months or fewer.",
                },
            )
            field.widget.input_type = "text"
            field.widget.attrs["inputmode"] = "numeric"
            self.fields[row["kind"]] = field

    def months(self) -> dict[str, int]:
        return {kind: self.cleaned_data[kind] for kind in RecordKind.values if kind in self.cleaned_data}


class PlaceHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why is this case being held?",
        help_text="For example the claim, tribunal, investigation or request it is for. No names of people.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the case is being held.",
            "max_length": "Keep the reason to 500 characters or fewer.",
        },
    )


class LiftHoldForm(forms.Form):
    lift_reason = forms.CharField(
        label="Why can the hold be lifted?",
        help_text="For example, the claim was settled. The schedule then applies again.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the hold can be lifted.",
            "max_length": "Keep the reason to 500 characters or fewer.",
        },
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name of the person of concern", max_length=100, required=False)

from django import forms

from harbour.reasonable_steps import period
from harbour.web.widgets import GovukDateField


class PeriodForm(forms.Form):
    """The period a report covers: two GOV.UK dates, checked by period.problems."""

    start = GovukDateField(label="From", help_text="For example, 1 9 2026")
    end = GovukDateField(label="To", help_text="For example, 31 8 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].error_messages["required"] = "Enter the first day of the period."
        self.fields["end"].error_messages["required"] = "Enter the last day of the period."

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            for name, problem in period.problems(start, end).items():
                self.add_error(name, problem)
        return data

    def period(self) -> period.Period:
        return period.Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])


def query_of(chosen: period.Period) -> dict[str, str]:
    """The form's fields for a period, for links to the same report (the PDF)."""
    values = {}
    for name, day in (("start", chosen.start), ("end", chosen.end)):
        values.update({f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)})
    return values

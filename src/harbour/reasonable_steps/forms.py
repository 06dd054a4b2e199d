from django import forms

from harbour.statistics import choice
from harbour.statistics.periods import AcademicYear

# Names a range of dates would come in under (the report once took one): refused,
# not quietly replaced by the default year.
DATE_RANGE_FIELDS = ("start", "end", "from", "to")
NOT_A_RANGE = "A report covers one whole academic year, not a range of dates. Choose an academic year."


class YearForm(forms.Form):
    """The academic year a report covers, one of those the statistics offer
    (harbour.statistics.periods): whole years only, so that no two reports can be
    set against each other to work out a count each shows as "fewer than 5"."""

    year = forms.ChoiceField(label="Academic year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.code, year.label) for year in choice.period_choices()]
        self.fields["year"].error_messages["required"] = "Choose an academic year."
        self.fields["year"].error_messages["invalid_choice"] = "Choose an academic year from the list."

    def clean(self):
        data = super().clean()
        if self.is_bound and any(name.startswith(DATE_RANGE_FIELDS) for name in self.data):
            self.errors.pop("year", None)  # one message, the one that says what is wrong
            self.add_error("year", NOT_A_RANGE)
        return data

    def chosen(self) -> AcademicYear:
        code = self.cleaned_data["year"]
        return choice.period_for(code)

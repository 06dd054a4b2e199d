from django import forms

from harbour.onboarding.rows import MAX_BYTES, MAX_ROWS
from harbour.schools.forms import SchoolSettingsForm
from harbour.schools.models import School, Trust


class StaffFileForm(forms.Form):
    file = forms.FileField(
        label="Staff list (CSV file)",
        help_text=f"Saved from your spreadsheet or MIS as CSV UTF-8, up to {MAX_ROWS:,} staff and "
        f"{MAX_BYTES // (1024 * 1024)} MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages.update(
            required="Choose the CSV file of your staff.",
            empty="The file is empty.",
            invalid="Choose the CSV file of your staff.",
        )

    def content(self) -> bytes:
        """The file's bytes, one more than the limit at most, so a huge upload is
        refused by its size without being read whole."""
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(MAX_BYTES + 1)


class NewSchoolForm(SchoolSettingsForm):
    """The school settings form for a school that does not exist yet: no staff,
    so no Workplace Champion to choose; and the trust, if the administrator has more than one."""

    trust = forms.ModelChoiceField(label="Trust", queryset=Trust.objects.none(), empty_label=None)

    class Meta(SchoolSettingsForm.Meta):
        fields = [f for f in SchoolSettingsForm.Meta.fields if f != "workplace_champion"]

    def __init__(self, *args, trusts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trust"].queryset = trusts
        self.fields["trust"].error_messages["invalid_choice"] = "Choose one of your trusts."
        self.fields["trust"].error_messages["required"] = "Choose the trust."
        self.order_fields(["trust", "name"])

    def clean(self):
        cleaned = super().clean()
        trust, name = cleaned.get("trust"), cleaned.get("name")
        if trust and name and School.objects.filter(trust=trust, name__iexact=name.strip()).exists():
            self.add_error("name", f"{trust.name} already has a school called {name.strip()}.")
        return cleaned

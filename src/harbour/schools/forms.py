from django import forms

from harbour.schools.models import Role, School

URL_LIMIT = School._meta.get_field("cctv_policy_url").max_length


class StaffForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    email = forms.EmailField(
        label="Work e-mail", required=False, help_text="Harbour's e-mails only ever carry a link."
    )
    roles = forms.MultipleChoiceField(
        label="Roles in Harbour",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Everyone is an employee; choose any other roles they hold.",
    )
    is_active = forms.BooleanField(
        label="Active: may sign in and be chosen on cases", required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = "Enter the person's full name."
        self.fields["email"].error_messages["invalid"] = "Enter an e-mail address like name@school.example."


class SchoolSettingsForm(forms.ModelForm):
    unacceptable_actions_policy_url = forms.URLField(
        label="Link to the Unacceptable Actions policy",
        required=False,
        assume_scheme="https",
        max_length=URL_LIMIT,
    )
    cctv_policy_url = forms.URLField(
        label="Link to the CCTV policy and privacy notice",
        required=False,
        assume_scheme="https",
        max_length=URL_LIMIT,
    )

    class Meta:
        model = School
        fields = [
            "name",
            "workplace_champion",
            "unacceptable_actions_policy_url",
            "cctv_policy_url",
            "conduct_gap_days",
            "escalation_window_days",
            "awareness_renewal_months",
        ]
        labels = {
            "name": "School name",
            "workplace_champion": "Workplace Champion",
            "unacceptable_actions_policy_url": "Link to the Unacceptable Actions policy",
            "cctv_policy_url": "Link to the CCTV policy and privacy notice",
            "conduct_gap_days": "Longest gap between occasions, in days",
            "escalation_window_days": "Window for rising frequency, in days",
            "awareness_renewal_months": "Awareness module renewal, in months",
        }
        help_texts = {
            "workplace_champion": "Staff can go to them for confidential support and advice.",
            "conduct_gap_days": "Harbour warns when occasions are further apart than this, "
            "because they may not be read as one course of conduct.",
            "escalation_window_days": "Harbour raises a signal when the latest window holds more incidents "
            "than the one before it.",
            "awareness_renewal_months": "Staff are asked to take the awareness module again this many months "
            "after they last passed it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        champion = self.fields.get("workplace_champion")
        if champion is not None:  # a school being added has no staff to choose from
            champion.queryset = self.instance.staff.filter(is_active=True)
            champion.empty_label = "No Workplace Champion yet"
        self.fields["name"].error_messages["required"] = "Enter the school's name."
        for name in ("unacceptable_actions_policy_url", "cctv_policy_url"):
            self.fields[name].error_messages["invalid"] = "Enter a full web address, starting https://"
        gap = self.fields["conduct_gap_days"]
        gap.error_messages.update(
            required="Enter a number of days.",
            invalid="Enter a whole number of days.",
            min_value="Enter at least 1 day.",
            max_value="Enter 3650 days or fewer.",
        )
        gap.widget.input_type = "text"
        gap.widget.attrs["inputmode"] = "numeric"
        window = self.fields["escalation_window_days"]
        window.error_messages.update(
            required="Enter a number of days.",
            invalid="Enter a whole number of days.",
            min_value="Enter at least 7 days.",
            max_value="Enter 365 days or fewer.",
        )
        window.widget.input_type = "text"
        window.widget.attrs["inputmode"] = "numeric"
        renewal = self.fields["awareness_renewal_months"]
        renewal.error_messages.update(
            required="Enter a number of months.",
            invalid="Enter a whole number of months.",
            min_value="Enter at least 1 month.",
            max_value="Enter 60 months or fewer.",
        )
        renewal.widget.input_type = "text"
        renewal.widget.attrs["inputmode"] = "numeric"

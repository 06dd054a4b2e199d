"""Page forms for the case record. They turn posted answers into the JSON-safe
values the services check; the rules of a valid record live in services.py."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from harbour import limits
from harbour.cases import records, taxonomy
from harbour.cases.models import (
    CaseStatus,
    Channel,
    CircleRole,
    Impact,
    Location,
    PersonOfConcern,
    Relationship,
)
from harbour.web.widgets import GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_time(raw: str) -> datetime.time | None:
    """A time typed as 15:40 or 15.40; blank is no time."""
    raw = (raw or "").strip()
    if not raw:
        return None
    match = _TIME.match(raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError("Enter a time like 15:40, or leave it blank.")
    return datetime.time(int(match[1]), int(match[2]))


def staff_label(staff, several_schools: bool) -> str:
    return f"{staff.full_name} ({staff.school.name})" if several_schools else staff.full_name


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's field-keyed errors beside the matching fields."""
    for name, messages in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class OpenCaseForm(forms.Form):
    employee = forms.TypedChoiceField(label="Employee affected", coerce=int)
    owner = forms.TypedChoiceField(
        label="Case owner",
        coerce=int,
        help_text="Usually the employee's line manager. They will meet the employee.",
    )
    person = forms.TypedChoiceField(
        label="Person of concern",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="You can add a new person from the case page.",
    )

    def __init__(self, *args, staff, people, own_staff_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        several = len({s.school_id for s in staff}) > 1
        staff_choices = [("", "Choose a member of staff")] + [(s.pk, staff_label(s, several)) for s in staff]
        self.fields["employee"].choices = staff_choices
        self.fields["owner"].choices = staff_choices
        self.fields["employee"].error_messages["required"] = "Choose the employee affected."
        self.fields["owner"].error_messages["required"] = "Choose who owns the case."
        if own_staff_id and not self.is_bound:
            self.initial.setdefault("owner", own_staff_id)
        self.fields["person"].choices = [("", "Not recorded yet")] + [(p.pk, p.display_name) for p in people]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=CaseStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Why the status is changing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: no contact for six weeks, or the parent has left the school.",
    )


class CircleForm(forms.Form):
    staff = forms.TypedChoiceField(label="Member of staff", coerce=int)
    role = forms.ChoiceField(
        label="Their place in the case",
        choices=CircleRole.choices,
        widget=forms.RadioSelect,
        initial="member",
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "Choose a member of staff")] + [
            (s.pk, s.full_name) for s in staff
        ]
        self.fields["staff"].error_messages["required"] = "Choose a member of staff."


class PersonForm(forms.ModelForm):
    # TextFields: the model has no length, the form keeps them to the shared limit.
    description = forms.CharField(
        max_length=limits.TEXT,
        required=False,
        label="How to recognise them",
        help_text="Height, build, hair, anything distinctive.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    context = forms.CharField(
        max_length=limits.TEXT,
        required=False,
        label="Context",
        help_text="For example, the pupil they are linked to.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = PersonOfConcern
        fields = ["relationship", "name", "aliases", "description", "vehicle", "context"]
        labels = {
            "relationship": "How are they connected to the school?",
            "name": "Name",
            "aliases": "Other names they use",
            "vehicle": "Vehicle",
        }
        help_texts = {
            "name": "Leave blank if it is not known.",
            "vehicle": "Make, colour and registration if known.",
        }
        widgets = {
            "relationship": forms.RadioSelect(choices=Relationship.choices),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = Relationship.choices

    def values(self) -> dict:
        return dict(self.cleaned_data)


class LinkPersonForm(forms.Form):
    person = forms.TypedChoiceField(label="Person of concern", coerce=int)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person")] + [(p.pk, p.display_name) for p in people]
        self.fields["person"].error_messages["required"] = "Choose a person."


class IncidentForm(forms.Form):
    """What happened, with the details police and stalking services ask for."""

    employee = forms.TypedChoiceField(label="Who did this happen to?", coerce=int)
    person = forms.TypedChoiceField(
        label="Who was it?",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Add a person to the case first if they are not listed.",
    )
    occurred_on = GovukDateField(label="When did it happen?", help_text="For example, 27 3 2026")
    occurred_time = forms.CharField(
        label="Time", required=False, max_length=5, help_text="Use the 24-hour clock, for example 15:40"
    )
    time_is_approximate = forms.BooleanField(label="The date or time is approximate", required=False)
    location = forms.ChoiceField(
        label="Where did it happen?", choices=Location.choices, widget=forms.RadioSelect
    )
    location_detail = forms.CharField(
        label="Where exactly", required=False, max_length=300, help_text="For example, the car park gate."
    )
    channel = forms.ChoiceField(
        label="How did the contact happen?", choices=Channel.choices, widget=forms.RadioSelect
    )
    behaviours = forms.MultipleChoiceField(
        label="What kind of behaviour was it?",
        choices=taxonomy.choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
    )
    account = forms.CharField(
        max_length=limits.TEXT,
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what was said and done, in order, as plainly as you can. "
        "Write what you saw and heard.",
    )
    person_description = forms.CharField(
        max_length=limits.TEXT,
        label="How did the person look this time?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    clothing = forms.CharField(label="What were they wearing?", required=False, max_length=300)
    vehicle = forms.CharField(
        label="Vehicle", required=False, max_length=300, help_text="Make, colour, registration."
    )
    witnesses = forms.CharField(
        max_length=limits.TEXT,
        label="Witnesses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who saw or heard it, and how to reach them.",
    )
    impacts = forms.MultipleChoiceField(
        label="How did it affect the employee?",
        required=False,
        choices=Impact.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
    )
    impact_detail = forms.CharField(
        max_length=limits.TEXT,
        label="More about the effect",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    others_told = forms.CharField(
        max_length=limits.TEXT,
        label="Who else has been told?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reported_to_police = forms.ChoiceField(
        label="Has it been reported to the police?", choices=YES_NO, widget=forms.RadioSelect, initial="no"
    )
    crime_reference = forms.CharField(label="Crime reference number", required=False, max_length=100)
    police_officer = forms.CharField(label="Police officer", required=False, max_length=200)
    action_taken = forms.CharField(
        max_length=limits.TEXT,
        label="Action taken at the time",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = list(records.AMENDABLE_FIELDS)

    def __init__(self, *args, employees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].choices = [(s.pk, s.full_name) for s in employees]
        if len(employees) == 1 and not self.is_bound:
            self.initial.setdefault("employee", employees[0].pk)
        self.fields["employee"].widget = forms.RadioSelect()
        self.fields["employee"].widget.choices = self.fields["employee"].choices
        self.fields["employee"].error_messages["required"] = "Choose the employee this happened to."
        self.fields["person"].choices = [("", "Not known")] + [(p.pk, p.display_name) for p in people]
        self.fields["behaviours"].choice_hints = {b.code: b.explanation for b in taxonomy.BEHAVIOURS}
        self.fields["occurred_on"].error_messages["required"] = "Enter the date it happened."
        self.fields["location"].error_messages["required"] = "Choose where it happened."
        self.fields["channel"].error_messages["required"] = "Choose how the contact happened."
        self.fields["behaviours"].error_messages["required"] = "Choose at least one behaviour."
        self.fields["account"].error_messages["required"] = "Describe what happened."

    def clean_occurred_time(self):
        return parse_time(self.cleaned_data.get("occurred_time", ""))

    def values(self) -> dict:
        """The answers in the JSON-safe form the services take."""
        data = self.cleaned_data
        return {
            **{
                name: records.to_json(name, data.get(name))
                for name in records.AMENDABLE_FIELDS
                if name in data
            },
            "reported_to_police": data.get("reported_to_police") == "yes",
        }

    @classmethod
    def initial_from(cls, record) -> dict:
        values = dict(record.values)
        initial = {name: records.from_json(name, value) for name, value in values.items()}
        if initial.get("occurred_time"):
            initial["occurred_time"] = initial["occurred_time"].strftime("%H:%M")
        initial["reported_to_police"] = "yes" if values.get("reported_to_police") else "no"
        return initial


class AmendIncidentForm(IncidentForm):
    reason = forms.CharField(
        max_length=limits.REASON,
        label="Why is this being corrected?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The original stays on the record with your correction and this reason beside it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why this is being corrected."

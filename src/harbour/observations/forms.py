"""Page forms for observations. Limits and choices come from the model."""

from django import forms

from harbour.cases.forms import parse_time
from harbour.cases.models import Location
from harbour.observations import selectors
from harbour.observations.models import Kind, Observation
from harbour.web.widgets import GovukDateField


def _limit(name: str) -> int:
    return Observation._meta.get_field(name).max_length


class ObservationForm(forms.Form):
    about = forms.TypedChoiceField(label="Who is it about?", coerce=int)
    kind = forms.ChoiceField(
        label="What did you see or hear?", choices=Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label="Tell us briefly what happened",
        max_length=_limit("description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, what they asked and what you said. Keep to what you saw or heard.",
    )
    seen_on = GovukDateField(label="When was it?", help_text="For example, 27 3 2026")
    seen_time = forms.CharField(
        label="Time", required=False, max_length=5, help_text="Use the 24-hour clock, for example 15:40"
    )
    location = forms.ChoiceField(label="Where was it?", choices=Location.choices, widget=forms.RadioSelect)
    location_detail = forms.CharField(
        label="Where exactly",
        required=False,
        max_length=_limit("location_detail"),
        help_text="For example, the main gate.",
    )
    person_description = forms.CharField(
        label="Who was it?",
        required=False,
        max_length=_limit("person_description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What they looked like, their name if they gave it, whose parent they said they were.",
    )
    person = forms.TypedChoiceField(
        label="Is it someone the school already knows about?", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, staff, people, front_desk=False, **kwargs):
        super().__init__(*args, **kwargs)
        several = len({s.school_id for s in staff}) > 1
        self.fields["about"].choices = [("", "Choose a member of staff")] + [
            (s.pk, f"{s.full_name} ({s.school.name})" if several else s.full_name) for s in staff
        ]
        if people:
            self.fields["person"].choices = [("", "Not known, or not listed")] + [
                (p.pk, p.display_name) for p in people
            ]
        else:
            del self.fields["person"]
            self.fields["person_description"].required = True
            self.fields["person_description"].error_messages["required"] = (
                "Describe the person, for example what they looked like or said."
            )
        if front_desk:
            del self.fields["kind"]
            self.fields["about"].label = "Who did they ask for?"
            self.fields["description"].label = "What did they say?"
            self.fields[
                "description"
            ].help_text = "For example, whether they asked when the member of staff is in."
            self.fields["seen_on"].label = "When did they ask?"
            self.fields["location"].label = "How did they ask?"
        self.fields["about"].error_messages["required"] = "Choose who it is about."
        self.fields["about"].error_messages["invalid_choice"] = "Choose a member of staff from the list."
        if "kind" in self.fields:
            self.fields["kind"].error_messages["required"] = "Choose what you saw or heard."
        self.fields["description"].error_messages["required"] = "Say briefly what you saw or heard."
        self.fields["seen_on"].error_messages["required"] = "Enter the date."
        self.fields["location"].error_messages["required"] = "Choose where it happened."

    def clean_seen_time(self):
        return parse_time(self.cleaned_data.get("seen_time", ""))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Should this become part of your record?",
        choices=[("accept", "Yes, add it to my record"), ("decline", "No, leave it out")],
        widget=forms.RadioSelect,
    )
    case = forms.TypedChoiceField(
        label="Which case should it join?", coerce=int, required=False, empty_value=None
    )
    open_case = forms.BooleanField(
        label="I agree to a case being opened, so that this is recorded and the school can support me",
        required=False,
    )
    behaviour = forms.ChoiceField(label="Which of these describes it best?", required=False)

    def __init__(self, *args, cases, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose whether to add it to your record."
        if len(cases) > 1:
            self.fields["case"].choices = [("", "Choose a case")] + [(c.pk, c.reference) for c in cases]
        else:
            del self.fields["case"]
        if cases:
            del self.fields["open_case"]
        if kind == Kind.OTHER:
            self.fields["behaviour"].choices = [("", "Choose a behaviour")] + selectors.behaviour_choices()
        else:
            del self.fields["behaviour"]

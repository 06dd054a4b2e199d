from django import forms

from harbour import limits
from harbour.cases import taxonomy
from harbour.cases.forms import parse_time
from harbour.cases.models import Channel, Location
from harbour.web.widgets import GovukDateField


class DiaryForm(forms.Form):
    """Few questions, quick on a phone: when, where, what kind, what happened."""

    occurred_on = GovukDateField(label="When did it happen?", help_text="For example, 27 3 2026")
    occurred_time = forms.CharField(
        label="Time", required=False, max_length=5, help_text="For example, 15:40"
    )
    location = forms.ChoiceField(
        label="Where did it happen?", choices=Location.choices, widget=forms.RadioSelect
    )
    behaviours = forms.MultipleChoiceField(
        label="What happened?",
        choices=taxonomy.choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply.",
    )
    account = forms.CharField(
        max_length=limits.TEXT,
        label="In your own words",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was said and done. A few lines is enough.",
    )
    channel = forms.ChoiceField(
        label="How did it happen?", required=False, choices=[("", "Not sure or other"), *Channel.choices]
    )
    who = forms.CharField(
        max_length=limits.TEXT,
        label="Who was it, or what did they look like?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The diary is written by the employee: "your home", not "the employee's".
        self.fields["location"].choices = [
            (value, label.replace("the employee's", "your")) for value, label in Location.choices
        ]
        self.fields["occurred_on"].error_messages["required"] = "Enter the date it happened."
        self.fields["location"].error_messages["required"] = "Choose where it happened."
        self.fields["behaviours"].error_messages["required"] = "Tick at least one thing that happened."
        self.fields["account"].error_messages["required"] = "Write what happened, in your own words."

    def clean_occurred_time(self):
        return parse_time(self.cleaned_data.get("occurred_time", ""))


class ShareForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(
        label="Entries to share", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    case = forms.TypedChoiceField(
        label="Add them to", coerce=int, required=False, empty_value=None, widget=forms.RadioSelect
    )
    manager = forms.TypedChoiceField(
        label="Share with",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="They will own a new case for you and be told that you have shared something.",
    )

    def __init__(self, *args, entries, cases, managers, line_manager_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [
            (e.pk, f"{e.occurred_on:%-d %B %Y}: {e.account[:60]}{'…' if len(e.account) > 60 else ''}")
            for e in entries
        ]
        self.fields["entries"].error_messages["required"] = "Choose at least one entry to share."
        if cases:
            self.fields["case"].choices = [
                (c.pk, f"Case {c.reference}, owned by {c.owner.full_name}") for c in cases
            ]
            self.fields["case"].required = True
            self.fields["case"].error_messages["required"] = "Choose the case to add them to."
            self.initial.setdefault("case", cases[0].pk)
            del self.fields["manager"]
        else:
            self.fields["manager"].choices = [("", "Choose a manager")] + [
                (m.pk, m.full_name) for m in managers
            ]
            self.fields["manager"].required = True
            self.fields["manager"].error_messages["required"] = "Choose the manager to share with."
            if line_manager_id:
                self.initial.setdefault("manager", line_manager_id)
            del self.fields["case"]

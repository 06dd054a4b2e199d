from django import forms

from harbour import limits
from harbour.frontdesk.models import How, RestrictionKind
from harbour.web.widgets import GovukDateField


class AttemptForm(forms.Form):
    how = forms.ChoiceField(label="How did they make contact?", choices=How.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["how"].error_messages["required"] = "Choose how they made contact."


class WarningForm(forms.Form):
    person = forms.TypedChoiceField(label="Who is being warned?", coerce=int)
    kind = forms.ChoiceField(
        label="Restriction being considered", choices=RestrictionKind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        max_length=limits.TEXT,
        label="Details for reception",
        required=False,
        help_text="The named colleague, or the places and times. Reception sees this once it is confirmed.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        max_length=limits.TEXT,
        label="What did the person do?",
        help_text="This goes into the warning letter: keep to what happened, not who it happened to.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    warned_on = GovukDateField(label="Date of the warning")
    representations_by = GovukDateField(
        label="Representations by",
        help_text="Give the person a fair time to answer, usually at least 10 school days.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person")] + [(p.pk, p.display_name) for p in people]
        messages = {
            "person": "Choose who is being warned.",
            "kind": "Choose the restriction being considered.",
            "reason": "Say what the person did that the policy does not accept.",
            "warned_on": "Enter the date of the warning.",
            "representations_by": "Give the person a date to make representations by.",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message


class RepresentationsForm(forms.Form):
    representations = forms.CharField(
        max_length=limits.TEXT,
        label="What the person said",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Or write that they made no representations.",
    )
    representations_on = GovukDateField(label="Date received")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representations"].error_messages["required"] = "Write what the person said."
        self.fields["representations_on"].error_messages["required"] = "Enter the date they were received."


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("confirm", "Confirm the restriction"), ("withdraw", "Do not confirm it")],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        max_length=limits.REASON, label="Reasons", widget=forms.Textarea(attrs={"rows": 3})
    )
    review_on = GovukDateField(label="Review date", required=False, help_text="Needed if you confirm it.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose your decision."
        self.fields["decision_reason"].error_messages["required"] = "Say why you have decided this."


class EndForm(forms.Form):
    end_reason = forms.CharField(
        max_length=limits.REASON, label="Why is it ending?", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_reason"].error_messages["required"] = "Say why the restriction is ending."


class LetterTemplateForm(forms.Form):
    body = forms.CharField(max_length=limits.TEXT, label="Letter", widget=forms.Textarea(attrs={"rows": 18}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = "Write the letter."

from django import forms

from harbour import limits
from harbour.risk import screening
from harbour.risk.models import Level, SignalDecision

ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


class DecisionForm(forms.Form):
    level = forms.ChoiceField(label="Risk level", choices=Level.choices, widget=forms.RadioSelect)
    reason = forms.CharField(max_length=limits.REASON, label="Why", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].error_messages["required"] = "Choose low, medium or high."
        self.fields["reason"].error_messages["required"] = "Say why you have decided this level."


class ScreeningForm(forms.Form):
    fear = forms.ChoiceField(
        label="How frightened is the employee?",
        choices=list(screening.FEAR_NAMES.items()),
        widget=forms.RadioSelect,
        help_text="Ask them. Their own sense of danger matters.",
    )
    context = forms.CharField(
        max_length=limits.TEXT,
        label="Anything else that matters",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fear"].error_messages["required"] = "Say how frightened the employee is."
        for factor in screening.FACTORS:
            field = forms.ChoiceField(label=factor.question, choices=ANSWER_CHOICES, widget=forms.RadioSelect)
            field.error_messages["required"] = "Answer yes, no or not known."
            self.fields[factor.code] = field
        self.order_fields(["fear", *[f.code for f in screening.FACTORS], "context"])

    def factor_fields(self):
        return [self[f.code] for f in screening.FACTORS]

    def answers(self) -> dict:
        return {f.code: self.cleaned_data[f.code] for f in screening.FACTORS}


class AcknowledgeForm(forms.Form):
    decision = forms.ChoiceField(
        label="What have you decided?",
        choices=[
            (SignalDecision.RISK_REVIEWED, "I have reviewed the risk level"),
            (SignalDecision.NO_CHANGE, "No change is needed"),
        ],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label="Risk level after the review",
        choices=Level.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Needed if you reviewed the risk level.",
    )
    reason = forms.CharField(max_length=limits.REASON, label="Why", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose what you have decided."
        self.fields["reason"].error_messages["required"] = "Say what you decided and why."

from django import forms

from harbour import limits
from harbour.prevention.models import CHECKLIST_ITEMS, Concern
from harbour.web.widgets import GovukDateField


class CheckInForm(forms.Form):
    employee = forms.TypedChoiceField(label="Who was the check-in with?", coerce=int)
    held_on = GovukDateField(label="When was it?", help_text="For example, 27 3 2026")
    concern = forms.ChoiceField(
        label="Is any parent, carer or customer behaviour causing them concern?",
        choices=Concern.choices,
        widget=forms.RadioSelect,
        help_text="Ask openly, for example: 'Has anyone's behaviour towards you made you uncomfortable?'",
    )
    notes = forms.CharField(
        max_length=limits.TEXT,
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Keep it brief. If something has happened, record it as an incident instead.",
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].choices = [("", "Choose a member of staff")] + [
            (s.pk, s.full_name) for s in staff
        ]
        self.fields["employee"].error_messages["required"] = "Choose who the check-in was with."
        self.fields["held_on"].error_messages["required"] = "Enter the date of the check-in."
        self.fields["concern"].error_messages["required"] = "Say whether any behaviour is causing concern."


class OnlineSafetyForm(forms.Form):
    items = forms.MultipleChoiceField(
        label="What have you checked?",
        choices=CHECKLIST_ITEMS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick what is true today. Anything left unticked is worth doing soon.",
    )
    completed_on = GovukDateField(label="Date you checked", help_text="For example, 27 3 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].error_messages["required"] = "Enter the date you checked."

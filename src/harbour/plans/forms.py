from django import forms

from harbour.plans.areas import AREAS
from harbour.web.widgets import GovukDateField


class MeetingForm(forms.Form):
    """The date, one 'covered' box and notes per area of discussion, and the next meeting."""

    held_on = GovukDateField(label="When did you meet?", help_text="For example, 27 3 2026")
    next_meeting_on = GovukDateField(
        label="When will you meet again?",
        help_text="Agree a date together. Regular check-ins help; they can come to you sooner.",
    )

    def __init__(self, *args, champion_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = {area.code: area.prompt for area in AREAS}
        if champion_name:
            self.prompts["champion"] += f" Your school's Workplace Champion is {champion_name}."
        for area in AREAS:
            self.fields[f"{area.code}_covered"] = forms.BooleanField(
                label=f"Covered: {area.title}", required=False
            )
            self.fields[f"{area.code}_notes"] = forms.CharField(
                label=f"Notes on {area.title.lower()}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["held_on"].error_messages["required"] = "Enter the date of the meeting."
        self.fields["next_meeting_on"].error_messages["required"] = "Agree when you will meet again."

    def sections(self):
        return [
            {
                "area": area,
                "prompt": self.prompts[area.code],
                "covered": self[f"{area.code}_covered"],
                "notes": self[f"{area.code}_notes"],
            }
            for area in AREAS
        ]

    def areas(self) -> dict:
        data = self.cleaned_data
        return {
            a.code: {"covered": data[f"{a.code}_covered"], "notes": data[f"{a.code}_notes"]} for a in AREAS
        }

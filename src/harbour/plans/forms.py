from django import forms

from harbour import limits
from harbour.plans import appendix
from harbour.plans.areas import AREAS
from harbour.plans.models import ActionStatus, Answer
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
                max_length=limits.TEXT,
                label=f"Notes on {area.title.lower()}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["measures"] = forms.MultipleChoiceField(
            label="Measures to propose for the action plan",
            required=False,
            choices=measure_choices(),
            widget=forms.CheckboxSelectMultiple,
            help_text="Tick what you discussed. Each becomes a proposed action you can then agree, "
            "give an owner and dates. Contact measures go to the headteacher to decide.",
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


def measure_choices():
    """The guide's measures grouped as the appendix lists them, for the meeting's
    closing question: which of these to propose."""
    groups = []
    for section in appendix.SECTIONS:
        if section.code == appendix.CONTACT:
            for risk, title in appendix.RISK_TITLES.items():
                measures = appendix.measures_in(section.code, risk)
                groups.append((f"Reducing contact – {title.lower()}", [(m.code, m.text) for m in measures]))
        else:
            measures = appendix.measures_in(section.code)
            if measures:
                groups.append((section.title, [(m.code, m.text) for m in measures]))
    return groups


class ReviewForm(forms.Form):
    review_on = GovukDateField(label="When is the next review?", help_text="For example, 7 12 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_on"].error_messages["required"] = "Enter the date of the next review."


class ActionForm(forms.Form):
    agreed = forms.CharField(
        max_length=limits.NOTE, label="What is agreed", widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.TypedChoiceField(label="Who will do it", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect)
    in_place_on = GovukDateField(
        label="Date it was put in place", required=False, help_text="Leave blank until it is in place."
    )
    next_review_on = GovukDateField(
        label="When to look at it again", required=False, help_text="For example, 7 12 2026"
    )
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Why it is changing (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_by_id = {s.pk: s for s in staff}
        self.fields["owner"].choices = [("", "Not assigned")] + [(s.pk, s.full_name) for s in staff]
        self.fields["agreed"].error_messages["required"] = "Say what is agreed."
        self.fields["status"].error_messages["required"] = "Choose a status."

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "agreed": data["agreed"],
            "owner": self.staff_by_id.get(data["owner"]),
            "status": data["status"],
            "in_place_on": data["in_place_on"],
            "next_review_on": data["next_review_on"],
        }


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve this measure"), ("decline", "Do not approve it")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Reasons",
        required=False,
        help_text="Needed if you do not approve. The employee will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose whether you approve the measure."


ANSWERS = [(value, label) for value, label in Answer.choices]


class CctvForm(forms.Form):
    could_support_evidence = forms.ChoiceField(
        label="Could CCTV footage support the evidence?", choices=ANSWERS, widget=forms.RadioSelect
    )
    preservation_requested_on = GovukDateField(
        label="Date footage was asked to be kept",
        required=False,
        help_text="Ask before it is recorded over. Leave blank if not asked yet.",
    )
    preservation_requested_from = forms.CharField(
        label="Who was asked to keep it", required=False, max_length=200
    )
    overwritten_on = GovukDateField(
        label="Date the footage would be recorded over",
        required=False,
        help_text="Ask whoever runs the CCTV system how long it keeps recordings.",
    )
    policy_covers_use = forms.ChoiceField(
        label="Do the CCTV policy and privacy notice cover using footage this way?",
        choices=ANSWERS,
        widget=forms.RadioSelect,
    )
    policy_confirmed_by = forms.CharField(
        label="Who confirmed it",
        required=False,
        max_length=200,
        help_text="For example, the school's data protection officer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("could_support_evidence", "policy_covers_use"):
            self.fields[name].error_messages["required"] = "Choose yes, no or not known yet."

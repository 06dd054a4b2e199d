import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from harbour.evidence.advice import ADVICE
from harbour.evidence.models import EvidenceKind, HeldWhere
from harbour.plans.models import Answer
from harbour.web.widgets import GovukDateField


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of evidence is it?", choices=EvidenceKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label="What is it?",
        max_length=300,
        help_text="For example: screenshot of the messages sent on Tuesday evening.",
    )
    file = forms.FileField(
        label="Attach a copy",
        required=False,
        help_text="Photos, screenshots, PDFs, e-mails saved as .eml, audio or video. "
        "The original stays as it is; Harbour keeps an encrypted copy.",
    )
    held_where = forms.ChoiceField(
        label="Where is the original kept?", choices=HeldWhere.choices, widget=forms.RadioSelect
    )
    held_detail = forms.CharField(
        label="More about where it is kept",
        required=False,
        max_length=200,
        help_text="For example: in the locked cabinet in the school office.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The guidance's advice for each kind, shown as the kind is chosen.
        self.fields["kind"].choice_hints = {str(kind): text for kind, text in ADVICE.items()}
        self.fields["file"].help_text += f" Up to {filesizeformat(settings.EVIDENCE_MAX_BYTES)}."


def _time(value: str, field: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value.strip())
    except ValueError:
        raise forms.ValidationError("Enter a time like 14:30.", code=field) from None


class CctvRequestForm(forms.Form):
    requested_by_name = forms.CharField(label="Who asked for the footage to be kept", max_length=200)
    requested_of = forms.CharField(
        label="Who was asked",
        max_length=200,
        help_text="For example: the site manager, or the company that runs the CCTV.",
    )
    requested_on = GovukDateField(label="Date it was asked for")
    footage_from_day = GovukDateField(label="Footage from: date")
    footage_from_time = forms.CharField(
        label="Footage from: time", max_length=5, help_text="For example, 15:10"
    )
    footage_to_day = GovukDateField(label="Footage to: date")
    footage_to_time = forms.CharField(label="Footage to: time", max_length=5, help_text="For example, 15:40")
    overwritten_on = GovukDateField(
        label="Date the footage would be recorded over",
        help_text="Ask whoever runs the CCTV system how long it keeps recordings.",
    )
    kept_where = forms.CharField(
        label="Where the kept footage is",
        max_length=300,
        help_text="For example: exported to an encrypted USB stick in the head's safe.",
    )
    policy_covers_use = forms.ChoiceField(
        label="Do the CCTV policy and privacy notice cover using footage this way?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )
    policy_confirmed_by = forms.CharField(
        label="Who confirmed it",
        required=False,
        max_length=200,
        help_text="For example, the school's data protection officer.",
    )

    def clean_footage_from_time(self):
        return _time(self.cleaned_data["footage_from_time"], "footage_from_time")

    def clean_footage_to_time(self):
        return _time(self.cleaned_data["footage_to_time"], "footage_to_time")

    def values(self) -> dict:
        data = self.cleaned_data

        def at(day, time):
            return timezone.make_aware(datetime.datetime.combine(day, time))

        return {
            "requested_by_name": data["requested_by_name"],
            "requested_of": data["requested_of"],
            "requested_on": data["requested_on"],
            "footage_from": at(data["footage_from_day"], data["footage_from_time"]),
            "footage_to": at(data["footage_to_day"], data["footage_to_time"]),
            "overwritten_on": data["overwritten_on"],
            "kept_where": data["kept_where"],
            "policy_covers_use": data["policy_covers_use"],
            "policy_confirmed_by": data["policy_confirmed_by"],
        }


SERVICE_FIELD_NAMES = {"footage_from": "footage_from_day", "footage_to": "footage_to_day"}

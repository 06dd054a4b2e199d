"""The school's support resources for staff (settings): employee assistance, the
national helplines on or off, and a few lines of the school's own."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.schools import helplines, support


def _field(label: str, limit: int, hint: str = "", url: bool = False) -> forms.Field:
    if url:
        field = forms.URLField(
            label=label, required=False, max_length=limit, assume_scheme="https", help_text=hint
        )
        field.error_messages["invalid"] = "Enter a full web address, starting https://"
        return field
    return forms.CharField(label=label, required=False, max_length=limit, help_text=hint)


class SupportResourcesForm(forms.Form):
    employee_assistance_name = _field(
        "Name of the service", helplines.NAME_LIMIT, "For example, your employee assistance programme."
    )
    employee_assistance_phone = _field("Telephone number", helplines.PHONE_LIMIT)
    employee_assistance_url = _field("Website", helplines.URL_LIMIT, url=True)
    employee_assistance_about = _field(
        "How staff use it", helplines.ABOUT_LIMIT, "For example, opening hours or the code to give."
    )
    show_national_helplines = forms.BooleanField(
        label="Show the national helplines Harbour lists",
        required=False,
        help_text="Stalking, sexual harassment and wellbeing services, with their websites.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(helplines.LOCAL_LIMIT):
            n = index + 1
            self.fields[f"line_{index}_name"] = _field(f"Line {n}: name", helplines.NAME_LIMIT)
            self.fields[f"line_{index}_phone"] = _field(f"Line {n}: telephone number", helplines.PHONE_LIMIT)
            self.fields[f"line_{index}_url"] = _field(f"Line {n}: website", helplines.URL_LIMIT, url=True)
            self.fields[f"line_{index}_about"] = _field(f"Line {n}: what it offers", helplines.ABOUT_LIMIT)

    def lines(self) -> list[list]:
        return [
            [self[f"line_{index}_{name}"] for name in support.LINE_FIELDS]
            for index in range(helplines.LOCAL_LIMIT)
        ]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in support.ASSISTANCE_FIELDS},
            "show_national_helplines": data["show_national_helplines"],
            "local_helplines": [
                {name: data[f"line_{index}_{name}"] for name in support.LINE_FIELDS}
                for index in range(helplines.LOCAL_LIMIT)
            ],
        }


def _initial(school) -> dict:
    initial = {name: getattr(school, name) for name in support.ASSISTANCE_FIELDS}
    initial["show_national_helplines"] = school.show_national_helplines
    for index, line in enumerate(school.local_helplines or []):
        for name in support.LINE_FIELDS:
            initial[f"line_{index}_{name}"] = line.get(name, "")
    return initial


def _apply(form, error: ValidationError) -> None:
    """Service messages beside their fields: kept lines are renumbered from the
    typed ones, so a line's position is read back from the non-blank rows."""
    typed = [
        index
        for index in range(helplines.LOCAL_LIMIT)
        if not support.blank(form.values()["local_helplines"][index])
    ]
    for key, messages_ in error.message_dict.items():
        target = key if key in form.fields else None
        if key.startswith("local_helplines."):
            _, position, name = key.split(".")
            position = int(position)
            if position < len(typed):
                target = f"line_{typed[position]}_{name}"
        for message in messages_:
            form.add_error(target, message)


@login_required
@require_http_methods(["GET", "POST"])
def support_resources(request, school_id):
    school = access.get_settings_school(request.user, school_id)
    form = SupportResourcesForm(request.POST or None, initial=_initial(school))
    if request.method == "POST" and form.is_valid():
        try:
            support.save_support_resources(
                origin=Origin.from_request(request), school=school, values=form.values()
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, "Support for staff saved.")
            return redirect("school-support", school_id=school.pk)
    return render(
        request,
        "schools/support_form.html",
        {"form": form, "school": school, "national": helplines.NATIONAL},
    )

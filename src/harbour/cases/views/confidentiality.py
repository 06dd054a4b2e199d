"""The employee's confidentiality choices for a case, with their history."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import confidentiality, services
from harbour.cases.forms import apply_service_errors
from harbour.cases.models import ChampionSees, ColleaguesMayKnow
from harbour.web import errors


class ChoicesForm(forms.Form):
    colleagues_may_know = forms.ChoiceField(
        label="What may colleagues outside the circle know?",
        choices=ColleaguesMayKnow.choices,
        widget=forms.RadioSelect,
    )
    front_desk_instruction = forms.CharField(
        max_length=confidentiality.INSTRUCTION_LIMIT,
        label="What should the front desk do when the person calls or arrives?",
        required=False,
        help_text="Only front-office staff see this, and only if you choose the front-desk option. "
        "For example: do not say whether I am in school; pass them to the deputy head; "
        "meet them in reception.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    champion_sees = forms.ChoiceField(
        label="What may the Workplace Champion see?", choices=ChampionSees.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues_may_know"].error_messages["required"] = "Choose what colleagues may know."
        self.fields["champion_sees"].error_messages["required"] = (
            "Choose what the Workplace Champion may see."
        )
        self.fields["colleagues_may_know"].choice_hints = {
            ColleaguesMayKnow.NOTHING: "Colleagues are told nothing about this.",
            ColleaguesMayKnow.NOT_ON_SITE: "Staff in your school see a notice not to say whether "
            "you are on site.",
            ColleaguesMayKnow.FRONT_DESK: "As well as that notice, front-office staff see the "
            "instructions below.",
        }


@login_required
@require_http_methods(["GET", "POST"])
def case_confidentiality(request, case_id):
    case = access.get_case(request.user, case_id)
    can_change = access.can_set_confidentiality(request.user, case)
    if request.method == "POST" and not can_change:
        return errors.forbidden(request)
    form = ChoicesForm(
        request.POST or None,
        initial={
            "colleagues_may_know": case.colleagues_may_know,
            "front_desk_instruction": case.front_desk_instruction,
            "champion_sees": case.champion_sees,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            confidentiality.set_choices(origin=Origin.from_request(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Confidentiality choices saved.")
            return redirect("case-confidentiality", case_id=case.pk)
    if request.method == "GET":
        services.record_view(origin=Origin.from_request(request), case=case, action="confidentiality.viewed")
    return render(
        request,
        "cases/case_confidentiality.html",
        {
            "case": case,
            "form": form,
            "can_change": can_change,
            "is_employee": access.is_employee_of(request.user, case),
            "members": case.members.select_related("staff"),
            "history": case.confidentiality_choices.select_related("by"),
        },
    )

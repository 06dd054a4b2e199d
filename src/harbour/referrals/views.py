"""Referrals for a case: the police, the Workplace Champion, the Unacceptable
Actions policy. One page shows them; each has its own form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access, limits
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.referrals import services
from harbour.referrals.models import Decision, Intention
from harbour.web import errors
from harbour.web.widgets import GovukDateField


class PoliceForm(forms.Form):
    intends_to_report = forms.ChoiceField(
        label="Does the employee intend to report to the police?",
        choices=Intention.choices,
        widget=forms.RadioSelect,
    )
    wants_support = forms.BooleanField(label="They would like support to report", required=False)
    reported_on = GovukDateField(label="Date reported", required=False)
    crime_reference = forms.CharField(label="Crime reference number", required=False, max_length=100)
    officer = forms.CharField(label="Officer in charge", required=False, max_length=200)
    stalking_contact = forms.CharField(
        label="Police stalking point of contact",
        required=False,
        max_length=200,
        help_text="Some forces name a stalking advocate or single point of contact.",
    )
    last_contact_on = GovukDateField(label="Last contact with the police", required=False)
    notes = forms.CharField(
        max_length=limits.TEXT, label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intends_to_report"].error_messages["required"] = "Choose whether they intend to report."


class PolicyForm(forms.Form):
    referred_on = GovukDateField(label="Date referred under the policy")
    reason = forms.CharField(
        max_length=limits.TEXT,
        label="Why it was referred",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(label="Decision", choices=Decision.choices, widget=forms.RadioSelect)
    decided_on = GovukDateField(label="Date of the decision", required=False)
    decided_by = forms.CharField(label="Decided by", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_on"].error_messages["required"] = "Enter the date of the referral."
        self.fields["decision"].error_messages["required"] = (
            "Choose the decision, or 'waiting for a decision'."
        )


def _page(request, case, police_form=None, policy_form=None, status=200):
    police = services.current_police(case)
    policy = services.current_policy(case)
    if police_form is None:
        initial = {name: getattr(police, name) for name in PoliceForm.base_fields} if police else {}
        police_form = PoliceForm(
            initial=initial or {"intends_to_report": Intention.UNDECIDED}, prefix="police"
        )
    if policy_form is None:
        initial = {name: getattr(policy, name) for name in PolicyForm.base_fields} if policy else {}
        policy_form = PolicyForm(initial=initial or {"decision": Decision.PENDING}, prefix="policy")
    return render(
        request,
        "referrals/referrals.html",
        {
            "case": case,
            "police": police,
            "police_history": list(case.police_contacts.select_related("recorded_by"))[1:],
            "policy": policy,
            "policy_history": list(case.policy_referrals.select_related("recorded_by"))[1:],
            "champion_referrals": case.champion_referrals.select_related("champion", "referred_by"),
            "champion": case.school.workplace_champion,
            "police_form": police_form,
            "policy_form": policy_form,
            "can_refer": access.can_refer(request.user, case),
            "can_manage": access.can_refer_under_policy(request.user, case),
            "can_summarise": access.can_make_referral_summary(request.user, case),
        },
        status=status,
    )


@login_required
def referrals(request, case_id):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=Origin.from_request(request), case=case, action="referrals.viewed")
    return _page(request, case)


@login_required
@require_POST
def police(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_refer(request.user, case):
        return errors.forbidden(request)
    form = PoliceForm(request.POST, prefix="police")
    if form.is_valid():
        try:
            services.save_police(origin=Origin.from_request(request), case=case, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Police details saved.")
            return redirect("referrals", case_id=case.pk)
    return _page(request, case, police_form=form)


@login_required
@require_POST
def champion(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_refer(request.user, case):
        return errors.forbidden(request)
    try:
        services.refer_to_champion(origin=Origin.from_request(request), case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The Workplace Champion has been sent a link to the case.")
    return redirect("referrals", case_id=case.pk)


@login_required
@require_http_methods(["POST"])
def policy(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_refer_under_policy(request.user, case):
        return errors.forbidden(request)
    form = PolicyForm(request.POST, prefix="policy")
    if form.is_valid():
        try:
            services.save_policy_referral(
                origin=Origin.from_request(request), case=case, values=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Unacceptable Actions policy referral saved.")
            return redirect("referrals", case_id=case.pk)
    return _page(request, case, policy_form=form)

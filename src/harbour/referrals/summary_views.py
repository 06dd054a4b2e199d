"""The referral summary for the police or a specialist stalking service (a page
to read it and its PDF), and the employee's own page where they say whether it
may go there. Who may do what comes from harbour.access; the summary from
referrals.selectors, within the employee's confidentiality choices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.referrals import consent, selectors, services, summary_pdf
from harbour.referrals.models import Recipient
from harbour.web import errors

CHOOSE_RECIPIENT = "Choose who the summary is for."


class RecipientForm(forms.Form):
    to = forms.ChoiceField(
        label="Who is the summary for?", choices=Recipient.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].error_messages.update(required=CHOOSE_RECIPIENT, invalid_choice=CHOOSE_RECIPIENT)


class ConsentForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Who is this choice about?", choices=Recipient.choices, widget=forms.RadioSelect
    )
    consents = forms.TypedChoiceField(
        label="May the school send them a summary of your case?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="You can change your mind at any time. Saying no after yes withdraws your consent.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].error_messages.update(
            required="Choose who this choice is about.", invalid_choice="Choose who this choice is about."
        )
        self.fields["consents"].error_messages.update(
            required="Choose yes or no.", invalid_choice="Choose yes or no."
        )


def _summary_page(request, case, form, status=200, summary=None, refused=""):
    return render(
        request,
        "referrals/summary.html",
        {
            "case": case,
            "form": form,
            "overview": selectors.consent_overview(case) if summary is None else None,
            "summary": summary,
            "refused": refused,
            "emergency": consent.EMERGENCY,
        },
        status=status,
    )


def _summary_for(request, case_id):
    """(case, form, summary or None, refusal, status) for the page and the PDF."""
    case = access.get_case(request.user, case_id)
    if not access.can_make_referral_summary(request.user, case):
        return case, None, None, "", 403
    form = RecipientForm(request.GET) if "to" in request.GET else RecipientForm()
    if not form.is_bound:
        return case, form, None, "", 200
    if not form.is_valid():
        return case, form, None, "", 400
    recipient = form.cleaned_data["to"]
    overview = selectors.consent_overview(case)
    if not overview.shares(recipient):
        return case, form, None, selectors.refusal(overview, recipient), 409
    return case, form, selectors.referral_summary(case, recipient, prepared_by=request.user), "", 200


@login_required
@require_GET
def referral_summary(request, case_id):
    case, form, summary, refused, status = _summary_for(request, case_id)
    if status == 403:
        return errors.forbidden(request)
    if summary is not None:
        case_services.record_view(
            origin=Origin.from_request(request),
            case=case,
            action="referral.summary_viewed",
            recipient=summary.recipient,
        )
    # A refusal is an answer to read on the page, not an error page.
    return _summary_page(
        request, case, form, status=400 if status == 400 else 200, summary=summary, refused=refused
    )


@login_required
@require_GET
def referral_summary_pdf(request, case_id):
    case, form, summary, refused, status = _summary_for(request, case_id)
    if status == 403:
        return errors.forbidden(request)
    if summary is None:
        if not form.is_bound:
            form = RecipientForm({})
            form.is_valid()
            status = 400
        return _summary_page(request, case, form, status=status, refused=refused)
    body = summary_pdf.render(summary)
    case_services.record_view(
        origin=Origin.from_request(request),
        case=case,
        action="referral.summary_downloaded",
        recipient=summary.recipient,
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_pdf.file_name(summary)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def sharing_consent(request, case_id):
    """The employee's own page: whether a referral summary may go to the police or
    a specialist stalking service, every earlier choice kept."""
    case = access.get_case(request.user, case_id)
    employee = access.sharing_consent_employee(request.user, case)
    if employee is None:
        return errors.forbidden(request)
    form = ConsentForm()
    if request.method == "POST":
        origin = Origin.from_request(request)
        withdraw = request.POST.get("withdraw")
        try:
            if withdraw is not None:
                row = services.withdraw_consent(
                    origin=origin, case=case, employee=employee, recipient=withdraw
                )
            else:
                form = ConsentForm(request.POST)
                row = None
                if form.is_valid():
                    row = services.record_consent(
                        origin=origin,
                        case=case,
                        employee=employee,
                        recipient=form.cleaned_data["recipient"],
                        consents=form.cleaned_data["consents"],
                    )
        except ValidationError as error:
            if withdraw is not None:
                messages.error(request, " ".join(error.messages))
                return redirect("sharing-consent", case_id=case.pk)
            apply_service_errors(form, error)
        else:
            if row is not None:
                label = Recipient(row.recipient).label.lower()
                messages.success(
                    request, f"Your choice for {label} is saved: {row.get_decision_display().lower()}."
                )
                return redirect("sharing-consent", case_id=case.pk)
    overview = selectors.consent_overview(case)
    mine = [
        {
            "recipient": r,
            "label": label,
            "choice": next((c for c in overview.standings[r].choices if c.employee_id == employee.pk), None),
        }
        for r, label in Recipient.choices
    ]
    return render(
        request,
        "referrals/sharing_consent.html",
        {
            "case": case,
            "form": form,
            "overview": overview,
            "mine": mine,
            "employee": employee,
            "emergency": consent.EMERGENCY,
        },
    )

"""The travel section in the employee's own words: their emergency contacts and
check-in arrangement, a page they write and their manager reads."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.plans import travel
from harbour.web import errors


class TelephoneInput(forms.TextInput):
    input_type = "tel"


def _text(label: str, name: str, hint: str = "", area: bool = False, required: str = "") -> forms.CharField:
    """A text field; `required` is the message when it is left empty (the service's own)."""
    widget = (
        forms.Textarea(attrs={"rows": 3})
        if area
        else TelephoneInput
        if name.endswith("_phone")
        else forms.TextInput
    )
    field = forms.CharField(
        label=label,
        required=bool(required),
        max_length=travel.limit(name),
        help_text=hint,
        widget=widget,
    )
    if required:
        field.error_messages["required"] = required
    return field


class TravelForm(forms.Form):
    contact_name = _text("Name", "contact_name", required=travel.MISSING_NAME)
    contact_relationship = _text(
        "Who they are to you", "contact_relationship", "For example, partner or friend."
    )
    contact_phone = _text("Telephone number", "contact_phone", required=travel.MISSING_PHONE)
    second_contact_name = _text("Name", "second_contact_name")
    second_contact_relationship = _text("Who they are to you", "second_contact_relationship")
    second_contact_phone = _text("Telephone number", "second_contact_phone")
    check_in_with = _text(
        "Who do you check in with?", "check_in_with", "A friend, a family member or a colleague."
    )
    check_in_when = _text(
        "When do you check in?",
        "check_in_when",
        "For example, a message when you leave work and when you get home.",
        area=True,
    )
    if_no_check_in = _text(
        "What happens if you do not check in?",
        "if_no_check_in",
        "For example, they phone you, then your emergency contact, then the police.",
        area=True,
    )
    shared_with_case_team = forms.BooleanField(
        label="Let the headteacher and the people you chose for your case's circle see this too",
        required=False,
        help_text="Your manager for this case can always see it. If you let your Workplace Champion see your "
        "action plan, they will see this too.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def travel_arrangement(request, case_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    arrangements = travel.history(case)
    current = arrangements[0] if arrangements else None
    if not access.sees_travel_arrangement(
        request.user, case, current is not None and current.shared_with_case_team
    ):
        return errors.forbidden(request)
    can_write = access.can_record_travel(request.user, case)
    if request.method == "POST" and not can_write:
        return errors.forbidden(request, reason="closed" if access.is_employee_of(request.user, case) else "")
    form = None
    if can_write:
        initial = {name: getattr(current, name) for name in travel.FIELDS} if current else {}
        form = TravelForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                travel.record(origin=Origin.from_request(request), case=case, values=form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Your travel arrangements are saved.")
                return redirect("plan-travel", case_id=case.pk)
    if request.method == "GET":
        case_services.record_view(
            origin=Origin.from_request(request), case=case, action="travel_arrangement.viewed"
        )
    return render(
        request,
        "plans/travel.html",
        {
            "case": case,
            "current": current,
            "earlier": arrangements[1:],
            "form": form,
            "own": access.is_employee_of(request.user, case),
        },
    )

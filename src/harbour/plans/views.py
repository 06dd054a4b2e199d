"""The meeting with the employee: a guided record over each area of discussion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.plans import calendar, services
from harbour.plans.areas import AREAS
from harbour.plans.forms import MeetingForm
from harbour.web import errors


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_manage_case(request.user, case):
        return errors.forbidden(request)
    champion = case.school.workplace_champion
    form = MeetingForm(request.POST or None, champion_name=champion.full_name if champion else "")
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(
                origin=Origin.from_request(request),
                case=case,
                held_on=form.cleaned_data["held_on"],
                areas=form.areas(),
                next_meeting_on=form.cleaned_data["next_meeting_on"],
                proposed_measures=form.cleaned_data["measures"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if form.cleaned_data["measures"]:
                messages.success(
                    request, "Meeting recorded. Now agree the proposed actions with the employee."
                )
                return redirect("plan", case_id=case.pk)
            messages.success(request, "Meeting recorded.")
            return redirect("meeting-detail", case_id=case.pk, meeting_id=meeting.pk)
    return render(request, "plans/meeting_form.html", {"case": case, "form": form})


@login_required
def meeting_invitation(request, case_id, meeting_id):
    case = access.get_case(request.user, case_id)
    meeting = access.get_meeting(request.user, case, meeting_id)
    link = request.build_absolute_uri(reverse("case-detail", kwargs={"case_id": case.pk}))
    body = calendar.next_meeting_invitation(meeting=meeting, link=link, host=request.get_host().split(":")[0])
    case_services.record_view(
        origin=Origin.from_request(request), case=case, obj=meeting, action="meeting.invitation_downloaded"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="harbour-meeting.ics"'
    return response


@login_required
def meeting_detail(request, case_id, meeting_id):
    case = access.get_case(request.user, case_id)
    meeting = access.get_meeting(request.user, case, meeting_id)
    case_services.record_view(
        origin=Origin.from_request(request), case=case, obj=meeting, action="meeting.viewed"
    )
    rows = [{"area": area, **meeting.areas.get(area.code, {"covered": False, "notes": ""})} for area in AREAS]
    return render(request, "plans/meeting_detail.html", {"case": case, "meeting": meeting, "rows": rows})

"""Booking a case's next review, and its calendar invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.plans import calendar, services
from harbour.plans.forms import ReviewForm
from harbour.web import errors


@login_required
@require_http_methods(["GET", "POST"])
def review_book(request, case_id):
    case = access.get_case(request.user, case_id, part=access.SUMMARY)
    if not access.can_edit_plan(request.user, case):
        return errors.forbidden(request)
    form = ReviewForm(request.POST or None, initial={"review_on": case.next_review_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.book_review(
                origin=Origin.from_request(request), case=case, review_on=form.cleaned_data["review_on"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Next review booked for {form.cleaned_data['review_on']:%-d %B %Y}.")
            return redirect("case-detail", case_id=case.pk)
    return render(request, "plans/review_form.html", {"case": case, "form": form})


@login_required
def review_invitation(request, case_id):
    case = access.get_case(request.user, case_id, part=access.SUMMARY)
    if case.next_review_on is None:
        raise Http404("No review booked")
    link = request.build_absolute_uri(reverse("case-detail", kwargs={"case_id": case.pk}))
    body = calendar.review_invitation(case=case, link=link, host=request.get_host().split(":")[0])
    case_services.record_view(
        origin=Origin.from_request(request), case=case, action="review.invitation_downloaded"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="harbour-review.ics"'
    return response

"""Reception: search the active alerts, and log a contact attempt in two clicks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases.forms import apply_service_errors
from harbour.frontdesk import selectors, services
from harbour.frontdesk.forms import AttemptForm
from harbour.frontdesk.models import How
from harbour.web.pagination import paginate


@login_required
def front_desk(request):
    schools = access.front_desk_schools(request.user)
    if not schools:
        raise Http404("No such page")
    query = request.GET.get("q", "")[:100]
    page = paginate(
        request, selectors.alert_matches(schools, query), per_page=selectors.RESULTS, noun="alerts"
    )
    return render(
        request,
        "frontdesk/front_desk.html",
        {"alerts": selectors.alerts_from(page.object_list), "page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attempt(request, person_id):
    person = access.get_alert_person(request.user, person_id)
    form = AttemptForm(request.POST or None, initial={"how": How.IN_PERSON})
    if request.method == "POST" and form.is_valid():
        try:
            services.log_attempt(
                origin=Origin.from_request(request), person=person, how=form.cleaned_data["how"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Contact attempt logged. The people who need to know have been told.")
            return redirect("front-desk")
    alert = next(iter(selectors.alerts([person.school_id], person_id=person.pk)), None)
    return render(request, "frontdesk/attempt.html", {"person": person, "form": form, "alert": alert})

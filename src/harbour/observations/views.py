"""Observations: a colleague reports what they saw, the restricted group reads it,
and the employee decides whether it joins their record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases.forms import apply_service_errors
from harbour.observations import selectors, services
from harbour.observations.forms import DecisionForm, ObservationForm
from harbour.observations.models import Kind, Source, Status
from harbour.web.pagination import paginate

OBSERVATIONS_PAGE = 25


@login_required
def observation_list(request):
    if not access.can_file_observation(request.user):
        raise Http404("No such page")
    received = paginate(
        request,
        selectors.observation_rows(access.received_observations(request.user)),
        per_page=OBSERVATIONS_PAGE,
        noun="observations",
    )
    filed = paginate(
        request,
        selectors.observation_rows(access.filed_observations(request.user)),
        per_page=OBSERVATIONS_PAGE,
        noun="reports",
        param="filed_page",
    )
    return render(
        request,
        "observations/observation_list.html",
        {
            "received": received,
            "filed": filed,
            "about_me": access.observations_about(request.user).exists(),
            "front_desk": access.can_log_front_desk_request(request.user),
        },
    )


def _file(request, *, source: str):
    staff = selectors.subject_choices(access.observation_subjects(request.user))
    if not staff:
        raise Http404("No such page")
    people = selectors.person_choices(access.observation_people(request.user))
    front_desk = source == Source.FRONT_DESK
    form = ObservationForm(request.POST or None, staff=staff, people=people, front_desk=front_desk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        about = next(s for s in staff if s.pk == data["about"])
        person = next((p for p in people if p.pk == data.get("person")), None)
        filer = access.observation_filer(request.user, about.school_id)
        try:
            if filer is None:
                raise ValidationError({"about": "Choose a member of staff at your school."})
            observation = services.file_observation(
                origin=Origin.from_request(request),
                filer=filer,
                about=about,
                kind=Kind.ASKED_BY_NAME if front_desk else data["kind"],
                description=data["description"],
                seen_on=data["seen_on"],
                seen_time=data["seen_time"],
                location=data["location"],
                location_detail=data["location_detail"],
                person_description=data["person_description"],
                person=person,
                source=source,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you. The headteacher and the colleague concerned (and their case owner, if they have "
                "one) have been told; nobody else has.",
            )
            return redirect("observation-detail", observation_id=observation.pk)
    template = "observations/front_desk_form.html" if front_desk else "observations/observation_form.html"
    return render(request, template, {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def observation_new(request):
    return _file(request, source=Source.COLLEAGUE)


@login_required
@require_http_methods(["GET", "POST"])
def front_desk_request(request):
    if not access.can_log_front_desk_request(request.user):
        raise Http404("No such page")
    return _file(request, source=Source.FRONT_DESK)


@login_required
def observation_detail(request, observation_id):
    observation = access.get_observation(request.user, observation_id)
    if access.is_observed_employee(request.user, observation):
        return redirect("support-observation", observation_id=observation.pk)
    services.record_view(origin=Origin.from_request(request), observation=observation)
    return render(request, "observations/observation_detail.html", {"observation": observation})


@login_required
def support_observations(request):
    if not access.can_file_observation(request.user):
        raise Http404("No such page")
    page = paginate(
        request,
        selectors.observation_rows(access.observations_about(request.user)),
        per_page=OBSERVATIONS_PAGE,
        noun="observations",
    )
    return render(request, "observations/support_observations.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def support_observation(request, observation_id):
    observation = access.get_observation(request.user, observation_id)
    if not access.is_observed_employee(request.user, observation):
        raise Http404("No such observation")
    if request.method == "GET":
        services.record_view(origin=Origin.from_request(request), observation=observation)
    cases = list(services.open_cases_of(observation.about))
    form = None
    if access.can_decide_observation(request.user, observation) and observation.status == Status.AWAITING:
        form = DecisionForm(request.POST or None, cases=cases, kind=observation.kind)
    elif request.method == "POST":
        messages.info(request, "This has already been decided.")
        return redirect("support-observation", observation_id=observation.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                case = next((c for c in cases if c.pk == data.get("case")), None)
                if data.get("case") and case is None:
                    raise ValidationError({"case": "Choose one of your open cases."})
                services.accept_observation(
                    origin=Origin.from_request(request),
                    observation=observation,
                    case=case,
                    open_case=bool(data.get("open_case")),
                    behaviour=data.get("behaviour") or None,
                )
                messages.success(request, "Added to your record.")
            else:
                services.decline_observation(origin=Origin.from_request(request), observation=observation)
                messages.success(request, "Left out of your record. It will not count towards anything.")
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("support-observation", observation_id=observation.pk)
    return render(
        request,
        "observations/support_observation.html",
        {"observation": observation, "form": form, "cases": cases},
    )

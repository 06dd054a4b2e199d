"""The case's risk: level and history, the screening, and answering signals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import selectors as case_selectors
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.risk import chart, levels, screening, selectors, services, signals
from harbour.risk.forms import AcknowledgeForm, DecisionForm, ScreeningForm
from harbour.web import errors


def _names(view) -> dict:
    return {
        "current": levels.NAMES.get(view.current, ""),
        "proposed": levels.NAMES[view.proposed],
        "suggested": levels.NAMES[view.screening.suggested] if view.screening else "",
        "fear": screening.FEAR_NAMES.get(view.screening.fear, "") if view.screening else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def risk(request, case_id):
    case = access.get_case(request.user, case_id)
    can_assess = access.can_assess_risk(request.user, case)
    if request.method == "POST" and not can_assess:
        return errors.forbidden(request)
    records = case_selectors.chronology(case)
    view = selectors.risk_view(case, records)
    form = DecisionForm(request.POST or None, initial={"level": view.proposed})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_level(
                origin=Origin.from_request(request),
                case=case,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                screening_id=view.screening.pk if view.screening else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Risk level decided.")
            return redirect("risk", case_id=case.pk)
    if request.method == "GET":
        case_services.record_view(origin=Origin.from_request(request), case=case, action="risk.viewed")
    by_id = {r.pk: r for r in records}
    return render(
        request,
        "risk/risk.html",
        {
            "case": case,
            "view": view,
            "form": form,
            "can_assess": can_assess,
            "names": _names(view),
            "history": case.risk_decisions.select_related("decided_by"),
            "signal_rows": [
                {
                    "signal": s,
                    "incidents": [by_id[i] for i in s.incident_ids if i in by_id],
                    "open": s in view.open_signals,
                }
                for s in view.signals
            ],
            "chart": chart.svg(view.facts),
            "acknowledgements": case.signal_acknowledgements.select_related("by"),
            "chart_rows": chart.rows(view.facts),
            "reason_rows": selectors.reason_rows(view),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def screening_new(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_assess_risk(request.user, case):
        return errors.forbidden(request)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_screening(
                origin=Origin.from_request(request),
                case=case,
                fear=form.cleaned_data["fear"],
                answers=form.answers(),
                context=form.cleaned_data["context"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Screening saved. It suggests {levels.NAMES[result.suggested].lower()} risk: "
                "decide the level. Its contact measures are proposed in the action plan.",
            )
            return redirect("risk", case_id=case.pk)
    return render(request, "risk/screening_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def signal_acknowledge(request, case_id, code):
    case = access.get_case(request.user, case_id)
    if code not in signals.TITLES:
        raise Http404("No such signal")
    if not access.can_assess_risk(request.user, case):
        return errors.forbidden(request)
    records = case_selectors.chronology(case)
    view = selectors.risk_view(case, records)
    signal = next((s for s in view.open_signals if s.code == code), None)
    if signal is None:
        raise Http404("No such signal")
    form = AcknowledgeForm(request.POST or None, initial={"level": view.proposed})
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_signal(
                origin=Origin.from_request(request),
                case=case,
                code=code,
                decision=form.cleaned_data["decision"],
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Signal answered.")
            return redirect("risk", case_id=case.pk)
    by_id = {r.pk: r for r in records}
    return render(
        request,
        "risk/signal_form.html",
        {
            "case": case,
            "form": form,
            "signal": signal,
            "incidents": [by_id[i] for i in signal.incident_ids if i in by_id],
            "view": view,
            "names": _names(view),
        },
    )

"""Court orders and police warnings on a case, their versions, and the possible
breaches reception's contact attempts raise. Reception never reaches these pages:
they are the case's record (access.get_case)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.orders import rules, selectors, services
from harbour.orders.forms import BreachReportForm, OrderForm
from harbour.orders.services import TERMS
from harbour.web import errors
from harbour.web.pagination import paginate

BREACH_PAGE = 25


def _with_status(versions):
    today = timezone.localdate()
    for version in versions:
        version.status = rules.status_on(version, today)
        version.status_name = rules.STATUS_NAMES[version.status]
    return versions


@login_required
def case_orders(request, case_id):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=Origin.from_request(request), case=case, action="order.listed")
    breaches = paginate(
        request,
        selectors.breaches_for_case(case),
        per_page=BREACH_PAGE,
        noun="possible breaches",
        param="breaches",
    )
    return render(
        request,
        "orders/orders.html",
        {
            "case": case,
            "orders": _with_status(selectors.case_orders(case)),
            "breaches": breaches.object_list,
            "breaches_page": breaches,
            "can_record": access.can_record_order(request.user, case),
            "can_report": access.can_report_breach(request.user, case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_new(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_record_order(request.user, case):
        return errors.forbidden(request)
    people = selectors.people_of(case)
    form = OrderForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        person = next((p for p in people if p.pk == form.cleaned_data["person"]), None)
        try:
            order = services.record_order(
                origin=Origin.from_request(request), case=case, person=person, values=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Order recorded. Reception now sees that an order is in place.")
            return redirect("order-detail", case_id=case.pk, order_id=order.pk)
    return render(request, "orders/order_form.html", {"case": case, "form": form, "order": None})


@login_required
def order_detail(request, case_id, order_id):
    case = access.get_case(request.user, case_id)
    order = access.get_order(request.user, case, order_id)
    case_services.record_view(
        origin=Origin.from_request(request), case=case, obj=order, action="order.viewed"
    )
    versions = _with_status(selectors.versions_of(order))
    return render(
        request,
        "orders/order_detail.html",
        {
            "case": case,
            "order": order,
            "current": versions[0],
            "earlier": versions[1:],
            "breaches": selectors.breaches_of_order(order),
            "can_record": access.can_record_order(request.user, case),
            "can_report": access.can_report_breach(request.user, case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_amend(request, case_id, order_id):
    case = access.get_case(request.user, case_id)
    order = access.get_order(request.user, case, order_id)
    if not access.can_record_order(request.user, case):
        return errors.forbidden(request)
    current = selectors.current_of(order)
    form = OrderForm(
        request.POST or None, amending=True, initial={name: getattr(current, name) for name in TERMS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_order(origin=Origin.from_request(request), order=order, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "New terms saved. The earlier version is kept.")
            return redirect("order-detail", case_id=case.pk, order_id=order.pk)
    return render(request, "orders/order_form.html", {"case": case, "form": form, "order": order})


@login_required
@require_http_methods(["GET", "POST"])
def breach_detail(request, case_id, breach_id):
    case = access.get_case(request.user, case_id)
    breach = access.get_breach(request.user, case, breach_id)
    can_report = access.can_report_breach(request.user, case)
    if request.method == "POST" and not can_report:
        return errors.forbidden(request)
    form = BreachReportForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_police_reference(
                origin=Origin.from_request(request), breach=breach, values=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Police reference saved.")
            return redirect("case-orders", case_id=case.pk)
    if request.method == "GET":
        case_services.record_view(
            origin=Origin.from_request(request), case=case, obj=breach, action="order.breach_viewed"
        )
    return render(
        request,
        "orders/breach.html",
        {
            "case": case,
            "breach": breach,
            "reports": list(breach.reports.select_related("recorded_by")),
            "form": form,
            "can_report": can_report,
        },
    )


@login_required
def possible_breaches(request):
    """Possible breaches waiting for a police reference, on the cases the user runs."""
    rows = selectors.open_breaches(access.breach_cases(request.user))
    page = paginate(request, rows, per_page=BREACH_PAGE, noun="possible breaches")
    return render(request, "orders/breaches.html", {"page": page, "breaches": page.object_list})

"""The printable action plan for the employee: the plan page's content laid out
for paper by WeasyPrint from an HTML template. It carries no incident narrative."""

from django.template.loader import render_to_string
from django.utils import timezone

from harbour.plans.selectors import PlanView


def plan_pdf(*, plan: PlanView, employees: list, prepared_by: str) -> bytes:
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "plan": plan,
            "case": plan.case,
            "employees": employees,
            "prepared_by": prepared_by,
            "now": timezone.now(),
        },
    )
    from weasyprint import HTML  # loaded on first use: it is heavy, and only PDFs need it

    # No base_url: the template has no external resources, so nothing is fetched.
    return HTML(string=html).write_pdf()

"""The printable action plan for the employee: the plan page's content laid out
for paper. It carries no incident narrative."""

from django.utils import timezone

from harbour.documents import pdf_from_template
from harbour.plans.selectors import PlanView


def plan_pdf(*, plan: PlanView, employees: list, prepared_by: str) -> bytes:
    return pdf_from_template(
        "plans/plan_pdf.html",
        {
            "plan": plan,
            "case": plan.case,
            "employees": employees,
            "prepared_by": prepared_by,
            "now": timezone.now(),
        },
    )

"""Letters to the person of concern, from templates each school can edit. The
wording uses $placeholders (string.Template), so braces or dollar signs a school
types stay as typed and a missing value never breaks a letter."""

import string

from django.utils import timezone

from harbour.documents import pdf_from_template
from harbour.frontdesk.models import ContactRestriction, LetterKind, LetterTemplate

PLACEHOLDERS = {
    "person_name": "the person's name",
    "school_name": "the school's name",
    "date": "today's date",
    "restriction": "the restriction, in words",
    "details": "the named colleague, places or times",
    "reason": "why",
    "representations_by": "the deadline for representations",
    "review_on": "the review date",
    "headteacher": "the headteacher's name",
}

DEFAULTS = {
    LetterKind.WARNING: """Dear $person_name,

We are writing about your recent contact with staff at $school_name.

$reason

This behaviour is not acceptable under our policy on unacceptable actions by parents and customers. We are considering the following restriction: $restriction. $details

Before we decide, you may tell us anything you would like us to take into account. Please write to the headteacher by $representations_by.

Yours sincerely,

$headteacher
Headteacher, $school_name
""",
    LetterKind.DECISION: """Dear $person_name,

We wrote to you about your contact with staff at $school_name. We have considered the matter, including anything you told us.

We have decided that, from $date: $restriction. $details

We will review this decision on $review_on.

Yours sincerely,

$headteacher
Headteacher, $school_name
""",
}


def template_for(school, kind: str) -> str:
    own = LetterTemplate.objects.filter(school=school, kind=kind).first()
    return own.body if own else DEFAULTS[kind]


def fill(body: str, restriction: ContactRestriction, headteacher: str) -> str:
    values = {
        "person_name": restriction.person.name or "Sir or Madam",
        "school_name": restriction.case.school.name,
        "date": f"{(restriction.decided_on or timezone.localdate()):%-d %B %Y}",
        "restriction": restriction.get_kind_display().lower(),
        "details": restriction.details,
        "reason": restriction.reason,
        "representations_by": f"{restriction.representations_by:%-d %B %Y}",
        "review_on": f"{restriction.review_on:%-d %B %Y}"
        if restriction.review_on
        else "a date we will tell you",
        "headteacher": headteacher,
    }
    return string.Template(body).safe_substitute(values)


def letter_pdf(restriction: ContactRestriction, kind: str, headteacher: str) -> bytes:
    text = fill(template_for(restriction.case.school, kind), restriction, headteacher)
    return pdf_from_template(
        "frontdesk/letter_pdf.html",
        {
            "school": restriction.case.school,
            "date": timezone.localdate(),
            "paragraphs": [p for p in text.split("\n\n") if p.strip()],
        },
    )

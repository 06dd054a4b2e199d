"""Letters to the person of concern render any restriction: a reason longer than
a page, a name and details in any script (right to left, CJK, emoji)."""

import datetime
import re

from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings

from harbour.frontdesk import services
from tests import factories
from tests.any_text import Documents, accounts, missing, pdf_pages, words

TODAY = timezone.localdate()


def _letter(world, *, name, reason, details) -> list[str]:
    person = factories.make_person(world.school, world.manager, name=name)
    case = factories.make_case(world.manager, world.employee, people=[person])
    restriction = services.warn(
        origin=factories.origin(world.head),
        case=case,
        person=person,
        values={
            "kind": "site_ban",
            "details": details,
            "reason": reason,
            "warned_on": TODAY - datetime.timedelta(days=2),
            "representations_by": TODAY + datetime.timedelta(days=12),
        },
    )
    response = world.client("head").get(f"/cases/{case.pk}/restrictions/{restriction.pk}/letters/warning.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_pages(response.content)


def test_a_reason_longer_than_a_page_flows_on_and_a_long_string_wraps(world, monkeypatch):
    documents = Documents(monkeypatch)
    sentence = "He came into the building without an appointment and shouted at reception. "
    unbroken = "https://example.org/" + "b" * 1500
    # A reason is at most 5,000 characters (harbour.limits.REASON): two pages of a letter.
    pages = _letter(world, name="Pat Concern", reason=sentence * 60, details=unbroken)
    assert len(pages) >= 2
    squashed = re.sub(r"\s+", "", "".join(pages))
    assert re.sub(r"\s+", "", sentence) * 60 in squashed and unbroken in squashed
    assert documents.overflowing() == []  # all of it on the paper


@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a PDF a second: no slow shrinking
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    name=words(max_size=60),
    reason=accounts(max_words=120, long_word=800),
    details=accounts(max_words=40, long_word=600),
)
def test_any_name_reason_and_details_in_any_script_are_in_the_letter(
    world, monkeypatch, name, reason, details
):
    documents = Documents(monkeypatch)
    text = "".join(_letter(world, name=name[1], reason=reason[0], details=details[0]))
    assert missing(text, [name, *reason[1], *details[1]]) == []
    assert documents.overflowing() == []

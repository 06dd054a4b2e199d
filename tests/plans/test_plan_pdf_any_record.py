"""The printable action plan renders any plan: many actions, an action agreed at
length in any script (right to left, CJK, emoji), long unbroken strings."""

import re

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harbour.plans import services
from tests import factories
from tests.any_text import Documents, accounts, missing, pdf_pages

# What each page repeats, and the row's other cells, which fall between the parts
# of an action split across pages.
_PAGE_FURNITURE = re.compile(
    r"Harbour · Case \S+ · Confidential|Page \d+ of \d+"
    r"|Action agreed\s*Who\s*Status\s*In place\s*Next\s*review|Morgan\s*Manager|Agreed|–"
)


def _plan_pdf(world, agreed_texts) -> list[str]:
    for agreed in agreed_texts:
        services.add_action(
            origin=factories.origin(world.manager),
            case=world.case,
            section="travel",
            values={"agreed": agreed, "owner": world.manager},
        )
    response = world.client("employee").get(f"/cases/{world.case.pk}/plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return [_PAGE_FURNITURE.sub("", page) for page in pdf_pages(response.content)]


def test_an_action_longer_than_a_page_flows_on_and_a_long_string_wraps(world, monkeypatch):
    documents = Documents(monkeypatch)
    # An action is at most 2,000 characters (harbour.limits.NOTE): in its column
    # that is taller than a page.
    sentence = "She will walk to the car park with a colleague at the end of each day. "
    unbroken = "https://example.org/" + "a" * 1900
    pages = _plan_pdf(world, [sentence * 28, unbroken])
    assert len(pages) >= 3
    squashed = re.sub(r"\s+", "", "".join(pages))
    assert re.sub(r"\s+", "", sentence) * 28 in squashed and unbroken in squashed
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
@given(st.lists(accounts(max_words=40, long_word=600), min_size=1, max_size=12))
def test_any_action_in_any_script_is_in_the_plan(world, monkeypatch, actions):
    documents = Documents(monkeypatch)
    world.case = factories.make_case(world.manager, world.employee)  # a plan of this example's own
    text = "".join(_plan_pdf(world, [agreed for agreed, _ in actions]))
    assert missing(text, [word for _, drawn in actions for word in drawn]) == []
    assert documents.overflowing() == []

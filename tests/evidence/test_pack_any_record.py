"""An evidence pack renders any record: an account taller than a page, many
incidents, long names and any script, right to left, CJK and emoji included.
Each pack is built the way the worker builds it and its PDF read back."""

import re

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harbour.cases import services as case_services
from harbour.evidence import storage
from harbour.evidence.models import PackStatus
from tests import factories
from tests.any_text import accounts, missing, pdf_pages, words
from tests.evidence.helpers import built_pack

# The footer and header each page carries, which may fall inside a split word.
_PAGE_FURNITURE = re.compile(
    r"Harbour evidence pack \S+ · chain head \w+…|Page \d+ of \d+|OFFICIAL-SENSITIVE"
)


def _body_text(pack) -> str:
    return "".join(_PAGE_FURNITURE.sub("", page) for page in pdf_pages(storage.read(pack.pdf_name)))


def _case_with(world, *, person_name, accounts_text):
    person = factories.make_person(world.school, world.manager, name=person_name)
    case = factories.make_case(world.manager, world.employee, people=[person])
    for days_ago, account in enumerate(accounts_text, start=1):
        factories.record(case, world.manager, world.employee, person, account=account, days_ago=days_ago)
    world.case = case
    return case


def test_an_account_taller_than_a_page_flows_on_to_the_next_pages(world):
    # The record that failed the build with ReportLab's LayoutError: one incident's
    # account (and its correction) far taller than a page.
    # Within the limits a form allows (harbour.limits: 10,000 characters, a reason 5,000).
    sentence = "He waited at the gate again and shouted that he would find out where she lives. "
    account = sentence * 120
    corrected = "Added later: he also followed her car. " * 250
    case = _case_with(world, person_name="Pat Concern", accounts_text=[account])
    incident = case.incidents.get()
    case_services.amend_incident(
        origin=factories.origin(world.manager),
        incident=incident,
        values={"account": corrected},
        reason="The employee remembered more. " * 160,
    )
    pack = built_pack(world)
    assert pack.status == PackStatus.READY, pack.error
    pages = pdf_pages(storage.read(pack.pdf_name))
    text = "".join(_PAGE_FURNITURE.sub("", page) for page in pages)
    assert len(pages) >= 8
    squashed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", sentence) * 120 in squashed  # the whole account, in order
    assert "Addedlater:healsofollowedhercar." * 250 in squashed
    assert "Theemployeerememberedmore." * 160 in squashed


def test_a_long_unbroken_string_and_a_long_name_wrap(world):
    name = "Alexandria-" + "x" * 189
    unbroken = "https://example.org/" + "a" * 3000
    right_to_left = "שלום" * 500  # one Hebrew word forty lines long
    _case_with(world, person_name=name, accounts_text=[f"{unbroken}\n{right_to_left}"])
    pack = built_pack(world)
    assert pack.status == PackStatus.READY, pack.error
    text = _body_text(pack)
    squashed = re.sub(r"\s+", "", text)
    assert unbroken in squashed and name in squashed
    # Drawn right to left line by line over several lines; pypdf reads each line
    # back in the order it was typed, so the letters read back are the word.
    assert "".join(char for char in text if char in "שלום") == right_to_left


@settings(
    max_examples=6,
    deadline=None,
    # A build takes a second or two: shrinking a failure would take many minutes,
    # and the assertion names the words that went missing.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    records=st.lists(accounts(), min_size=1, max_size=25),
    name=words(max_size=60),
)
def test_any_record_in_any_script_is_in_the_pack(world, records, name):
    _case_with(world, person_name=name[1], accounts_text=[text for text, _ in records])
    pack = built_pack(world)
    assert pack.status == PackStatus.READY, pack.error
    text = _body_text(pack)
    drawn = [word for _, record_words in records for word in record_words] + [name]
    assert missing(text, drawn) == []

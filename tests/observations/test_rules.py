"""The observation rules as plain functions: no database."""

import datetime

import pytest

from harbour.cases import taxonomy
from harbour.cases.models import Channel, Location
from harbour.observations import rules
from harbour.observations.models import Kind, Status

TODAY = datetime.date(2026, 11, 20)


def filing(**overrides) -> rules.Filing:
    values = {
        "filer_staff_id": 1,
        "filer_school_id": 10,
        "about_staff_id": 2,
        "about_school_id": 10,
        "about_active": True,
        "kind": Kind.ASKED_ABOUT,
        "description": "A parent asked me which room she teaches in on Thursdays.",
        "seen_on": TODAY,
        "location": Location.ON_SITE,
        "person_description": "Man in a red coat, said he was Jo's dad.",
        "person_school_id": None,
    }
    return rules.Filing(**{**values, **overrides})


def test_only_an_accepted_observation_counts():
    assert rules.counts(Status.ACCEPTED)
    assert not rules.counts(Status.AWAITING)
    assert not rules.counts(Status.DECLINED)


def test_the_employee_decides_once():
    assert rules.can_decide(Status.AWAITING)
    assert not rules.can_decide(Status.ACCEPTED)
    assert not rules.can_decide(Status.DECLINED)


def test_a_good_filing_has_no_errors():
    assert rules.filing_errors(filing(), today=TODAY) == {}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"about_staff_id": 1}, "about"),  # about themselves: that is their diary
        ({"about_school_id": 11}, "about"),  # another school's staff
        ({"about_active": False}, "about"),
        ({"kind": "gossip"}, "kind"),
        ({"description": "   "}, "description"),
        ({"seen_on": TODAY + datetime.timedelta(days=1)}, "seen_on"),
        ({"location": "moon"}, "location"),
        ({"person_description": ""}, "person_description"),
        ({"person_school_id": 11}, "person"),
    ],
)
def test_a_bad_filing_names_its_field(overrides, field):
    assert field in rules.filing_errors(filing(**overrides), today=TODAY)


def test_a_known_person_needs_no_description():
    assert rules.filing_errors(filing(person_description="", person_school_id=10), today=TODAY) == {}


def test_every_kind_but_something_else_is_a_behaviour_of_the_guidance():
    for kind in Kind.values:
        code = rules.behaviour_for(kind)
        if kind == Kind.OTHER:
            assert code is None
        else:
            assert code in taxonomy.BY_CODE
    assert rules.behaviour_for(Kind.ASKED_ABOUT) == "asking_colleagues"
    assert rules.behaviour_for(Kind.SEEKING_OUT) == "seeking_out"


def test_something_else_takes_the_employees_choice_from_the_list_only():
    assert rules.behaviour_for(Kind.OTHER, "unwanted_gifts") == "unwanted_gifts"
    assert rules.behaviour_for(Kind.OTHER, "made_up") is None
    # The kind's own behaviour wins over any choice sent with it.
    assert rules.behaviour_for(Kind.ASKED_ABOUT, "threats") == "asking_colleagues"


def test_channel():
    assert rules.channel_for(Kind.ASKED_ABOUT, Location.ON_SITE) == Channel.THIRD_PARTY
    assert rules.channel_for(Kind.ASKED_BY_NAME, Location.PHONE) == Channel.PHONE_CALL
    assert rules.channel_for(Kind.SEEKING_OUT, Location.NEAR_SITE) == Channel.IN_PERSON
    assert all(rules.channel_for(k, loc) in Channel.values for k in Kind.values for loc in Location.values)


def test_case_owner_is_the_line_manager_else_the_first_head():
    assert rules.case_owner(7, [3, 2]) == 7
    assert rules.case_owner(None, [3, 2]) == 2
    assert rules.case_owner(None, []) is None


def test_account_says_who_reported_it():
    assert rules.account(" Asked for her timetable. ", "colleague", "Sam Teacher") == (
        "Reported by a colleague (Sam Teacher): Asked for her timetable."
    )
    assert rules.account("Asked for Mr Li.", "front_desk", "Jo Desk").startswith("Reported by the front desk")

"""Escalation signals: examples for each, and properties that hold for any record."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.risk import signals
from harbour.risk.signals import Fact

D = datetime.date(2026, 9, 1)


def fact(n, days, location="on_site", channel="in_person", behaviours=("seeking_out",), severity=2):
    return Fact(n, D + datetime.timedelta(days=days), location, channel, frozenset(behaviours), severity)


def codes(found):
    return {s.code for s in found}


def test_frequency_rising_names_the_recent_window():
    record = [fact(1, 0), fact(2, 40), fact(3, 45), fact(4, 50)]
    signal = signals.frequency_rising(record, window_days=28)
    assert signal.incident_ids == (2, 3, 4)
    assert signals.frequency_rising(record[:1], window_days=28) is None
    # Two incidents but no history before them: nothing to rise from.
    assert signals.frequency_rising([fact(1, 0), fact(2, 3)], window_days=28) is None
    # As many as before: not rising.
    steady = [fact(1, 0), fact(2, 5), fact(3, 30), fact(4, 35)]
    assert signals.frequency_rising(steady, window_days=28) is None


def test_severity_rising_names_the_step_up():
    record = [fact(1, 0, severity=1), fact(2, 5, severity=1), fact(3, 9, severity=3)]
    assert signals.severity_rising(record).incident_ids == (1, 2, 3)
    assert signals.severity_rising([fact(1, 0, severity=3), fact(2, 5, severity=1)]) is None


def test_moving_into_the_street_or_home():
    record = [fact(1, 0), fact(2, 4, location="home")]
    assert signals.street_or_home(record).incident_ids == (1, 2)
    assert signals.street_or_home([fact(1, 0, location="home")]) is None


def test_online_to_in_person():
    record = [fact(1, 0, location="online", channel="social_media"), fact(2, 3, location="near_site")]
    assert signals.online_to_in_person(record).incident_ids == (1, 2)
    reversed_order = [fact(1, 0, location="near_site"), fact(2, 3, location="online", channel="email")]
    assert signals.online_to_in_person(reversed_order) is None


def test_contact_after_a_warning():
    record = [fact(1, 0), fact(2, 10), fact(3, 20)]
    assert signals.contact_after_warning(record, D + datetime.timedelta(days=10)).incident_ids == (3,)
    assert signals.contact_after_warning(record, None) is None


def test_threats_or_damage_on_their_own():
    assert signals.threats_or_damage([fact(1, 0, behaviours=("threats",))]).incident_ids == (1,)
    assert signals.threats_or_damage([fact(1, 0)]) is None


facts_strategy = st.lists(
    st.builds(
        lambda n, days, loc, ch, beh, sev: Fact(n, D + datetime.timedelta(days=days), loc, ch, beh, sev),
        st.integers(1, 10_000),
        st.integers(0, 400),
        st.sampled_from(["on_site", "near_site", "outside_work", "home", "online", "phone", "post"]),
        st.sampled_from(["in_person", "phone_call", "text_message", "email", "social_media", "letter"]),
        st.frozensets(
            st.sampled_from(["seeking_out", "threats", "property_damage", "staring", "unwanted_gifts"])
        ),
        st.integers(1, 3),
    ),
    max_size=25,
    unique_by=lambda f: f.incident_id,
)


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.randoms(use_true_random=False), st.integers(7, 90))
def test_signals_do_not_depend_on_the_order_given(facts, rnd, window):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert signals.raised(facts, window_days=window) == signals.raised(shuffled, window_days=window)


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.integers(7, 90))
def test_every_signal_names_incidents_from_the_record(facts, window):
    ids = {f.incident_id for f in facts}
    for signal in signals.raised(facts, window_days=window, warned_on=D + datetime.timedelta(days=100)):
        assert signal.incident_ids and set(signal.incident_ids) <= ids
        assert list(signal.incident_ids) == sorted(set(signal.incident_ids))


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.integers(7, 90))
def test_one_incident_raises_only_what_one_incident_can(facts, window):
    for single in facts[:1]:
        assert codes(signals.raised([single], window_days=window)) <= {signals.DANGER_SIGNAL}


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.integers(0, 400))
def test_contact_after_warning_is_exactly_the_later_incidents(facts, warned_days):
    warned = D + datetime.timedelta(days=warned_days)
    signal = signals.contact_after_warning(facts, warned)
    later = sorted(f.incident_id for f in facts if f.occurred_on > warned)
    assert (list(signal.incident_ids) if signal else []) == later


@settings(max_examples=200, deadline=None)
@given(facts_strategy)
def test_danger_is_exactly_the_threatening_or_damaging_incidents(facts):
    signal = signals.threats_or_damage(facts)
    expected = sorted(f.incident_id for f in facts if f.behaviours & signals.DANGER)
    assert (list(signal.incident_ids) if signal else []) == expected


@settings(max_examples=200, deadline=None)
@given(facts_strategy)
def test_severity_rising_ends_at_a_new_highest(facts):
    signal = signals.severity_rising(facts)
    if signal:
        by_id = {f.incident_id: f for f in facts}
        named = [by_id[i] for i in signal.incident_ids]
        top = max(named, key=lambda f: (f.severity, f.occurred_on, f.incident_id))
        earlier = [f for f in facts if (f.occurred_on, f.incident_id) < (top.occurred_on, top.incident_id)]
        assert earlier and all(f.severity < top.severity for f in earlier)

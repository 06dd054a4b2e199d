"""The incident chart draws one marker per spot (day, severity, place), saying how
many incidents it stands for, so a long record neither piles markers on top of
each other nor hides any incident from the count."""

import datetime
import re

from hypothesis import given
from hypothesis import strategies as st

from harbour.risk import chart
from harbour.risk.state import Fact

START = datetime.date(2026, 1, 5)
RECORDED = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
MARKER = re.compile(r"<(circle|rect|polygon) [^>]*><title>([^<]*)</title>")


def fact(pk: int, days: int, location: str = "on_site", behaviours=("comments_on_appearance",)) -> Fact:
    return Fact(
        incident_id=pk,
        occurred_on=START + datetime.timedelta(days=days),
        occurred_time=None,
        approximate=False,
        location=location,
        channel="in_person",
        behaviours=frozenset(behaviours),
        impacts=frozenset(),
        person_id=1,
        employee_id=1,
        recorded_at=RECORDED,
    )


def plotted(svg: str) -> list[str]:
    """Titles of the plotted markers (the legend's three are not incidents)."""
    legend = {name for _, name, _ in chart.PLACES}
    return [title for _, title in MARKER.findall(svg) if title not in legend]


def test_incidents_on_one_spot_are_one_marker_that_counts_them():
    svg = chart.svg([fact(1, 0), fact(2, 0), fact(3, 0), fact(4, 9)])
    titles = plotted(svg)
    assert len(titles) == 2
    assert titles[0].startswith("5 January 2026: 3 incidents, lower, at or near work")
    assert titles[1].startswith("14 January 2026: 1 incident,")


def test_a_different_place_or_severity_on_the_same_day_is_its_own_marker():
    svg = chart.svg([fact(1, 0), fact(2, 0, location="home"), fact(3, 0, behaviours=("touching",))])
    assert len(plotted(svg)) == 3


@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),
            st.sampled_from(["on_site", "home", "street", "online"]),
            st.sampled_from([("comments_on_appearance",), ("unwanted_messages",), ("touching",)]),
        ),
        max_size=250,
    )
)
def test_every_incident_is_counted_once_and_no_spot_is_drawn_twice(rows):
    facts = [fact(pk, days, location, behaviours) for pk, (days, location, behaviours) in enumerate(rows)]
    titles = plotted(chart.svg(facts))
    counted = sum(int(re.search(r": (\d+) incidents?,", title).group(1)) for title in titles)
    assert counted == len(facts)
    spots = {(f.occurred_on, f.severity, chart.place_of(f)) for f in facts}
    assert len(titles) == len(spots)

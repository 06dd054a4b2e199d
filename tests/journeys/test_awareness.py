"""A member of staff takes the awareness module from My work: reads it, gets an
answer wrong and is told why, puts it right and sees their dated completion; a
headteacher then reads the school's completion rate. axe checks every page."""

import re

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from harbour.awareness import content
from harbour.awareness.models import AwarenessCompletion
from tests.journeys.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _question(page, question):
    return page.get_by_role("group", name=re.compile(re.escape(question.prompt)))


def _label(question, code):
    return dict(question.options)[code]


def test_staff_member_completes_the_awareness_module(live_server, page, world):
    sign_in(page, live_server, "colleague")
    expect(page.locator("#awareness-due")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Take the awareness module").click()
    expect(page.get_by_role("heading", name="Awareness of stalking and harassment")).to_be_visible()
    expect(page.locator("#awareness-status")).to_contain_text("You have not completed this module yet")
    expect(page.locator("#awareness-myths")).to_contain_text("Stalkers are strangers.")
    assert_accessible(page)

    first, *rest = content.QUESTIONS
    wrong = next(code for code, _ in first.options if code != first.correct)
    _question(page, first).get_by_label(_label(first, wrong), exact=True).check()
    for question in rest:
        _question(page, question).get_by_label(_label(question, question.correct), exact=True).check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(_question(page, first)).to_contain_text(first.explanation)
    page.screenshot(path="/tmp/awareness-wrong.png", full_page=True)
    assert_accessible(page)
    assert not AwarenessCompletion.objects.exists()

    # Their other answers are kept; they change the one that was wrong.
    expect(
        _question(page, rest[0]).get_by_label(_label(rest[0], rest[0].correct), exact=True)
    ).to_be_checked()
    _question(page, first).get_by_label(_label(first, first.correct), exact=True).check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("All your answers are right. Your completion is recorded.")).to_be_visible()
    today = dateformat.format(timezone.localdate(), "j F Y")
    expect(page.locator("#awareness-status")).to_contain_text(f"You completed this module on {today}")
    expect(page.locator("#awareness-history")).to_contain_text(today)
    page.screenshot(path="/tmp/awareness-done.png", full_page=True)
    assert_accessible(page)
    assert AwarenessCompletion.objects.filter(staff=world.colleague).count() == 1

    page.get_by_role("link", name="My work").click()
    expect(page.locator("#awareness-done")).to_contain_text(today)
    assert_accessible(page)


def test_headteacher_reads_the_schools_completion_rate(live_server, page, world):
    sign_in(page, live_server, "head")
    page.get_by_role("link", name="Awareness completion").click()
    expect(page.locator("#awareness-rates")).to_contain_text(world.school.name)
    expect(page.locator("#awareness-rates")).not_to_contain_text(world.other_school.name)
    page.screenshot(path="/tmp/awareness-rates.png", full_page=True)
    assert_accessible(page)

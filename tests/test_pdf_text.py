"""harbour.pdf_text: a font for every script, right-to-left lines in visual order,
and text that survives the trip into a PDF and back."""

import io
import unicodedata

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from harbour import pdf_text
from tests.any_text import pdf_pages


@pytest.fixture
def style():
    assert pdf_text.available("HarbourSans"), "DejaVu Sans is missing: make fonts"
    return ParagraphStyle("t", fontName="HarbourSans", fontSize=10, leading=13)


@pytest.mark.parametrize(
    ("char", "font"),
    [
        ("a", "HarbourSans"),
        ("ש", "HarbourSans"),  # DejaVu Sans has Hebrew and Arabic
        ("李", "HarbourCJK"),
        ("한", "HarbourHangul-Regular"),
        ("🙉", "HarbourSymbols"),
        ("क", "HarbourNotoDevanagari-Regular"),
        ("ก", "HarbourNotoThai-Regular"),
    ],
)
def test_each_script_gets_a_font_that_has_it(char, font):
    assert pdf_text.font_for("HarbourSans", char) == font


def test_a_run_in_another_font_is_marked_and_markup_is_escaped():
    assert pdf_text.markup("<b>李明</b> & 🙉", "HarbourSans") == (
        '&lt;b&gt;<font face="HarbourCJK">李明</font>&lt;/b&gt; &amp; <font face="HarbourSymbols">🙉</font>'
    )


def test_hebrew_is_drawn_right_to_left_and_latin_inside_it_stays_left_to_right():
    assert pdf_text.visual_lines("שלום abc", "HarbourSans", 10, 500) == ["abc םולש"]
    assert pdf_text.visual_lines("abc שלום def", "HarbourSans", 10, 500) == ["abc םולש def"]


def test_arabic_is_joined_and_drawn_right_to_left():
    (line,) = pdf_text.visual_lines("سلام", "HarbourSans", 10, 500)
    # Joined: contextual presentation forms, not the bare letters...
    assert all(0xFE70 <= ord(char) <= 0xFEFF for char in line)
    # ...in visual order: read right to left they are the word as typed.
    assert "".join(unicodedata.normalize("NFKC", char) for char in reversed(line)) == "سلام"


def test_a_long_right_to_left_paragraph_reads_top_to_bottom():
    letters = "אבגדהוזחטיכלמנסעפצקרשת"
    words = [a + b + "ם" for a in letters[:8] for b in letters[:8]]
    lines = pdf_text.visual_lines(" ".join(words), "HarbourSans", 10, 200)
    assert len(lines) > 5
    # Each line read right to left continues where the line above stopped.
    read_back = [word[::-1] for line in lines for word in reversed(line.split(" "))]
    assert read_back == words


def test_characters_above_the_basic_plane_can_be_copied_back(style):
    out = io.BytesIO()
    SimpleDocTemplate(out).build([pdf_text.paragraph("emoji 🙉🏁 and 𠀋 end", style, 400)])
    assert "🙉🏁" in pdf_pages(out.getvalue())[0]


def test_control_characters_and_broken_surrogates_do_not_break_a_paragraph(style):
    text = "a\x00b\x0bc\ud800d\ne"
    assert pdf_text.clean(text) == "a b c\ufffdd\ne"
    out = io.BytesIO()
    SimpleDocTemplate(out).build([pdf_text.paragraph(text, style, 400)])
    assert "abc" in pdf_pages(out.getvalue())[0].replace(" ", "")

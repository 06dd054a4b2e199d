"""Text in any script for the document tests, and how to find it again in a PDF.

The alphabets are the scripts people at a school write in: Latin with accents,
Greek, Cyrillic, Arabic and Hebrew (right to left), Chinese and Japanese, Korean,
Devanagari, Thai, and emoji."""

import io
import re
import unicodedata
from collections import Counter

from hypothesis import strategies as st
from pypdf import PdfReader


def _chars(*ranges) -> str:
    return "".join(chr(c) for low, high in ranges for c in range(low, high + 1))


ALPHABETS = {
    "latin": _chars((0x61, 0x7A), (0xE0, 0xFF)),
    "greek": _chars((0x3B1, 0x3C9)),
    "cyrillic": _chars((0x430, 0x44F)),
    "arabic": _chars((0x621, 0x63A), (0x641, 0x64A)),
    "hebrew": _chars((0x5D0, 0x5EA)),
    "cjk": _chars((0x4E00, 0x9FA5), (0x3041, 0x3094)),
    "hangul": _chars((0xAC00, 0xD7A3)),
    "devanagari": _chars((0x905, 0x939)),
    "thai": _chars((0xE01, 0xE2E)),
    "emoji": _chars((0x1F600, 0x1F64F), (0x1F300, 0x1F3FA)),
}


@st.composite
def words(draw, script=None, min_size=2, max_size=30):
    """(script, word): a run of one script's characters with no space in it."""
    script = script or draw(st.sampled_from(sorted(ALPHABETS)))
    return script, draw(st.text(alphabet=ALPHABETS[script], min_size=min_size, max_size=max_size))


@st.composite
def accounts(draw, min_words=1, max_words=250, long_word=1200):
    """(text, words): an account mixing scripts, sometimes with one very long
    unbroken string and with line breaks; its words are what a reader must find.
    At most 31 × max_words + long_word characters: 8,950 by default, within
    what a form takes for an account (harbour.limits.TEXT)."""
    drawn = draw(st.lists(words(), min_size=min_words, max_size=max_words))
    if draw(st.booleans()):
        drawn.append(draw(words(min_size=long_word // 4, max_size=long_word)))
    separators = draw(
        st.lists(st.sampled_from([" ", " ", " ", "\n"]), min_size=len(drawn), max_size=len(drawn))
    )
    text = "".join(word + sep for (_, word), sep in zip(drawn, separators, strict=True)).strip()
    return text, drawn


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _plain(text: str) -> str:
    # Presentation forms (the shaped Arabic a PDF holds) go back to their letters.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _left_to_right(text: str) -> str:
    return "".join(char for char in text if unicodedata.bidirectional(char) == "L")


def missing(pdf_text: str, drawn_words) -> list:
    """The words a reader would not find, line breaks aside. Right-to-left words and
    emoji (neutral in the bidi algorithm, so they run right to left inside a
    right-to-left paragraph, as they should) come back from pypdf in an order of
    its own heuristics: it cuts shaped Arabic into its joined pieces and reorders
    mixed lines its own way. So those need only have all their characters there;
    the order they are drawn in is checked exactly by tests/test_pdf_text.py and
    the long Hebrew word of tests/evidence/test_pack_any_record.py."""
    plain = _plain(pdf_text)
    letters = Counter(plain)
    left_to_right = _left_to_right(plain)
    out = []
    for script, word in drawn_words:
        unordered = script in ("arabic", "hebrew", "emoji")
        all_there = not Counter(_plain(word)) - letters
        # A neutral character (÷, say) at the end of a line of a right-to-left
        # paragraph belongs to the paragraph's direction, so it is drawn at the
        # line's other end, as it should be: then the word's left-to-right letters
        # must still read in order, with every character there.
        in_order = _left_to_right(_plain(word)) in left_to_right
        found = _plain(word) in plain or (all_there and (unordered or in_order))
        if not found:
            out.append((script, word))
    return out


def overflowing(document) -> list[str]:
    """Text of a WeasyPrint document laid out past its page's right edge (which
    the PDF would still hold, off the paper, so reading the text back misses it)."""
    from weasyprint.formatting_structure import boxes

    out = []
    for page in document.pages:
        right = page.width
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TextBox) and box.position_x + box.width > right + 0.5:
                out.append(box.text[:40])
            stack.extend(getattr(box, "children", ()))
    return out


class Documents:
    """The WeasyPrint documents laid out while it is in use (monkeypatched in)."""

    def __init__(self, monkeypatch):
        from harbour import documents

        self.laid_out = []
        real = documents.layout

        def layout(template, context):
            self.laid_out.append(real(template, context))
            return self.laid_out[-1]

        monkeypatch.setattr(documents, "layout", layout)

    def overflowing(self) -> list[str]:
        return [text for document in self.laid_out for text in overflowing(document)]

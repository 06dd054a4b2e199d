"""Any script in a ReportLab paragraph: the evidence pack's text, whatever was typed.

ReportLab draws each character with one font and in the order it is given, so
three things are done here that a browser (or WeasyPrint) does by itself:

- font fallback: a character the main font lacks is drawn with the first font of
  the chain that has it (CJK, Hangul, emoji and symbols, other scripts), from
  Debian's font packages (the Makefile's `fonts` step, the Dockerfile);
- Arabic joining: letters become their contextual presentation forms
  (arabic-reshaper), which DejaVu Sans carries;
- right-to-left order: a paragraph holding Hebrew or Arabic is broken into lines
  here, then each line is put in visual order (python-bidi), so the lines read
  top to bottom and each line right to left.

A character that no installed font has is still written (a PDF reader shows its
empty box and a copy-and-paste gives the character); nothing typed breaks a
layout, because text is escaped before it becomes ReportLab markup."""

import functools
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

FONTS = Path("/usr/share/fonts/truetype")

# (ReportLab name, file, the code points it is tried for). The first entry of a
# chain is the main font and is tried for everything; the others are opened only
# when a character in their ranges appears, so a Latin-only pack reads one font.
_CJK = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FFFF))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
_SYMBOLS = ((0x2000, 0x2BFF), (0x1F000, 0x1FAFF))
_SCRIPTS = {  # Noto Sans (fonts-noto-core) for scripts DejaVu Sans lacks
    "Devanagari": ((0x0900, 0x097F),),
    "Bengali": ((0x0980, 0x09FF),),
    "Gurmukhi": ((0x0A00, 0x0A7F),),
    "Gujarati": ((0x0A80, 0x0AFF),),
    "Tamil": ((0x0B80, 0x0BFF),),
    "Sinhala": ((0x0D80, 0x0DFF),),
    "Thai": ((0x0E00, 0x0E7F),),
    "Lao": ((0x0E80, 0x0EFF),),
    "Myanmar": ((0x1000, 0x109F),),
    "Georgian": ((0x10A0, 0x10FF),),
    "Ethiopic": ((0x1200, 0x139F),),
    "Khmer": ((0x1780, 0x17FF),),
    "Armenian": ((0x0530, 0x058F),),
    "Hebrew": ((0x0590, 0x05FF),),
    "Arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFF)),
}
_EVERYTHING = ((0, 0x10FFFF),)


def _chain(main: tuple[str, str], weight: str) -> list[tuple[str, Path, tuple]]:
    bold = weight == "Bold"
    chain = [(main[0], FONTS / "dejavu" / main[1], _EVERYTHING)]
    chain += [
        (f"HarbourNoto{script}-{weight}", FONTS / "noto" / f"NotoSans{script}-{weight}.ttf", ranges)
        for script, ranges in _SCRIPTS.items()
    ]
    chain += [
        ("HarbourCJK", FONTS / "droid" / "DroidSansFallbackFull.ttf", _CJK),
        (
            f"HarbourHangul-{weight}",
            FONTS / "nanum" / ("NanumGothicBold.ttf" if bold else "NanumGothic.ttf"),
            _HANGUL,
        ),
        ("HarbourSymbols", FONTS / "ancient-scripts" / "Symbola_hint.ttf", _SYMBOLS),
    ]
    return chain


CHAINS = {
    "HarbourSans": _chain(("HarbourSans", "DejaVuSans.ttf"), "Regular"),
    "HarbourSans-Bold": _chain(("HarbourSans-Bold", "DejaVuSans-Bold.ttf"), "Bold"),
    "HarbourMono": _chain(("HarbourMono", "DejaVuSansMono.ttf"), "Regular"),
}


def _to_unicode_cmap(fontname, subset, _reportlab=ttfonts.makeToUnicodeCMap):
    """ReportLab's ToUnicode map, with a character above U+FFFF (an emoji, a rare
    CJK character) written as UTF-16 as PDF asks: ReportLab writes its bare code
    point, which readers reject, so copying or searching the text lost it."""

    def utf16(match):
        return f"{match[1]} <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"

    return re.sub(r"^(<[0-9A-F]+>) <([0-9A-F]{5,6})>$", utf16, _reportlab(fontname, subset), flags=re.M)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@functools.cache
def _open(name: str, path: Path):
    """The font's set of code points once registered, or None when its file is missing."""
    if name not in pdfmetrics.getRegisteredFontNames():
        if not path.exists():
            return None
        pdfmetrics.registerFont(TTFont(name, path))
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def available(family: str) -> bool:
    """Whether the family's main font is installed (else the pack uses Helvetica)."""
    name, path, _ = CHAINS[family][0]
    return _open(name, path) is not None


@functools.cache
def font_for(family: str, char: str) -> str:
    code = ord(char)
    for name, path, ranges in CHAINS.get(family, ()):
        if any(low <= code <= high for low, high in ranges):
            covered = _open(name, path)
            if covered is not None and code in covered:
                return name
    return family


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def clean(text: str) -> str:
    """Text a PDF can hold: control characters become spaces, a broken surrogate
    the replacement character."""
    out = []
    for char in str(text):
        category = unicodedata.category(char)
        if char in "\n\t":
            out.append(char)
        elif category == "Cc":
            out.append(" ")
        elif category == "Cs":
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def markup(text: str, family: str) -> str:
    """Escaped paragraph markup with each run in the first font that has it."""
    parts = []
    run, run_font = [], family
    for char in text:
        if char == "\n":
            font = run_font
        else:
            font = font_for(family, char)
            if font != family and unicodedata.category(char) in ("Cf", "Mn") and run:
                font = run_font  # a joiner or combining mark stays with what it joins
        if font != run_font and run:
            parts.append(_run("".join(run), run_font, family))
            run = []
        run_font = font
        run.append(char)
    if run:
        parts.append(_run("".join(run), run_font, family))
    return "".join(parts)


def _run(text: str, font: str, family: str) -> str:
    text = escape(text).replace("\n", "<br/>")
    return text if font == family else f'<font face="{font}">{text}</font>'


def _width(text: str, family: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(char, font_for(family, char), size) for char in text)


def _lines(text: str, family: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces; a word longer than a line is cut where the line ends."""
    space = _width(" ", family, size)
    lines = []
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = _width(word, family, size)
            if line and line_width + space + word_width <= width:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if line:
                lines.append(line)
            line, line_width = "", 0.0
            for char in word:
                char_width = _width(char, family, size)
                if line and line_width + char_width > width:
                    lines.append(line)
                    line, line_width = "", 0.0
                line, line_width = line + char, line_width + char_width
        lines.append(line)
    return lines


@functools.cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    # Keep the vowel marks: the record is what was typed, not a simplified copy.
    return ArabicReshaper({"delete_harakat": False})


def starts_right_to_left(text: str) -> bool:
    """A paragraph's direction is that of its first strong character (Unicode's rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL", "L"):
            return kind != "L"
    return False


def visual_lines(text: str, family: str, size: float, width: float) -> list[str]:
    """A right-to-left or mixed paragraph (no line breaks in it) as lines in the
    order they are drawn: Arabic shaped, broken into lines in logical order, then
    each line reordered on its own (Unicode's bidi algorithm, rule L2 per line)."""
    from bidi import get_display

    base = "R" if starts_right_to_left(text) else "L"
    lines = _lines(_reshaper().reshape(text), family, size, width)
    return [get_display(line, base_dir=base) for line in lines]


class Paragraphs(Flowable):
    """Several paragraphs as one flowable that splits between and inside them, so
    one piece of text with right-to-left and left-to-right paragraphs goes wherever
    a Paragraph goes (a table cell, the story) and still flows across pages."""

    def __init__(self, parts: list[Paragraph]):
        super().__init__()
        self.parts = parts

    def wrap(self, available_width, available_height):
        self._heights = [part.wrap(available_width, available_height)[1] for part in self.parts]
        self.width, self.height = available_width, sum(self._heights)
        return self.width, self.height

    def split(self, available_width, available_height):
        used = 0.0
        for index, part in enumerate(self.parts):
            height = part.wrap(available_width, available_height)[1]
            if used + height <= available_height:
                used += height
                continue
            pieces = part.split(available_width, available_height - used)
            done, rest = self.parts[:index], self.parts[index + 1 :]
            if pieces:
                return [Paragraphs(done + pieces[:1]), Paragraphs(pieces[1:] + rest)]
            return [Paragraphs(done), Paragraphs([part, *rest])] if done else []
        return [self]

    def getSpaceBefore(self):  # noqa: N802 - ReportLab's name
        return self.parts[0].getSpaceBefore() if self.parts else 0

    def getSpaceAfter(self):  # noqa: N802 - ReportLab's name
        return self.parts[-1].getSpaceAfter() if self.parts else 0

    def draw(self):
        y = self.height
        for part, height in zip(self.parts, self._heights, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)


def paragraph(text, style: ParagraphStyle, width: float) -> Flowable:
    """One piece of text as a flowable `width` points wide, which ReportLab splits
    across pages however long it is. A paragraph (between line breaks) holding
    right-to-left text comes already broken into lines in visual order, aligned
    right when it starts right to left, as each paragraph takes its own direction."""
    text = clean(text)
    family = style.fontName
    if not any(_is_rtl(char) for char in text):
        return Paragraph(markup(text, family), style)
    parts = text.split("\n")
    out = []
    for number, part in enumerate(parts):
        rtl = starts_right_to_left(part)
        part_style = ParagraphStyle(
            f"{style.name}-{number}",
            parent=style,
            alignment=TA_RIGHT if rtl else style.alignment,
            spaceBefore=style.spaceBefore if number == 0 else 0,
            spaceAfter=style.spaceAfter if number == len(parts) - 1 else 0,
        )
        if any(_is_rtl(char) for char in part):
            lines = visual_lines(part, family, style.fontSize, width - 1)
            out.append(Paragraph("<br/>".join(markup(line, family) for line in lines), part_style))
        else:
            out.append(Paragraph(markup(part, family) or "&nbsp;", part_style))
    return Paragraphs(out)

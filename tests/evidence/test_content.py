"""What a file is, judged by its content."""

import pytest

from harbour.evidence import content
from tests.evidence import samples


@pytest.mark.parametrize(
    ("data", "name", "mime"),
    [
        (samples.png(), "shot.png", "image/png"),
        (samples.jpeg_with_location(), "photo.jpg", "image/jpeg"),
        (samples.pdf(), "letter.pdf", "application/pdf"),
        (samples.EML, "message.eml", "message/rfc822"),
        (samples.png(), "named-wrongly.pdf", "image/png"),  # the content decides, not the name
    ],
)
def test_accepts_real_files_by_content(data, name, mime):
    assert content.identify(data, name).mime == mime


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (samples.EICAR, "eicar.png", "is not a PNG image"),
        (samples.HTML, "letter.pdf", "is not a PDF"),
        (samples.HTML, "page.html", "can't tell what kind of file"),
        (b"", "empty.png", "empty"),
        (samples.polyglot_png(), "shot.png", "web page or script"),
        (samples.png() + b"trailing bytes", "shot.png", "extra data after its end"),
        (samples.png_hiding_zip(), "shot.png", "another file hidden inside"),
        (samples.png()[:60], "cut.png", "damaged"),
        (
            b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF",
            "a.pdf",
            "scripts",
        ),
        (b"%PDF-1.4\n1 0 obj << >> endobj\n", "cut.pdf", "incomplete"),
        (b"PK\x03\x04" + b"\x00" * 40, "archive.png", ".zip file, which Harbour doesn't keep"),
        (b"MZ" + b"\x90" * 200, "tool.exe", ".exe file, which Harbour doesn't keep"),
    ],
)
def test_rejects_with_a_reason(data, name, says):
    with pytest.raises(content.Rejected) as rejected:
        content.identify(data, name)
    assert says in rejected.value.reason


def test_an_archive_is_refused_by_type():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(content.Rejected, match=r"\.zip file, which Harbour doesn't keep"):
        content.identify(out.getvalue(), "photos.zip")


def test_an_email_may_carry_html_because_it_is_never_shown():
    message = samples.EML.replace(
        b"I know where you park.", b"<html><body>I know where you park.</body></html>"
    )
    assert content.identify(message, "m.eml").group == "email"

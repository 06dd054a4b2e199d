"""Files made on the spot for the evidence tests: real images, a real PDF, an
e-mail, and the awkward ones (EICAR, HTML in disguise, a polyglot)."""

import io

from PIL import Image

# The industry-standard antivirus test string: harmless, detected by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def png(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_location(size=(64, 48)) -> bytes:
    """A photo whose EXIF says where it was taken (GPS) and on what camera."""
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Letter left at reception")
    page.save()
    return out.getvalue()


EML = (
    b"From: someone@example.com\r\nTo: staff@school.example\r\nSubject: Again\r\n"
    b"Date: Mon, 16 Nov 2026 21:04:00 +0000\r\n\r\nI know where you park.\r\n"
)

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def polyglot_png() -> bytes:
    """A valid PNG with a web page after its end: shown as an image, run as HTML."""
    return png() + b"<html><script>alert(document.cookie)</script></html>"


def png_hiding_zip() -> bytes:
    return png()[:-12] + b"PK\x03\x04" + b"\x00" * 20 + png()[-12:]

"""What a file really is, judged by its content: never by its name or by the
content type the browser claims. A file Harbour does not accept raises Rejected
with a reason a member of staff can act on."""

import io
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

import filetype
from PIL import Image, UnidentifiedImageError


class Rejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileKind:
    group: str  # image, document, email, audio or video
    mime: str
    label: str
    previewable: bool = False


ACCEPTED = {
    "image/jpeg": FileKind("image", "image/jpeg", "JPEG image", previewable=True),
    "image/png": FileKind("image", "image/png", "PNG image", previewable=True),
    "image/gif": FileKind("image", "image/gif", "GIF image", previewable=True),
    "image/webp": FileKind("image", "image/webp", "WebP image", previewable=True),
    "image/heic": FileKind("image", "image/heic", "HEIC photo"),
    "application/pdf": FileKind("document", "application/pdf", "PDF document"),
    "message/rfc822": FileKind("email", "message/rfc822", "E-mail message"),
    "audio/mpeg": FileKind("audio", "audio/mpeg", "MP3 audio"),
    "audio/mp4": FileKind("audio", "audio/mp4", "M4A audio"),
    "audio/ogg": FileKind("audio", "audio/ogg", "Ogg audio"),
    "audio/x-wav": FileKind("audio", "audio/x-wav", "WAV audio"),
    "audio/amr": FileKind("audio", "audio/amr", "AMR voice recording"),
    "audio/aac": FileKind("audio", "audio/aac", "AAC audio"),
    "video/mp4": FileKind("video", "video/mp4", "MP4 video"),
    "video/quicktime": FileKind("video", "video/quicktime", "QuickTime video"),
    "video/3gpp": FileKind("video", "video/3gpp", "3GP video"),
    "video/webm": FileKind("video", "video/webm", "WebM video"),
    "video/x-matroska": FileKind("video", "video/x-matroska", "Matroska video"),
}

# What a name's extension claims, to say so plainly when the content disagrees.
CLAIMED = {
    "jpg": "a JPEG image", "jpeg": "a JPEG image", "png": "a PNG image", "gif": "a GIF image",
    "webp": "a WebP image", "heic": "a HEIC photo", "pdf": "a PDF", "eml": "an e-mail",
    "mp3": "an MP3 recording", "m4a": "an M4A recording", "wav": "a WAV recording", "ogg": "an Ogg recording",
    "amr": "a voice recording", "aac": "an AAC recording", "mp4": "an MP4 video", "mov": "a QuickTime video",
    "3gp": "a 3GP video", "webm": "a WebM video", "mkv": "a Matroska video",
}  # fmt: skip

WHAT_IS_ACCEPTED = (
    "Harbour accepts photos and screenshots (JPEG, PNG, GIF, WebP, HEIC), PDFs, e-mails saved as .eml, "
    "audio recordings and videos."
)

# Markup or script that a browser or reader would act on. None belongs in a photo,
# a PDF or a recording; finding it means the file is two things at once (a polyglot).
ACTIVE_MARKERS = re.compile(
    rb"<\s*(html|script|svg|iframe|object|embed|body|\?php)\b|<!doctype\s+html|javascript:", re.IGNORECASE
)
# Another format's header inside an image or PDF: an archive or document hidden in it.
EMBEDDED_HEADERS = (b"PK\x03\x04", b"%PDF-", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"MZ\x90\x00")
PDF_ACTIONS = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


def identify(data: bytes, filename: str = "") -> FileKind:
    if not data:
        raise Rejected("The file is empty. Choose the file again.")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = _by_signature(data)
    if kind is None:
        if extension in CLAIMED:
            raise Rejected(
                f"The file is named “{filename}” but its content is not {CLAIMED[extension]}, "
                "so Harbour can't keep it. Save the original again and attach that."
            )
        raise Rejected(f"Harbour can't tell what kind of file this is. {WHAT_IS_ACCEPTED}")
    _check_structure(kind, data)
    return kind


def _by_signature(data: bytes) -> FileKind | None:
    guess = filetype.guess(data[:8192])
    if guess is not None:
        return ACCEPTED.get(guess.mime) or _refuse_type(guess.extension)
    if _looks_like_email(data):
        return ACCEPTED["message/rfc822"]
    return None


def _refuse_type(extension: str):
    raise Rejected(f"This is a .{extension} file, which Harbour doesn't keep. {WHAT_IS_ACCEPTED}")


def _looks_like_email(data: bytes) -> bool:
    head = data[:65536]
    if head.lstrip()[:1] == b"<" or b"\x00" in head:
        return False
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
    except Exception:  # noqa: BLE001 - the parser's errors vary; any means "not an e-mail"
        return False
    names = {name.lower() for name in message}
    # A saved e-mail starts with its headers: sender, and a date or subject.
    return "from" in names and bool(names & {"date", "subject"}) and not message.defects


def _check_structure(kind: FileKind, data: bytes) -> None:
    if kind.group == "email":
        return  # an e-mail may carry HTML; it is only ever downloaded, never shown
    if ACTIVE_MARKERS.search(data):
        raise Rejected(
            f"This {kind.label} also contains web page or script code, so it could be two kinds of file "
            "at once. Harbour can't keep it. Take a fresh screenshot or export and attach that."
        )
    if kind.group in {"image", "document"}:
        for header in EMBEDDED_HEADERS:
            if data.find(header, 1) != -1:
                raise Rejected(
                    f"This {kind.label} has another file hidden inside it, so Harbour can't keep it. "
                    "Take a fresh screenshot or export and attach that."
                )
    if kind.mime == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise Rejected("This PDF is incomplete or damaged. Save it again and attach the new copy.")
        if PDF_ACTIONS.search(data):
            raise Rejected(
                "This PDF contains scripts or embedded files, which Harbour doesn't keep. "
                "Print it to a new PDF and attach that."
            )
    if kind.previewable:
        _check_image(kind, data)


def _check_image(kind: FileKind, data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Rejected(f"This {kind.label} is damaged and can't be opened. Attach the original.") from None
    if kind.mime == "image/png":
        end = data.rfind(b"IEND")
        # IEND's 4-byte type is followed by its 4-byte CRC; anything after is a second file.
        if end == -1 or len(data) > end + 8:
            raise Rejected(
                "This PNG image has extra data after its end, so it could be two kinds of file at once. "
                "Take a fresh screenshot and attach that."
            )

"""Files leaving Harbour: always as attachments, never sniffed, never cached."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    # Even if a browser were talked into rendering it, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

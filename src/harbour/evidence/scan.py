"""Virus scanning through ClamAV's clamd, when HARBOUR_CLAMD names one.

Uses clamd's INSTREAM command (the file is streamed, never written where clamd
could find it). If a scanner is configured but does not answer, the file is
refused: an unscanned file must not slip in because the scanner was down."""

import socket
import struct

from django.conf import settings

from harbour.evidence.content import Rejected

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


def scanner_configured() -> bool:
    return bool(settings.CLAMD_ADDRESS)


def scan(data: bytes) -> str:
    """Returns what was done ("clamd: OK" or "not scanned"); raises Rejected if
    the file carries a virus or the scanner can't be reached."""
    if not scanner_configured():
        return "not scanned: no scanner configured"
    try:
        reply = _instream(settings.CLAMD_ADDRESS, data)
    except OSError:
        raise Rejected(
            "The virus scanner isn't answering, so the file wasn't kept. Try again in a few minutes, "
            "and tell your IT support if it keeps happening."
        ) from None
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        raise Rejected(f"The virus scanner found {signature} in this file, so it wasn't kept.")
    if not reply.endswith("OK"):
        raise Rejected("The virus scanner couldn't check this file, so it wasn't kept.")
    return "clamd: OK"


def _connect(address: str) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT_SECONDS)
        sock.connect(address)
        return sock
    host, _, port = address.rpartition(":")
    return socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)


def _instream(address: str, data: bytes) -> str:
    with _connect(address) as sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            reply += part
    return reply.rstrip(b"\0").decode(errors="replace").strip()

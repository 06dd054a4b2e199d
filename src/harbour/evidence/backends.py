"""The default home of evidence blobs: a folder on the server's disk.

Django's FileSystemStorage, with what evidence needs on top: files created
0600 and folders 0700 from the first byte (not chmod-ed afterwards), and every
write made to a temporary file, flushed to disk and moved over the old one, so
a reader (a download during `harbour rotate-evidence-key`) sees the old blob
or the new, never half of one. The folder is settings.EVIDENCE_DIR, read at
each use rather than once, so tests and commands that point it elsewhere are
obeyed."""

import contextlib
import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs


class EvidenceFileStorage(FileSystemStorage):
    def __init__(self, location=None):
        super().__init__(
            location=location,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
            allow_overwrite=True,
        )

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.EVIDENCE_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Evidence is never served by URL; it passes through Harbour's checks.")

    def _save(self, name, content):
        path = self.path(name)
        safe_makedirs(os.path.dirname(path), 0o700, exist_ok=True)
        temporary = f"{path}.{secrets.token_hex(4)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            with open(os.open(temporary, flags, 0o600), "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        return name

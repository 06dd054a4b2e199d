from django.conf import settings
from django.db import models

from harbour.schools.models import School


class StaffImport(models.Model):
    """A staff list uploaded and previewed, waiting for the administrator to
    confirm it. Not a record of what happened (the audit event of the import is):
    the rows are emptied once it is applied, and a preview left unconfirmed is
    deleted when the school's next file is uploaded or after a day."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The rows as read (JSON, see onboarding.services), the columns the file had,
    # the file's SHA-256 and a digest of the directory when the preview was made.
    rows = models.JSONField(default=list)
    columns = models.JSONField(default=list)
    content_sha256 = models.CharField(max_length=64)
    staff_fingerprint = models.CharField(max_length=64)
    applied_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["school", "uploaded_at"], name="staff_import_school_idx")]

    def __str__(self) -> str:
        return f"Staff import {self.pk} for school {self.school_id}"

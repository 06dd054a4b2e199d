"""The task queue and the evidence store, chosen from the environment.

Kept apart from settings.py so that the rules for these two variables' values
live in one small place and are tested without starting Django. Both raise
ConfigurationError (see env.py) so a wrong value stops the start by name."""

from harbour.env import ConfigurationError, env_str

TASK_BACKENDS = {
    # Task rows in Harbour's own database, run by `harbour db_worker`.
    "database": "django_tasks_db.DatabaseBackend",
    # Runs each task inside the process that enqueued it (after its commit): tests
    # and one-off scripts only, as it puts the work back on the request path.
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}

EVIDENCE_FILES = "harbour.evidence.backends.EvidenceFileStorage"
EVIDENCE_S3 = "storages.backends.s3.S3Storage"
S3_ENCRYPTION = {"", "AES256", "aws:kms"}


def tasks_from_env() -> dict:
    name = env_str("HARBOUR_TASKS_BACKEND", "database").strip().lower()
    if name not in TASK_BACKENDS:
        raise ConfigurationError(f"HARBOUR_TASKS_BACKEND must be {' or '.join(TASK_BACKENDS)}, not {name!r}")
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


def evidence_storage_from_env() -> dict:
    """Files under EVIDENCE_DIR by default; an S3-compatible bucket when
    HARBOUR_EVIDENCE_S3_BUCKET is set. Blobs are encrypted by Harbour before
    they reach either (evidence/storage.py), so the store only ever holds
    ciphertext under random names."""
    bucket = env_str("HARBOUR_EVIDENCE_S3_BUCKET").strip()
    if not bucket:
        # The folder is read from settings.EVIDENCE_DIR when used (backends.py).
        return {"BACKEND": EVIDENCE_FILES}
    endpoint = env_str("HARBOUR_EVIDENCE_S3_ENDPOINT_URL").strip()
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ConfigurationError(
            f"HARBOUR_EVIDENCE_S3_ENDPOINT_URL must be an http(s):// address, not {endpoint!r}"
        )
    access_key = env_str("HARBOUR_EVIDENCE_S3_ACCESS_KEY_ID").strip()
    secret_key = env_str("HARBOUR_EVIDENCE_S3_SECRET_ACCESS_KEY").strip()
    if bool(access_key) != bool(secret_key):
        raise ConfigurationError(
            "HARBOUR_EVIDENCE_S3_ACCESS_KEY_ID and HARBOUR_EVIDENCE_S3_SECRET_ACCESS_KEY go together: "
            "set both, or neither to use the machine's own credentials (an instance role)."
        )
    encryption = env_str("HARBOUR_EVIDENCE_S3_ENCRYPTION").strip()
    if encryption not in S3_ENCRYPTION:
        raise ConfigurationError(
            f"HARBOUR_EVIDENCE_S3_ENCRYPTION must be AES256, aws:kms or empty, not {encryption!r}"
        )
    return {
        "BACKEND": EVIDENCE_S3,
        "OPTIONS": {
            "bucket_name": bucket,
            "location": env_str("HARBOUR_EVIDENCE_S3_PREFIX", "evidence").strip().strip("/"),
            "endpoint_url": endpoint or None,
            "region_name": env_str("HARBOUR_EVIDENCE_S3_REGION").strip() or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # No ACL header at all: objects stay as private as the bucket, and
            # buckets that enforce owner-only objects accept the upload.
            "default_acl": None,
            # Rotation rewrites a blob under its own name.
            "file_overwrite": True,
            # Blobs are never handed out by URL; downloads pass through Harbour's checks.
            "querystring_auth": True,
            "object_parameters": {"ServerSideEncryption": encryption} if encryption else {},
        },
    }

"""The task queue and the evidence store come from the environment, and a wrong
value stops the start with the variable's name."""

import pytest

from harbour.env import ConfigurationError
from harbour.env_backends import evidence_storage_from_env, tasks_from_env
from tests.test_settings import OWN_EVIDENCE_KEY, _start

S3 = {
    "HARBOUR_EVIDENCE_S3_BUCKET": "trust-evidence",
    "HARBOUR_EVIDENCE_S3_ENDPOINT_URL": "https://s3.example-trust.org.uk",
    "HARBOUR_EVIDENCE_S3_REGION": "eu-west-2",
    "HARBOUR_EVIDENCE_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "HARBOUR_EVIDENCE_S3_SECRET_ACCESS_KEY": "example-secret",
}


@pytest.fixture
def env(monkeypatch):
    for name in [*S3, "HARBOUR_EVIDENCE_S3_PREFIX", "HARBOUR_EVIDENCE_S3_ENCRYPTION"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("HARBOUR_TASKS_BACKEND", raising=False)

    def set_(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_


def test_the_database_queue_is_the_default_and_immediate_is_a_choice(env):
    assert tasks_from_env() == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env(HARBOUR_TASKS_BACKEND="immediate")
    assert tasks_from_env()["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_an_unknown_queue_names_the_variable(env):
    env(HARBOUR_TASKS_BACKEND="celery")
    with pytest.raises(ConfigurationError, match="HARBOUR_TASKS_BACKEND must be database or immediate"):
        tasks_from_env()


def test_a_production_start_with_an_unknown_queue_stops():
    result = _start(
        HARBOUR_DEBUG="false",
        HARBOUR_SECRET_KEY="a-long-random-secret-of-our-own",
        HARBOUR_EVIDENCE_KEYS=OWN_EVIDENCE_KEY,
        HARBOUR_TASKS_BACKEND="thread",
    )
    assert result.returncode != 0 and "HARBOUR_TASKS_BACKEND" in result.stderr


def test_evidence_is_kept_in_the_folder_unless_a_bucket_is_named(env):
    assert evidence_storage_from_env() == {"BACKEND": "harbour.evidence.backends.EvidenceFileStorage"}


def test_a_bucket_gives_private_s3_storage_from_the_environment(env):
    env(**S3)
    config = evidence_storage_from_env()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "trust-evidence" and options["location"] == "evidence"
    assert options["endpoint_url"] == "https://s3.example-trust.org.uk"
    assert options["region_name"] == "eu-west-2"
    assert options["access_key"] == "AKIAEXAMPLE" and options["secret_key"] == "example-secret"
    assert options["default_acl"] is None and options["file_overwrite"] is True
    assert options["object_parameters"] == {}
    env(HARBOUR_EVIDENCE_S3_ENCRYPTION="aws:kms", HARBOUR_EVIDENCE_S3_PREFIX="/harbour/")
    options = evidence_storage_from_env()["OPTIONS"]
    assert options["object_parameters"] == {"ServerSideEncryption": "aws:kms"}
    assert options["location"] == "harbour"


def test_no_keys_means_the_machines_own_credentials(env):
    env(HARBOUR_EVIDENCE_S3_BUCKET="trust-evidence")
    options = evidence_storage_from_env()["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None and options["endpoint_url"] is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"HARBOUR_EVIDENCE_S3_SECRET_ACCESS_KEY": ""}, "go together"),
        ({"HARBOUR_EVIDENCE_S3_ACCESS_KEY_ID": ""}, "go together"),
        ({"HARBOUR_EVIDENCE_S3_ENDPOINT_URL": "s3.example-trust.org.uk"}, "ENDPOINT_URL must be an http"),
        ({"HARBOUR_EVIDENCE_S3_ENCRYPTION": "yes"}, "ENCRYPTION must be AES256, aws:kms or empty"),
    ],
)
def test_a_wrong_s3_setting_names_the_variable(env, values, message):
    env(**{**S3, **values})
    with pytest.raises(ConfigurationError, match=message):
        evidence_storage_from_env()

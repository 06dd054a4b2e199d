"""Evidence in S3-compatible object storage, against a real S3 server (moto's)
on 127.0.0.1: the bucket only ever holds Harbour's ciphertext, and every read,
write, removal, listing, rotation and check goes through it, not the folder."""

import base64
import hashlib
import io
import os
import secrets

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from harbour.env_backends import evidence_storage_from_env
from harbour.evidence import storage
from harbour.evidence.verify import verify_case
from tests.evidence import samples
from tests.evidence.helpers import add_file, built_pack

REGION = "eu-west-2"
PREFIX = "trust-evidence"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and Harbour configured for it the way a trust would: by environment."""
    name = f"harbour-{secrets.token_hex(6)}"
    for variable, value in {
        "HARBOUR_EVIDENCE_S3_BUCKET": name,
        "HARBOUR_EVIDENCE_S3_ENDPOINT_URL": s3_endpoint,
        "HARBOUR_EVIDENCE_S3_REGION": REGION,
        "HARBOUR_EVIDENCE_S3_ACCESS_KEY_ID": "test-only-access-key",
        "HARBOUR_EVIDENCE_S3_SECRET_ACCESS_KEY": "test-only-secret-key",
        "HARBOUR_EVIDENCE_S3_PREFIX": PREFIX,
        "HARBOUR_EVIDENCE_S3_ENCRYPTION": "AES256",
    }.items():
        monkeypatch.setenv(variable, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="test-only-access-key",
        aws_secret_access_key="test-only-secret-key",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {**settings.STORAGES, "evidence": evidence_storage_from_env()}
    client.bucket = name
    yield client


def _key(name: str) -> str:
    return f"{PREFIX}/{name[:2]}/{name}"


def _object(bucket, name: str) -> bytes:
    return bucket.get_object(Bucket=bucket.bucket, Key=_key(name))["Body"].read()


def _put(bucket, name: str, blob: bytes) -> None:
    bucket.put_object(Bucket=bucket.bucket, Key=_key(name), Body=blob)


def _nothing_on_disk(settings) -> bool:
    folder = settings.EVIDENCE_DIR
    return not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def test_a_saved_file_is_ciphertext_in_the_bucket_and_reads_back(bucket, settings):
    original = samples.jpeg_with_location()
    name = storage.save(original)
    blob = _object(bucket, name)
    assert blob.startswith(storage.MAGIC) and original not in blob and b"PhoneMaker" not in blob
    assert storage.read(name) == original
    assert _nothing_on_disk(settings)  # the folder store was not used
    head = bucket.head_object(Bucket=bucket.bucket, Key=_key(name))
    assert head["ServerSideEncryption"] == "AES256"  # the bucket's own encryption, on top
    grants = bucket.get_object_acl(Bucket=bucket.bucket, Key=_key(name))["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner alone: nothing public
    assert all(g["Grantee"].get("URI") is None for g in grants)


def test_remove_removes_the_object(bucket):
    name = storage.save(b"to be removed")
    storage.remove(name)
    with pytest.raises(ClientError):
        bucket.head_object(Bucket=bucket.bucket, Key=_key(name))
    with pytest.raises(storage.Unreadable, match="missing"):
        storage.read(name)
    storage.remove(name)  # removing what is gone is not an error


def test_an_altered_object_and_a_moved_one_do_not_decrypt(bucket):
    first, second = storage.save(b"one file"), storage.save(b"another")
    blob = bytearray(_object(bucket, first))
    blob[-1] ^= 1
    _put(bucket, first, bytes(blob))
    with pytest.raises(storage.Unreadable, match="altered"):
        storage.read(first)
    _put(bucket, second, _object(bucket, first))
    with pytest.raises(storage.Unreadable):
        storage.read(second)


def test_listing_and_rotation_work_in_the_bucket(bucket, settings):
    old = f"old:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"
    settings.EVIDENCE_KEYS = old
    files = {storage.save(data): data for data in (samples.png(), samples.pdf(), samples.EML)}
    bucket.put_object(Bucket=bucket.bucket, Key=f"{PREFIX}/notes.txt", Body=b"not evidence")
    assert storage.stored_names() == sorted(files)
    before = {name: hashlib.sha256(_object(bucket, name)).hexdigest() for name in files}
    settings.EVIDENCE_KEYS = f"new:{base64.urlsafe_b64encode(os.urandom(32)).decode()},{old}"
    out = io.StringIO()
    call_command("rotate_evidence_key", stdout=out)
    assert "3 file(s) re-encrypted, 0 already under it" in out.getvalue()
    for name in files:
        assert storage.key_id_of(_object(bucket, name)) == "new"
        assert hashlib.sha256(_object(bucket, name)).hexdigest() != before[name]
    settings.EVIDENCE_KEYS = settings.EVIDENCE_KEYS.split(",")[0]  # the old key can go
    assert {name: storage.read(name) for name in files} == files
    assert storage.rotate() == {"re-encrypted": 0, "already current": 3}


def test_pages_packs_and_verify_use_the_bucket(world, bucket, settings):
    original = samples.png()
    item = add_file(world, data=original)
    assert _object(bucket, item.stored_name).startswith(storage.MAGIC)
    response = world.client("manager").get(f"/cases/{world.case.pk}/evidence/{item.pk}/file/")
    assert response.status_code == 200 and response.content == original
    pack = built_pack(world)
    assert storage.read(pack.zip_name) and _object(bucket, pack.zip_name).startswith(storage.MAGIC)
    assert verify_case(world.case).intact
    assert _nothing_on_disk(settings)

    blob = bytearray(_object(bucket, item.stored_name))
    blob[len(blob) // 2] ^= 0xFF
    _put(bucket, item.stored_name, bytes(blob))
    report = verify_case(world.case)
    assert [b.problem for b in report.breaks] == ["the stored file has been altered or damaged"]
    with pytest.raises(SystemExit) as exit_:
        call_command("verify", "--case", str(world.case.pk), stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_.value.code == 1

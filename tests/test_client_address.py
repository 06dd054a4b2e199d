"""The client's address behind a proxy: X-Forwarded-For is believed only from a
trusted proxy, and then only its rightmost hop that is not a proxy itself."""

import pytest
from django.test import RequestFactory

from harbour.audit.models import AuditEvent
from harbour.client_address import client_address
from harbour.env import ConfigurationError, env_cidrs


def _request(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(proxies):
    assert client_address(_request("203.0.113.9", "10.1.1.1, 198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(proxies):
    # The client wrote "1.2.3.4" itself; our proxies appended the real address, then their own.
    assert client_address(_request("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.5")) == "198.51.100.7"
    assert client_address(_request("fd00::2", "2001:DB8::7")) == "2001:db8::7"


def test_a_malformed_hop_stops_the_walk(proxies):
    assert client_address(_request("10.0.0.2", "198.51.100.7, not-an-address")) == "10.0.0.2"


def test_a_bad_network_stops_the_start(monkeypatch):
    monkeypatch.setenv("HARBOUR_TRUSTED_PROXIES", "10.0.0.0/8, the-load-balancer")
    with pytest.raises(ConfigurationError, match="HARBOUR_TRUSTED_PROXIES"):
        env_cidrs("HARBOUR_TRUSTED_PROXIES")


def test_the_audit_trail_and_lockout_use_it(world, client, proxies, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client.force_login(world.manager.user)
    client.get(f"/cases/{world.case.pk}/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    viewed = AuditEvent.objects.filter(case=world.case, action="case.viewed").latest("position")
    assert viewed.ip_address == "198.51.100.7"
    client.logout()
    for _ in range(2):
        client.post(
            "/sign-in/",
            {"username": world.manager.user.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}

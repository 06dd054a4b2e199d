"""The client's address, behind a proxy or not.

X-Forwarded-For is whatever the client and each proxy on the way wrote, so it is
believed only as far as our own proxies go: the header is read only when the
direct peer (REMOTE_ADDR) is one of HARBOUR_TRUSTED_PROXIES, and then the
address taken is the rightmost one that is not itself a trusted proxy — the last
hop our proxies saw. Anything to the left of it is the client's word. Used by the
audit trail, the employee's access log and sign-in lockout (AXES_CLIENT_IP_CALLABLE)."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not _trusted(peer, networks):
        return peer.compressed
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    nearest = peer
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            # A hop our proxy did not write as an address: nothing to its left can be trusted.
            break
        nearest = address
        if not _trusted(address, networks):
            break
    return nearest.compressed


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: lockout counts failures per real client address."""
    return client_address(request)

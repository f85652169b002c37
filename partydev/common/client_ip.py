"""The client's address, the one function that django-axes (lockout), the audit log and any rate
limit use.

Behind a reverse proxy every request comes from the proxy, so REMOTE_ADDR is the proxy's address
and the client's is in ``X-Forwarded-For``. That header is written by whoever sends the request,
so it is believed only when REMOTE_ADDR is one of ``settings.TRUSTED_PROXIES`` (addresses or
networks; empty, the default, means "no proxy: never read the header"). Each proxy appends the
address it received the request from, so the header is read from the right: trusted proxies are
skipped, and the first address that is not one of them is the client. Whatever the client itself
put at the left of the header is never reached, unless every hop to its right is a trusted proxy.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Parse TRUSTED_PROXIES ("10.0.0.1", "10.0.0.0/8", "::1"); a malformed entry is a configuration error."""
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES holds something that is not an address or network: {exc}") from exc


def _address(text: str | None) -> Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    # ::ffff:10.0.0.1 is 10.0.0.1 (a dual-stack listener reports IPv4 peers this way).
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address as text, or None when the request has no valid REMOTE_ADDR.

    Used as ``AXES_CLIENT_IP_CALLABLE`` and by the audit log's request context.
    """
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not _trusted(peer, networks):
        return str(peer)
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # garbage (or nothing): stop at the last address a trusted proxy vouched for
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)

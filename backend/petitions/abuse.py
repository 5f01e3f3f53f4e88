"""Signing abuse: the network a signature came from, kept only as a keyed hash of its prefix
(/24 for IPv4, /48 for IPv6), and the burst rule on it (settings ``PETITION_BURST_SIGNATURES``
within ``PETITION_BURST_MINUTES``). The address itself is never stored."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings

IPV4_PREFIX, IPV6_PREFIX = 24, 48


def network_prefix(address: str) -> str:
    """The network of ``address`` ("192.0.2.0/24", "2001:db8:1::/48"); empty when it is not an
    IP address."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def network_key(address: str) -> str:
    """A keyed hash (HMAC-SHA256 with the site's secret) of the network of ``address``: the same
    for every address of one /24 or /48, and not reversible without the key (a plain hash of the
    2^24 IPv4 prefixes could be reversed by trying them all). Empty for no address."""
    prefix = network_prefix(address)
    if not prefix:
        return ""
    key = hashlib.sha256(f"petitions.network:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, prefix.encode(), hashlib.sha256).hexdigest()


def is_burst(count: int) -> bool:
    """More than the settings' number of signatures from one network in the window."""
    return count > settings.PETITION_BURST_SIGNATURES

"""Which URLs newsdig will fetch: http(s) only, and only hosts with public addresses (SSRF).

A crawler fed URLs from feeds and sitemaps it does not control must not be turned against the
machine it runs on or its network: by default every URL, and every redirect hop, is refused when
its host resolves to a private, loopback, link-local, multicast, reserved or unspecified address.
`allow_private` (tests, intranets) lifts the address check, never the scheme check.

Caveat: the host is resolved again when the connection is made, so a DNS answer that changes in
between (rebinding) is not caught; pinning the checked address would need a custom transport.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from newsdig.errors import InputError

WEB_SCHEMES = ("http", "https")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeURL(InputError):
    """A URL newsdig refuses to fetch (raised by check_url; the fetcher turns it into an error)."""


class HostNotFound(InputError):
    """The URL's host name does not resolve (raised by check_url when it has to resolve)."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"cannot resolve {host}: {reason}")
        self.host = host
        self.reason = reason


def is_public(address: Address) -> bool:
    """True for globally routable unicast addresses (the only ones fetched by default)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved
                                      or address.is_unspecified or address.is_link_local)


def resolve(host: str, port: int) -> list[Address]:
    """Every A/AAAA address of `host` (an IP literal gives itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise HostNotFound(host, str(error.args[-1] if error.args else error)) from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_url(url: str, allow_private: bool) -> None:
    """Raise UnsafeURL for a non-http(s) URL or, unless allowed, one whose host is not public.

    With allow_private the host is not resolved at all (the connection reports a bad name);
    without it an unresolvable host raises HostNotFound.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeURL(f"refusing to fetch {url}: {error}") from error
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        raise UnsafeURL(f"refusing to fetch {url}: only http and https URLs")
    if allow_private:
        return
    host = parts.hostname
    for address in resolve(host, port or (443 if parts.scheme.lower() == "https" else 80)):
        if not is_public(address):
            raise UnsafeURL(f"refusing to fetch {url}: {host} resolves to {address}, which is not a "
                            "public address (use --allow-private for tests and intranets)")

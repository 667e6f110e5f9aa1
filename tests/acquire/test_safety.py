"""SSRF guard: schemes, private/loopback/link-local/multicast addresses, IP literals, DNS answers."""

from __future__ import annotations

import socket

import pytest

from newsdig.acquire import safety
from newsdig.acquire.safety import HostNotFound, UnsafeURL, check_url
from newsdig.errors import InputError


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)",
                                 "data:text/html,hi", "gopher://example.com/", "http:///nohost"])
def test_non_web_schemes_are_refused_even_when_private_is_allowed(url: str) -> None:
    with pytest.raises(UnsafeURL, match="only http and https"):
        check_url(url, allow_private=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.5.5.5", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                                  "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "239.1.2.3",
                                  "240.0.0.1", "255.255.255.255", "[::1]", "[fe80::1]", "[fc00::1]",
                                  "[ff02::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]"])
def test_non_public_ip_literals_are_refused(host: str) -> None:
    with pytest.raises(UnsafeURL, match="not a public address"):
        check_url(f"http://{host}:8080/page", allow_private=False)


def test_unsafe_url_is_an_input_error() -> None:
    assert issubclass(UnsafeURL, InputError)


def test_public_literals_pass_and_private_ones_pass_when_allowed() -> None:
    check_url("http://93.184.216.34/news", allow_private=False)
    check_url("https://[2606:2800:220:1:248:1893:25c8:1946]/news", allow_private=False)
    check_url("http://127.0.0.1:8080/page", allow_private=True)
    check_url("http://localhost/page", allow_private=True)  # allowed: not even resolved


def test_localhost_name_resolves_to_loopback_and_is_refused() -> None:
    with pytest.raises(UnsafeURL, match="localhost resolves to"):
        check_url("http://localhost:8080/", allow_private=False)


def _answers(*addresses: str):
    def fake(host, port, *args, **kwargs):
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [(family[6 if ":" in a else 4], socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]
    return fake


def test_every_resolved_address_must_be_public(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _answers("93.184.216.34", "2606:2800:220:1::1"))
    check_url("https://news.example/a", allow_private=False)
    monkeypatch.setattr(socket, "getaddrinfo", _answers("93.184.216.34", "10.0.0.7"))
    with pytest.raises(UnsafeURL, match=r"10\.0\.0\.7"):
        check_url("https://news.example/a", allow_private=False)
    monkeypatch.setattr(socket, "getaddrinfo", _answers("fe80::1%eth0"))
    with pytest.raises(UnsafeURL, match="fe80::1"):
        check_url("https://news.example/a", allow_private=False)


def test_an_unresolvable_host_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(HostNotFound, match="Name or service not known"):
        check_url("https://nowhere.example/", allow_private=False)


def test_is_public() -> None:
    import ipaddress

    assert safety.is_public(ipaddress.ip_address("8.8.8.8"))
    assert not safety.is_public(ipaddress.ip_address("192.168.0.1"))
    assert not safety.is_public(ipaddress.ip_address("2002:7f00:1::"))  # 6to4 wrapping 127.0.0.1

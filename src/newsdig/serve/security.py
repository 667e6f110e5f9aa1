"""Browser-facing safety: the security headers on every response, and the guard on writes.

Headers (SecurityHeaders, on every response, so no page can forget them):
- Content-Security-Policy: scripts and styles only from this server, no inline script anywhere
  (the templates have none), so an injected <script> is inert even if escaping ever failed.
  /docs (Swagger UI) lives with the same policy: its scripts are files like ours, and it styles
  through the DOM, which style-src does not restrict (checked in Chromium, "Try it out" included).
- X-Content-Type-Options: nosniff; Referrer-Policy: same-origin (search terms stay private);
  frame-ancestors 'none' (no clickjacking).

Writes (WriteGuard, before a byte of the body is read): a browser must not be able to make a
server with --allow-writes add articles on a page's behalf (CSRF), and a server with a token must
not read or parse a body from a client without it. In this order:
1. writes off                                    403
2. Origin not this server's, or Sec-Fetch-Site
   cross-site / same-site (another port on the
   same host is same-site)                       403
3. a token is set and the request lacks it       401 (WWW-Authenticate: Bearer)
   no token is set and the Host header is not
   loopback (127.0.0.1, ::1, localhost)          403: DNS rebinding makes another site's page
                                                 same-origin with a loopback server, but its
                                                 requests still name the attacker's host
4. Content-Type not JSON (or missing)            415: the bodies a cross-site form or a no-cors
                                                 fetch can send (text/plain, form encodings, no
                                                 type) never reach the JSON parser
Programs (curl, scripts) send no Origin and no Sec-Fetch-Site and pass step 2; a browser on
this server's own pages (/docs "Try it out") is same-origin and passes too.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdig.serve.errors import error_response

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

# (method, path) of every route that changes the home.
WRITE_ROUTES = frozenset({("POST", "/api/articles")})
SAFE_FETCH_SITES = ("same-origin", "none")  # "none": typed in the address bar, a bookmark


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                            if k.lower().encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def own_origin(scope: Scope) -> str:
    """This server's origin as the browser sees it: the scheme and the Host header."""
    host = _header(scope.get("headers", ()), b"host") or ""
    return f"{scope.get('scheme', 'http')}://{host}".lower()


def cross_site_reason(scope: Scope) -> str | None:
    """Why the request comes from another site's page, or None when it does not."""
    headers = scope.get("headers", ())
    site = (_header(headers, b"sec-fetch-site") or "").lower()
    if site and site not in SAFE_FETCH_SITES:
        return f"Sec-Fetch-Site: {site}"
    origin = _header(headers, b"origin")
    if origin is not None and origin.lower().rstrip("/") != own_origin(scope):
        return f"Origin: {origin[:200]}"
    return None


def is_loopback_host(host_header: str | None) -> bool:
    """Whether a Host header names this machine's loopback: localhost, 127.0.0.0/8 or [::1]."""
    host = (host_header or "").strip().lower()
    if host.startswith("["):
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def token_matches(authorization: str | None, token: str) -> bool:
    scheme, _, value = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


class WriteGuard:
    """ASGI middleware: the checks of the module docstring on WRITE_ROUTES, from the headers
    alone; the state is read from the app (`app.state.newsdig.allow_writes`, `app.state.write_token`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (scope.get("method"), scope.get("path")) in WRITE_ROUTES:
            refusal = self.refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def refusal(scope: Scope) -> ASGIApp | None:
        state = scope["app"].state
        if getattr(state.newsdig, "shards", None) is not None:
            return None  # a shard server has no catalog to write: its routes answer 501 (shard_mode)
        if not getattr(state.newsdig, "allow_writes", False):
            return error_response(403, "writes are off: this server was started without --allow-writes")
        why = cross_site_reason(scope)
        if why is not None:
            return error_response(403, f"cross-site write refused ({why}): post from a program, "
                                       "or from this server's own pages")
        token: str | None = getattr(state, "write_token", None)
        if token and not token_matches(_header(scope.get("headers", ()), b"authorization"), token):
            return error_response(401, "a write token is required: send Authorization: Bearer TOKEN",
                                  headers={"WWW-Authenticate": "Bearer"})
        host = _header(scope.get("headers", ()), b"host")
        if not token and not is_loopback_host(host):
            return error_response(403, f"writes without a token are only taken on a loopback address, "
                                       f"not Host {(host or '')[:100]!r}: start the server with "
                                       "--write-token TOKEN")
        content_type = _header(scope.get("headers", ()), b"content-type")
        if not is_json(content_type):
            shown = f"Content-Type {content_type[:100]!r}" if content_type else "no Content-Type"
            return error_response(415, f"unsupported media type: send the captures as JSON with "
                                       f"Content-Type: application/json ({shown} was sent)")
        return None

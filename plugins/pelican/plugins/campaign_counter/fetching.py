"""Get the feed's bytes from a file or an http(s) URL, within limits.

* only ``http://``, ``https://`` or a plain file path;
* one deadline (``timeout``) for the whole request: the host name lookup,
  connecting, TLS, the status line, the headers, every redirect and the
  body together; each socket operation may wait only for the time left
  (:class:`_DeadlineHTTPConnection`), so a server dripping one byte at a
  time cannot hold the build past it;
* at most ``max_bytes`` (reads ``max_bytes + 1`` to notice a larger body);
* at most ``max_redirects`` redirects, only within the feed URL's origin
  (scheme, host, port) or to ``redirect_origins``, never from https to http;
* conditional requests from the cached validators, so an unchanged feed
  costs a ``304 Not Modified``.

Every failure is a :class:`FetchError` whose message is one plain line.
"""

from __future__ import annotations

import functools
import http.client
import io
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from pelican.plugins.site_config.counter import SETTINGS_KEY, is_url, url_origin

from .logtext import plain

ALLOWED_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024


class FetchError(Exception):
    """The feed could not be fetched; ``str()`` is the cause in one line."""


@dataclass(frozen=True)
class FetchResult:
    body: bytes | None  # None: not modified since the cached copy
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None


class _DeadlinePassed(TimeoutError):
    """The whole request's deadline has passed."""


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _DeadlinePassed("the deadline has passed")
    return left


def _resolve(host: str, port: int, deadline: float) -> list:
    """getaddrinfo, which takes no timeout, in a thread that may be left
    behind (it ends with the resolver's own timeout) once the deadline passes."""
    found: dict = {}

    def lookup():
        try:
            found["addresses"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            found["error"] = exc

    worker = threading.Thread(target=lookup, name="campaign_counter-lookup", daemon=True)
    worker.start()
    worker.join(_remaining(deadline))
    if worker.is_alive():
        raise _DeadlinePassed("the host name lookup did not finish in time")
    if "error" in found:
        raise found["error"]
    return found["addresses"]


class _DeadlineReader(io.RawIOBase):
    """The response's socket stream: every read may wait only for the time
    left, so the status line, headers and body share one deadline."""

    def __init__(self, sock, deadline: float):
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self._sock.settimeout(_remaining(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _DeadlineSocket:
    """What http.client.HTTPResponse asks of a socket: ``makefile("rb")``."""

    def __init__(self, sock, deadline: float):
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode, *args, **kwargs):
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, deadline: float, **kwargs):
        super().__init__(_DeadlineSocket(sock, deadline), *args, **kwargs)


class _DeadlineMixin:
    """An http.client connection whose every step waits only for the time
    left before ``deadline``: lookup, connect, TLS handshake (the ssl module
    applies a socket's timeout to the whole handshake), sending, reading."""

    def __init__(self, *args, deadline: float, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline
        self._create_connection = self._open_socket
        self.response_class = functools.partial(_DeadlineResponse, deadline=deadline)

    def _open_socket(self, address, timeout=None, source_address=None):
        host, port = address
        error: OSError | None = None
        for family, kind, proto, _name, sockaddr in _resolve(host, port, self._deadline):
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(_remaining(self._deadline))
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                sock.settimeout(_remaining(self._deadline))  # for the TLS handshake
                return sock
            except _DeadlinePassed:
                sock.close()
                raise
            except OSError as exc:
                sock.close()
                error = exc
        raise error or OSError(f"no address for {host}")

    def send(self, data):
        if self.sock is None and self.auto_open:
            self.connect()
        if self.sock is not None:
            self.sock.settimeout(_remaining(self._deadline))
        super().send(data)


class _DeadlineHTTPConnection(_DeadlineMixin, http.client.HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineMixin, http.client.HTTPSConnection):
    pass


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: float):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req):
        return self.do_open(functools.partial(_DeadlineHTTPConnection, deadline=self._deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float):
        super().__init__()
        self._deadline = deadline

    def https_open(self, req):
        return self.do_open(
            functools.partial(_DeadlineHTTPSConnection, deadline=self._deadline), req, context=self._context
        )


def redirect_refusal(from_url: str, to_url: str, allowed: frozenset[str]) -> str | None:
    """Why a redirect from ``from_url`` to ``to_url`` is not followed (one
    line), or None: only http(s), never https → http, only ``allowed``
    origins (:func:`url_origin`)."""
    scheme = urllib.parse.urlsplit(to_url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"refused a redirect to a {plain(scheme, 20)}: URL (only http and https)"
    try:
        origin = url_origin(to_url)
    except ValueError:
        return "refused a redirect to a malformed URL"
    if scheme == "http" and urllib.parse.urlsplit(from_url).scheme.lower() == "https":
        return f"refused a redirect from https to http ({plain(origin, 100)})"
    if origin not in allowed:
        return (
            f"refused a redirect to another origin ({plain(origin, 100)}); "
            f"only the feed's own origin and {SETTINGS_KEY}['redirect_origins'] are followed"
        )
    return None


class _BoundedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most ``max_redirections`` redirects, within ``allowed``
    origins only (see :func:`redirect_refusal`)."""

    def __init__(self, max_redirects: int, allowed: frozenset[str]):
        super().__init__()
        self.max_redirections = max_redirects
        self.max_repeats = max_redirects
        self.allowed = allowed

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI")
        if location:
            try:
                target = urllib.parse.urljoin(req.full_url, location)
            except ValueError:
                target = location
            refusal = redirect_refusal(req.full_url, target, self.allowed)
            if refusal:
                fp.close()
                raise FetchError(refusal)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise FetchError(f"too many redirects (more than {self.max_redirections})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _timed_out(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    return isinstance(exc, (socket.timeout, TimeoutError))


def _timeout_cause(timeout: float, url: str) -> str:
    return f"timed out: no complete answer within {timeout:g} s ({_safe_url(url)})"


def _read_limited(stream, max_bytes: int, deadline: float) -> bytes:
    chunks, size = [], 0
    # read1: whatever has arrived (each socket read waits only for the time
    # left, see _DeadlineReader; read(n) would wait for all n bytes)
    read = getattr(stream, "read1", stream.read)
    while True:
        _remaining(deadline)
        chunk = read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the feed is larger than the limit of {max_bytes} bytes")
    return b"".join(chunks)


def fetch_file(path: str, max_bytes: int) -> FetchResult:
    try:
        with open(path, "rb") as stream:
            body = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(f"feed file {path} does not exist") from None
    except IsADirectoryError:
        raise FetchError(f"feed file {path} is a directory") from None
    except OSError as exc:
        raise FetchError(f"cannot read feed file {path}: {exc.strerror or exc}") from None
    if len(body) > max_bytes:
        raise FetchError(f"the feed is larger than the limit of {max_bytes} bytes")
    return FetchResult(body=body)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return plain(text, 200)


def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    user_agent: str,
    redirect_origins: tuple[str, ...] = (),
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError as exc:
        raise FetchError(f"the feed URL is malformed ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"unsupported feed URL scheme {scheme!r}: only http and https")
    try:
        allowed = frozenset({url_origin(url), *redirect_origins})
    except ValueError:
        raise FetchError("the feed URL is malformed (no host)") from None
    headers = {
        "User-Agent": user_agent,
        "Accept": "application/json",
        "Accept-Encoding": "identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers, method="GET")
    # One deadline for everything below, redirects included.
    deadline = time.monotonic() + timeout
    # Only what http(s) needs: no file:, ftp: or data: handlers at all.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _DeadlineHTTPHandler(deadline),
        _DeadlineHTTPSHandler(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _BoundedRedirectHandler(max_redirects, allowed),
    ):
        opener.add_handler(handler)
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise FetchError(
                    f"the feed is larger than the limit of {max_bytes} bytes "
                    f"(Content-Length {int(length)})"
                )
            content_type = (response.headers.get_content_type() or "").lower()
            body = _read_limited(response, max_bytes, deadline)
            if content_type in ("text/html", "application/xhtml+xml"):
                raise FetchError(
                    f"the server sent an HTML page ({content_type}), not JSON"
                    f" (HTTP {response.status})"
                )
            return FetchResult(
                body=body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        with exc:
            if exc.code == 304 and (etag or last_modified):
                return FetchResult(body=None, etag=etag, last_modified=last_modified)
            if 300 <= exc.code < 400:
                raise FetchError(
                    f"HTTP {exc.code} redirect could not be followed"
                    f" (more than {max_redirects} redirects or no Location)"
                ) from None
            reason = plain(exc.reason, 80) if exc.reason else ""
            raise FetchError(f"HTTP {exc.code} {reason}".rstrip()) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if _timed_out(exc) or time.monotonic() >= deadline:
            raise FetchError(_timeout_cause(timeout, url)) from None
        raise FetchError(f"{_reason(exc)} ({_safe_url(url)})") from None
    except Exception as exc:  # http.client oddities: bad status line, ...
        raise FetchError(f"{type(exc).__name__}: {_reason(exc)}") from None


def _safe_url(url: str) -> str:
    """The URL without user info or query (which may hold a token)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:  # "Port out of range", bad IPv6 brackets, ...
        return "(a malformed URL)"


def describe_location(location: str) -> str:
    return _safe_url(location) if is_url(location) else location


def fetch(location: str, settings, etag=None, last_modified=None) -> FetchResult:
    """Fetch ``location`` (a path or a URL) under ``settings``' limits."""
    if not location:
        raise FetchError("no feed configured (CAMPAIGN_COUNTER['feed'] or CAMPAIGN_FEED)")
    if is_url(location):
        return fetch_url(
            location,
            timeout=settings.timeout,
            max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects,
            user_agent=settings.user_agent,
            redirect_origins=settings.redirect_origins,
            etag=etag,
            last_modified=last_modified,
        )
    return fetch_file(os.path.expanduser(location), settings.max_bytes)

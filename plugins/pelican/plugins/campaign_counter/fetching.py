"""Get the feed's bytes from a file or an http(s) URL, within limits.

* only ``http://``, ``https://`` or a plain file path;
* a deadline for the whole download, not only for each socket read;
* at most ``max_bytes`` (reads ``max_bytes + 1`` to notice a larger body);
* at most ``max_redirects`` redirects, never to anything but http(s);
* conditional requests from the cached validators, so an unchanged feed
  costs a ``304 Not Modified``.

Every failure is a :class:`FetchError` whose message is one plain line.
"""

from __future__ import annotations

import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from pelican.plugins.site_config.counter import is_url

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


class _BoundedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most ``max_redirections`` redirects, to http(s) only."""

    def __init__(self, max_redirects: int):
        super().__init__()
        self.max_redirections = max_redirects
        self.max_repeats = max_redirects

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI")
        if location:
            target = urllib.parse.urljoin(req.full_url, location)
            scheme = urllib.parse.urlsplit(target).scheme.lower()
            if scheme not in ALLOWED_SCHEMES:
                fp.close()
                raise FetchError(f"refused a redirect to a {scheme}: URL (only http and https)")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise FetchError(f"too many redirects (more than {self.max_redirections})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_limited(stream, max_bytes: int, deadline: float) -> bytes:
    chunks, size = [], 0
    # read1: whatever has arrived, so a server dripping bytes cannot hold
    # the build past the deadline (read(n) would wait for all n bytes)
    read = getattr(stream, "read1", stream.read)
    while True:
        if time.monotonic() > deadline:
            raise FetchError("timed out while downloading the feed")
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
    # Only what http(s) needs: no file:, ftp: or data: handlers at all.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _BoundedRedirectHandler(max_redirects),
    ):
        opener.add_handler(handler)
    deadline = time.monotonic() + timeout
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
            etag=etag,
            last_modified=last_modified,
        )
    return fetch_file(os.path.expanduser(location), settings.max_bytes)

"""Shared helpers of the campaign_counter tests (no tests in here).

* :class:`FeedServer`: a threaded ``http.server`` on 127.0.0.1, port 0,
  that serves scripted responses and records every request;
* :class:`DripServer`: a raw TCP server on 127.0.0.1, port 0, that sends
  scripted response bytes, some of them one at a time (a slow or hostile
  server dripping its status line, headers or body);
* :func:`catalog`: the test catalogs of tests/data/counter-site/translations
  as gettext objects, so plural forms are tested independently of the site's
  own catalogs;
* :func:`good_document`: a fresh copy of tests/data/feeds/good.json.
"""

from __future__ import annotations

import copy
import io
import json
import pathlib
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
FEEDS = HERE / "data" / "feeds"
COUNTER_SITE = HERE / "data" / "counter-site"
LANGUAGES = ["de", "fr", "ru", "it", "en"]

_GOOD = json.loads((FEEDS / "good.json").read_text("utf-8"))


def good_document() -> dict:
    return copy.deepcopy(_GOOD)


def good_bytes() -> bytes:
    return (FEEDS / "good.json").read_bytes()


def set_at(path, value):
    """A mutation of a feed document: the value at `path` (keys and indexes) becomes `value`."""
    def mutate(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def catalog(lang: str):
    """gettext translations of ``lang`` from the test catalogs (en: msgids)."""
    po = COUNTER_SITE / "translations" / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as stream:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(stream, locale=lang))
    compiled.seek(0)
    return Translations(compiled)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between 1-byte writes of the body
    content_type: str | None = "application/json"
    length: bool = True  # send Content-Length (else close-delimited)
    reason: str | None = None  # the status line's text (default: the standard phrase)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        server = self.server
        server.requests.append({"path": self.path, "headers": dict(self.headers)})
        reply = server.route(self.path, dict(self.headers))
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status, reply.reason)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.length and reply.status != 304:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.status == 304:
                return
            if reply.drip:
                for byte in reply.body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(reply.drip)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):  # keep test output quiet
        pass


class FeedServer(ThreadingHTTPServer):
    """``server.routes[path] = Reply(...)`` or a callable(headers) → Reply."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict = {}
        self.requests: list[dict] = []
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def route(self, path, headers) -> Reply:
        reply = self.routes.get(path.split("?")[0])
        if reply is None:
            return Reply(status=404, body=b"not found", content_type="text/plain")
        return reply(headers) if callable(reply) else reply

    def url(self, path: str = "/feed.json") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def hits(self, path: str = "/feed.json") -> int:
        return sum(1 for request in self.requests if request["path"].split("?")[0] == path)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
        self._thread.join(5)


def etag_feed(body: bytes, etag: str = '"v1"'):
    """A route answering 304 to If-None-Match: etag, else the body."""

    def reply(headers):
        if headers.get("If-None-Match") == etag:
            return Reply(status=304, content_type=None)
        return Reply(body=body, headers={"ETag": etag})

    return reply


def http_response(body: bytes, status: str = "200 OK", headers: dict | None = None) -> bytes:
    """The bytes of a whole HTTP/1.1 response (Content-Length, Connection: close)."""
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body)), "Connection": "close"}
    fields.update(headers or {})
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in fields.items())
    return head.encode("latin-1") + b"\r\n" + body


@dataclass
class Drip:
    """Send ``raw``: the bytes before ``start`` at once, then ``count`` bytes
    one every ``interval`` seconds, then the rest at once."""

    raw: bytes
    start: int = 0
    count: int = 0
    interval: float = 0.3


class DripServer:
    """Each connection gets the next of ``replies`` (the last one repeats)."""

    def __init__(self):
        self.replies: list[Drip] = []
        self.connections = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/feed.json") -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}{path}"

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            reply = self.replies[min(self.connections, len(self.replies) - 1)]
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn, reply), daemon=True).start()

    def _answer(self, conn, reply: Drip):
        with conn:
            try:
                conn.settimeout(5)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                end = reply.start + reply.count
                conn.sendall(reply.raw[: reply.start])
                for index in range(reply.start, min(end, len(reply.raw))):
                    if self._stop.wait(reply.interval):
                        return
                    conn.sendall(reply.raw[index : index + 1])
                conn.sendall(reply.raw[end:])
            except OSError:  # the client gave up: that is the point
                pass

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

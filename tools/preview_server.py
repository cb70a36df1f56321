"""The preview's web server: output/ as built, plus what only the preview adds.

Every HTML page it serves gets `<script src="/__preview__.js">` (reload the
tab after the next build) and, while the last rebuild failed, a banner with
the problem lines. Nothing is added to the files in output/: the published
site never contains either. `/__preview__/build?after=N` answers when the
build number is no longer N (a long poll, at most POLL_SECONDS).
"""

from __future__ import annotations

import html
import http.server
import json
import os
import threading
import urllib.parse

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "preview_assets")
PREFIX = "/__preview__"
SCRIPT_TAG = f'<script src="{PREFIX}.js"></script>'
STYLE_TAG = f'<link rel="stylesheet" href="{PREFIX}.css">'
POLL_SECONDS = 25.0


class BuildState:
    """The number of the last finished build and, if it failed, its problem lines."""

    def __init__(self):
        self._changed = threading.Condition()
        self.build = 0
        self.problems: tuple[str, ...] = ()

    def finished(self, problems) -> None:
        with self._changed:
            self.build += 1
            self.problems = tuple(str(problem) for problem in problems)
            self._changed.notify_all()

    def wait_after(self, build: int, timeout: float = POLL_SECONDS) -> dict:
        with self._changed:
            self._changed.wait_for(lambda: self.build != build, timeout=timeout)
            return {"build": self.build, "ok": not self.problems, "problems": list(self.problems)}


def banner(problems) -> str:
    lines = "\n".join(html.escape(line) for line in problems)
    return (f'<div id="preview-build-failed" role="alert"><strong>The last rebuild failed; this is the last good '
            f'site. Fix and save:</strong>{lines}</div>')


def decorate(page: str, problems=()) -> str:
    """An HTML page as the preview serves it: its reload script, and the banner when the last build failed."""
    head_extra = STYLE_TAG + SCRIPT_TAG
    index = page.lower().find("</head>")
    page = page[:index] + head_extra + page[index:] if index >= 0 else head_extra + page
    if problems:
        body = page.lower().find("<body")
        start = page.find(">", body) + 1 if body >= 0 else 0
        page = page[:start] + banner(problems) + page[start:]
    return page


def handler_for(output: str, state: BuildState):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=output, **kwargs)

        def log_message(self, format, *args):
            pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == f"{PREFIX}/build":
                after = urllib.parse.parse_qs(url.query).get("after", [""])[0]
                answer = state.wait_after(int(after), POLL_SECONDS) if after.lstrip("-").isdigit() \
                    else state.wait_after(state.build, 0)
                return self._send(json.dumps(answer).encode(), "application/json")
            if url.path in (f"{PREFIX}.js", f"{PREFIX}.css"):
                with open(os.path.join(ASSETS, "preview" + url.path[len(PREFIX):]), "rb") as fp:
                    kind = "text/javascript" if url.path.endswith(".js") else "text/css"
                    return self._send(fp.read(), f"{kind}; charset=utf-8")
            path = self.translate_path(url.path)
            if os.path.isdir(path) and url.path.endswith("/"):
                path = os.path.join(path, "index.html")
            if path.endswith(".html") and os.path.isfile(path):
                with open(path, encoding="utf-8", errors="replace") as fp:
                    page = decorate(fp.read(), state.problems)
                return self._send(page.encode("utf-8"), "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, content_type: str):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(output: str, host: str, port: int, state: BuildState) -> http.server.ThreadingHTTPServer:
    """Serve `output` (looked up on every request, so a swapped-in site is served at once)."""
    server = http.server.ThreadingHTTPServer((host, port), handler_for(output, state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

"""The preview reloads the open tab after each rebuild (content, data and
catalog changes alike) and shows a failed rebuild's lines in the page; the
script that does it is added by the preview's server, never written to output/."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.test_build_errors import fixture_copy
from tests.test_preview import free_port
from tools.preview_server import decorate


class Preview:
    def __init__(self, root):
        self.root, self.port, self.lines = root, free_port(), []
        self.process = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(self.port)],
                                        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    def wait_for(self, text, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not printed:\n" + "".join(self.lines))

    def get(self, path, timeout=10) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
            return response.read().decode("utf-8")

    def build(self, after=None) -> dict:
        query = "" if after is None else f"?after={after}"
        return json.loads(self.get(f"/__preview__/build{query}", timeout=40))

    def next_build(self, after, timeout=90) -> dict:
        """Long-polls until the build after `after` finished (as the page's script does)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.build(after)
            if state["build"] != after:
                return state
        raise AssertionError("no new build:\n" + "".join(self.lines))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    running = Preview(fixture_copy(tmp_path / "site"))
    try:
        running.wait_for("preview: rebuilding when a file")
        yield running
    finally:
        running.stop()


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_each_rebuild_is_announced_and_content_data_and_catalog_changes_all_rebuild(preview):
    state = preview.build()
    assert state == {"build": 1, "ok": True, "problems": []}
    page = preview.get("/de/letter/")
    assert '<script src="/__preview__.js"></script>' in page
    assert "fetch" in preview.get("/__preview__.js")

    edit(preview.root / "content/de/pages/letter.md", "Der Brieftext.", "Der neue Brieftext.")
    state = preview.next_build(state["build"])
    assert state["ok"] and "Der neue Brieftext." in preview.get("/de/letter/")

    edit(preview.root / "content/data/orgs-letter-signatories.json", '"de": "Gewerkschaften"',
         '"de": "Gewerkschaftsbünde"')
    state = preview.next_build(state["build"])
    assert state["ok"] and "Gewerkschaftsbünde" in preview.get("/de/letter/")

    edit(preview.root / "translations/de/LC_MESSAGES/messages.po", 'msgstr[1] "Unterzeichnet von %(num)s Org',
         'msgstr[1] "Gezeichnet von %(num)s Org')
    state = preview.next_build(state["build"])
    assert state["ok"] and "Gezeichnet von" in preview.get("/de/letter/")
    assert state["build"] == 4


def test_a_failed_rebuild_shows_its_lines_in_every_page_until_the_next_good_one(preview):
    letter = preview.root / "content/de/pages/letter.md"
    edit(letter, "Title: Der Brief", "Titel: Der Brief")
    state = preview.next_build(1)
    line = "content/de/pages/letter.md:1: unknown front matter key 'titel' (a typo?)"
    assert state["ok"] is False and line in state["problems"]
    assert line + "\n" in preview.lines  # the terminal too
    for path in ("/de/letter/", "/en/"):
        page = preview.get(path)
        assert '<div id="preview-build-failed" role="alert">' in page
        assert "content/de/pages/letter.md:1: unknown front matter key &#x27;titel&#x27; (a typo?)" in page
    edit(letter, "Titel: Der Brief", "Title: Der Brief")
    state = preview.next_build(state["build"])
    assert state["ok"] and "preview-build-failed" not in preview.get("/de/letter/")
    built = [path for path in (preview.root / "output").rglob("*") if path.is_file()]
    assert built and not [path for path in built if b"__preview__" in path.read_bytes()]


def test_the_banner_escapes_the_problem_text_and_goes_first_in_the_body():
    page = decorate("<html><head><title>t</title></head><body class=x><main>m</main></body></html>",
                    ["a.md:1: <script>alert(1)</script>"])
    assert "<script>alert(1)</script>" not in page
    assert page.index('<div id="preview-build-failed"') == page.index("<body class=x>") + len("<body class=x>")
    assert page.index('<script src="/__preview__.js">') < page.index("</head>")


def test_the_watcher_sees_templates_data_and_catalogs_but_not_compiled_catalogs(tmp_path):
    from tools.preview import snapshot

    for name in ("theme/templates/page.html", "content/data/letter-signatories.json",
                 "translations/uk/LC_MESSAGES/messages.po", "translations/uk/LC_MESSAGES/messages.mo",
                 "content/uk/pages/index.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    assert sorted(snapshot(str(tmp_path))) == ["content/data/letter-signatories.json", "content/uk/pages/index.md",
                                               "theme/templates/page.html",
                                               "translations/uk/LC_MESSAGES/messages.po"]

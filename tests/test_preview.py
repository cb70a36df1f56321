"""`make serve` / `invoke livereload`: a busy port is one line, and a
mistake while previewing prints its lines, keeps the last good site served
and is not rebuilt again until a file changes."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from tests.test_build_errors import fixture_copy
from tools.preview import changed_files, watch


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_busy_port_is_one_line_without_a_traceback(tmp_path):
    root = fixture_copy(tmp_path / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "invoke", "livereload", "--port", str(port)], cwd=root,
                                capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        f"preview: port {port} is already in use (another preview still running?): stop it, "
        f"or pick another port: make serve PORT={port + 1} / invoke livereload --port {port + 1}"]
    assert not (root / "output").exists(), "nothing is built before the port is known to be free"


def test_the_watcher_rebuilds_once_per_change_even_when_the_build_fails():
    states = iter([{"a.md": 1}, {"a.md": 1}, {"a.md": 2}, {"a.md": 2}, {"a.md": 2}, {"a.md": 2}, {"a.md": 2},
                   {"a.md": 3}, {"a.md": 3}, {"a.md": 3}])
    builds = []
    watch(lambda: builds.append("failed") or False, lambda: next(states), lambda line: None,
          interval=0, rounds=6, sleep=lambda seconds: None)
    assert builds == ["failed", "failed"]


def test_changed_files_names_added_removed_and_modified_files():
    assert changed_files({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 1}) == ["b", "c"]
    assert changed_files({"a": 1}, {}) == ["a"]


def test_the_preview_serves_the_last_good_site_through_a_mistake_and_rebuilds_once(tmp_path):
    root = fixture_copy(tmp_path / "site")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()

    def wait_for(text, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in lines):
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not printed:\n" + "".join(lines))

    try:
        wait_for("preview: rebuilding when a file")
        url = f"http://127.0.0.1:{port}/de/letter/"
        good = urllib.request.urlopen(url, timeout=10).read()
        page = root / "content/de/pages/letter.md"
        page.write_text(page.read_text("utf-8").replace("Title: Der Brief", "Titel: Der Brief"), "utf-8")
        wait_for("waiting for the next change")
        time.sleep(2)  # a watcher that loops would rebuild again meanwhile
        assert sum("rebuilding" in line and "changed:" in line for line in lines) == 1, "".join(lines)
        assert "content/de/pages/letter.md:1: unknown front matter key 'titel' (a typo?)\n" in lines
        served = urllib.request.urlopen(url, timeout=10).read()
        banner = re.search(rb'<div id="preview-build-failed" role="alert">.*?</div>', served, re.S)
        assert banner and served.replace(banner.group(0), b"") == good  # the last good page, with the banner
        assert not any("Traceback" in line for line in lines)
    finally:
        process.terminate()
        process.wait(timeout=10)

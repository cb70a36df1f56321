"""tools/deploy_decision.py: a build is deployed exactly when it differs from what is live.

The simulation serves a "live" directory over HTTP the way Pages does, deploys
by replacing that directory, and runs the decision the way the workflow does
(the command line, writing GITHUB_OUTPUT-style lines).
"""

from __future__ import annotations

import functools
import http.server
import pathlib
import shutil
import threading

import pytest

from tools.deploy_decision import DIGEST_FILE, decide, main, site_digest, stamp


def make_site(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


SITE_A = {"index.html": "<p>12 345 signatures</p>", "de/index.html": "<p>12.345</p>", "theme/site.css": "body{}"}
SITE_B = {**SITE_A, "index.html": "<p>12 346 signatures</p>"}


def test_digest_follows_bytes_and_paths_not_file_times_or_its_own_file(tmp_path):
    a = make_site(tmp_path / "a", SITE_A)
    digest = site_digest(str(a))
    assert stamp(str(a)) == digest and (a / DIGEST_FILE).read_text().strip() == digest
    assert site_digest(str(a)) == digest, "the digest file itself must not change the digest"
    (a / "theme" / "site.css").touch()
    assert site_digest(str(a)) == digest
    assert site_digest(str(make_site(tmp_path / "b", SITE_B))) != digest
    moved = make_site(tmp_path / "c", {**SITE_A, "theme/site2.css": "body{}"})
    (moved / "theme" / "site.css").unlink()
    assert site_digest(str(moved)) != digest


@pytest.mark.parametrize("live, deploy", [(None, True), ("a" * 64, True), ("b" * 64, False)])
def test_only_the_same_live_digest_skips_the_deploy(live, deploy):
    assert decide("b" * 64, live, "somewhere").deploy is deploy


class LiveHost:
    """A static host: serves `root` over HTTP and records what was asked."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.requests: list[tuple[str, str | None]] = []
        host = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                host.requests.append((self.path, self.headers.get("Cache-Control")))
                super().do_GET()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def deploy(self, output: pathlib.Path) -> None:
        shutil.rmtree(self.root)
        shutil.copytree(output, self.root)


@pytest.fixture
def live_host(tmp_path):
    (tmp_path / "live").mkdir()
    host = LiveHost(tmp_path / "live")
    yield host
    host.server.shutdown()
    host.server.server_close()


def publish_run(tmp_path, site: dict, live: str, run: int) -> tuple[bool, pathlib.Path]:
    """One scheduled run: build, decide, and report what GITHUB_OUTPUT got."""
    output = make_site(tmp_path / f"run{run}" / "output", site)
    github_output = tmp_path / f"run{run}" / "github-output"
    assert main([str(output), "--live", live, "--github-output", str(github_output)]) == 0
    values = dict(line.split("=", 1) for line in github_output.read_text().splitlines())
    assert values["digest"] == site_digest(str(output)) == (output / DIGEST_FILE).read_text().strip()
    return values["deploy"] == "true", output


def test_a_then_b_then_a_again_deploys_a_again(tmp_path, live_host, capsys):
    history = []
    for run, site in enumerate([SITE_A, SITE_B, SITE_A, SITE_A]):
        deploy, output = publish_run(tmp_path, site, live_host.url, run)
        history.append(deploy)
        if deploy:
            live_host.deploy(output)
    assert history == [True, True, True, False]
    assert (live_host.root / "index.html").read_text() == SITE_A["index.html"]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("deploy: the live site's digest is unknown") and "(HTTP 404)" in lines[0]
    assert lines[-1].startswith("skip: the live site")
    paths = [path for path, _ in live_host.requests]
    assert all(path.startswith(f"/{DIGEST_FILE}?live=") for path in paths), paths
    assert len(set(paths)) == len(paths), "each look-up must get past a CDN's cached copy"
    assert {cache for _, cache in live_host.requests} == {"no-cache"}


def test_another_host_can_compare_with_the_directory_it_deployed(tmp_path):
    live = tmp_path / "srv"
    live.mkdir()
    history = []
    for run, site in enumerate([SITE_A, SITE_B, SITE_A, SITE_A]):
        deploy, output = publish_run(tmp_path, site, str(live), run)
        history.append(deploy)
        if deploy:
            shutil.rmtree(live)
            shutil.copytree(output, live)
    assert history == [True, True, True, False]


def test_an_unreachable_or_garbled_live_digest_means_deploy(tmp_path, live_host):
    (live_host.root / DIGEST_FILE).write_text("<html>not a digest</html>")
    assert publish_run(tmp_path, SITE_A, live_host.url, 0)[0] is True
    assert publish_run(tmp_path, SITE_A, "http://127.0.0.1:9", 1)[0] is True

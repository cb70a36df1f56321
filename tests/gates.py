"""Shared helpers and session fixtures for the publishing quality gates.

Test modules import the fixtures they use, e.g.
`from gates import site_url, browser_session  # noqa: F401` (pytest only reads
conftest.py by itself).

Missing tools (Chromium, Playwright, Java, vnu.jar) skip the gates that need
them with a message saying what to install; with GATES_REQUIRED=1 (set by
.ci/run and the GitHub workflow) they fail instead, so CI cannot go green
without having run them.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest

from pelican.plugins.site_config.config import site_config
from tests.sitebuild import project_settings
from tools.screenshots import launch_chromium, serve_directory

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The languages and generated-page URLs of whatever content/ and pelicanconf.py hold.
SITE = site_config(dict(project_settings()))
LANGUAGES = SITE.codes
# "" is the site root: the language picker, the server's 404 page, old URLs outside any language
SECTIONS = ("", *LANGUAGES)
SECTION_IDS = ("root", *LANGUAGES)
PUBLISH_SITEURL = "https://example.org"
VNU_VERSION = "26.9.27"  # npm vnu-jar, installed by .ci/run
VNU_DEFAULT_JAR = ROOT / ".venv" / "share" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# --- The pages the build wrote ---------------------------------------------------
# Discovered from output/, never listed here: the gates check another campaign's
# pages as they check this one's.

def url_path(output: pathlib.Path, path: pathlib.Path) -> str:
    """The site URL path a file is served at (clean URLs: de/x/index.html → /de/x/)."""
    rel = path.relative_to(output).as_posix()
    return "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def section_of(url: str) -> str:
    """The language a URL path belongs to, or "" outside every language folder."""
    first = url.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES and url.count("/") > 1 else ""


def site_pages(output: pathlib.Path) -> dict[str, list[str]]:
    """URL paths of every HTML page in a built site, by section ("" and each language), sorted."""
    pages: dict[str, list[str]] = {section: [] for section in SECTIONS}
    for path in sorted(output.rglob("*.html")):
        if path.relative_to(output).parts[0] == "theme":
            continue
        url = url_path(output, path)
        pages[section_of(url)].append(url)
    return pages


def is_redirect(output: pathlib.Path, url: str) -> bool:
    """A page that only sends the reader on (an old URL of another page)."""
    head = file_for(output, url).read_text("utf-8")[:4000].lower()
    return 'http-equiv="refresh"' in head


def file_for(output: pathlib.Path, url_path: str) -> pathlib.Path:
    """The file a site URL path is served from (clean URLs end in / and serve index.html)."""
    path = output / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def tool_missing(problem: str) -> None:
    """Skip (locally) or fail (GATES_REQUIRED=1, i.e. in CI) because a tool is missing."""
    if os.environ.get("GATES_REQUIRED") == "1":
        pytest.fail(f"GATES_REQUIRED=1 but {problem}", pytrace=False)
    pytest.skip(problem)


# --- HTML references --------------------------------------------------------

URL_ATTRIBUTES = {
    "a": ["href"], "link": ["href"], "script": ["src"], "img": ["src", "srcset"],
    "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "iframe": ["src"],
    "form": ["action"], "object": ["data"], "embed": ["src"], "track": ["src"], "area": ["href"],
    "use": ["href", "xlink:href"], "image": ["href", "xlink:href"],
}


def references(soup) -> list[tuple[str, str, str]]:
    """(tag, attribute, URL) for every URL-bearing attribute in a parsed page."""
    found = []
    for tag in soup.find_all(list(URL_ATTRIBUTES)):
        for attr in URL_ATTRIBUTES[tag.name]:
            value = tag.get(attr)
            if not value:
                continue
            if attr == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        found.append((tag.name, attr, candidate.split()[0]))
            else:
                found.append((tag.name, attr, value.strip()))
    for tag in soup.find_all("meta", attrs={"property": re.compile(r"^og:(url|image)")}):
        found.append(("meta", tag["property"], tag.get("content", "").strip()))
    return found


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def css_references(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def ids_in(soup) -> set[str]:
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return ids


# --- Page weight -------------------------------------------------------------

@dataclass
class PageWeight:
    url: str
    html_bytes: int
    html_gzip: int
    css_bytes: int
    css_gzip: int
    js_bytes: int
    js_gzip: int
    other_origin: list[str] = field(default_factory=list)


def gzip_size(data: bytes) -> int:
    # level 6: what nginx, Apache and most CDNs use by default
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(output: pathlib.Path, url_path: str, siteurl: str = "") -> PageWeight:
    """HTML, CSS and JS bytes (raw and gzipped) a browser fetches for one page (images aside)."""
    from bs4 import BeautifulSoup

    html = file_for(output, url_path).read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    css, js, other = [], [], []
    page_url = (siteurl or "http://site.invalid") + url_path
    site_origin = urlsplit(page_url)[:2]

    def local(ref: str):
        absolute = urljoin(page_url, ref)
        if urlsplit(absolute)[:2] != site_origin:
            other.append(ref)
            return None
        return file_for(output, urlsplit(absolute).path)

    seen_css: set[pathlib.Path] = set()

    def add_css(path: pathlib.Path):
        if path in seen_css or not path.is_file():
            return
        seen_css.add(path)
        text = path.read_text("utf-8")
        css.append(path.read_bytes())
        for ref in css_references(text):
            if ref.startswith("data:"):
                continue
            target = urljoin(path.relative_to(output).as_posix(), ref)
            if re.match(r"^(https?:)?//", ref):
                other.append(ref)
            elif target.endswith(".css"):
                add_css(output / urlsplit(target).path.lstrip("/"))

    for link in soup.find_all("link", href=True):
        rels = {r.lower() for r in (link.get("rel") or [])}
        if "stylesheet" in rels:
            path = local(link["href"])
            if path is not None:
                add_css(path)
    for script in soup.find_all("script", src=True):
        path = local(script["src"])
        if path is not None and path.is_file():
            js.append(path.read_bytes())
    return PageWeight(
        url=url_path,
        html_bytes=len(html), html_gzip=gzip_size(html),
        css_bytes=sum(map(len, css)), css_gzip=gzip_size(b"".join(css)),
        js_bytes=sum(map(len, js)), js_gzip=gzip_size(b"".join(js)),
        other_origin=other,
    )


def weight_table(output: pathlib.Path) -> str:
    """Markdown table of the heaviest page of each language (for reports and CI summaries)."""
    rows = ["| section | heaviest page | HTML gzipped | HTML | CSS | CSS gzipped | JS |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for section, urls in site_pages(output).items():
        if not urls:
            continue
        w = max((page_weight(output, url) for url in urls), key=lambda w: w.html_gzip)
        rows.append(f"| {section or 'root'} | {w.url} | {w.html_gzip / 1024:.1f} KB | {w.html_bytes / 1024:.1f} KB "
                    f"| {w.css_bytes / 1024:.1f} KB | {w.css_gzip / 1024:.1f} KB | {w.js_bytes / 1024:.1f} KB |")
    return "\n".join(rows)


# --- PNG (stdlib only) --------------------------------------------------------

def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, unfiltered rows) of an 8-bit RGB/RGBA/grey PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or interlace or colour not in (0, 2, 4, 6):
                raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    if width is None:
        raise ValueError("PNG without IHDR")
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, previous = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise ValueError(f"bad PNG filter {kind}")
        previous = bytes(line)
        rows.append(previous)
    return width, height, bpp, rows


def dominant_colour_share(png: bytes) -> tuple[float, int]:
    """Share of pixels that have the most common colour, and how many colours there are."""
    from collections import Counter

    width, height, bpp, rows = decode_png(png)
    counts: Counter = Counter()
    for row in rows:
        counts.update(row[i:i + bpp] for i in range(0, len(row), bpp))
    return counts.most_common(1)[0][1] / (width * height), len(counts)


# --- Browser ------------------------------------------------------------------

def axe_source() -> str:
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")


@dataclass
class Visit:
    url: str
    status: int
    requests: list[str]
    console_errors: list[str]
    axe_violations: list[dict]


# How long the network must stay quiet after "load" before a page counts as loaded: longer
# than the delay of any timer in this site's scripts (tests/test_gates_browser.py has a control).
QUIET_NETWORK = 0.3
# axe's run holds the page's main thread, so a timer that came due meanwhile runs only after it: the
# gate lets the page's overdue tasks run, then waits this long for the requests they start.
SETTLE = 0.1


class BrowserSession:
    """One headless Chromium for the whole test session; each page is loaded once,
    in one reused tab (a new tab per page costs more than the page itself)."""

    def __init__(self, playwright, base_url: str):
        self.base_url = base_url
        self.browser = launch_chromium(playwright)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self._visits: dict[str, Visit] = {}
        self._axe = None
        self._page = None
        self._requests: list[str] = []
        self._console: list[str] = []
        self._in_flight = 0
        self._last_network_event = 0.0

    def visit(self, url_path: str, base_url: str | None = None) -> Visit:
        """Load a page (once per session), record its requests and console errors, run axe-core."""
        key = (base_url or self.base_url) + url_path
        if key not in self._visits:
            self._visits[key] = self._load(key)
        return self._visits[key]

    def _tab(self):
        if self._page is None or self._page.is_closed():
            page = self.context.new_page()
            page.on("request", self._request_started)
            page.on("requestfinished", self._request_ended)
            page.on("requestfailed", self._request_ended)
            page.on("console", lambda msg: self._console.append(msg.text) if msg.type in ("error", "warning") else None)
            page.on("pageerror", lambda exc: self._console.append(f"page error: {exc}"))
            self._page = page
        return self._page

    def _request_started(self, request) -> None:
        self._requests.append(request.url)
        self._in_flight += 1
        self._last_network_event = time.monotonic()

    def _request_ended(self, request) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        self._last_network_event = time.monotonic()

    def _wait_for_quiet_network(self, page) -> None:
        """Return once the page's overdue tasks have run, no request is open and none started or
        ended for QUIET_NETWORK seconds, nor in the SETTLE seconds after those tasks ran
        (Playwright's "networkidle" waits a fixed 500 ms even when axe's run already covered them)."""
        page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")  # runs after overdue timers
        settled_at = time.monotonic() + SETTLE
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            now = time.monotonic()
            wait = max(QUIET_NETWORK - (now - self._last_network_event), settled_at - now)
            if self._in_flight == 0 and wait <= 0:
                return
            page.wait_for_timeout(max(20, int(wait * 1000)) if self._in_flight == 0 else 50)
        raise AssertionError(f"{page.url}: the network did not go quiet within 10 s")

    def _axe_run(self, page) -> list[dict]:
        if self._axe is None:
            self._axe = axe_source()
        # evaluate() runs in the page's world without going through CSP, so the
        # page's own policy (no inline script) stays as strict as a reader gets it.
        page.evaluate(self._axe)
        return page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]

    def _load(self, url: str) -> Visit:
        page = self._tab()
        self._requests.clear()
        self._console.clear()
        self._in_flight = 0
        try:
            response = page.goto(url, wait_until="load")
            self._last_network_event = max(self._last_network_event, time.monotonic())
            made = len(self._requests)
            violations = self._axe_run(page)
            # Requests a script makes after "load" count too: wait for the network to be quiet
            # (QUIET_NETWORK without a request, counted from the load event, so axe's own run
            # usually covers it, and SETTLE after the timers axe's run held back), and if anything
            # was requested meanwhile, the page may have changed: axe runs again.
            self._wait_for_quiet_network(page)
            if len(self._requests) != made:
                violations = self._axe_run(page)
            return Visit(url=url, status=response.status if response else 0,
                         requests=list(self._requests), console_errors=list(self._console),
                         axe_violations=violations)
        except Exception:
            page.close()  # a fresh tab for the next page
            raise

    def screenshot(self, url_path: str, width: int, height: int, base_url: str | None = None) -> bytes:
        context = self.browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
        try:
            page = context.new_page()
            page.goto((base_url or self.base_url) + url_path, wait_until="load")
            return page.screenshot(full_page=False, type="png")
        finally:
            context.close()

    def close(self):
        if self._page is not None and not self._page.is_closed():
            self._page.close()
        self.context.close()
        self.browser.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the dev build served on 127.0.0.1 (a free port) for the session."""
    with serve_directory(built_site.output_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser_session(site_url, playwright_driver):
    session = BrowserSession(playwright_driver, site_url)
    try:
        yield session
    finally:
        session.close()


# --- vnu ------------------------------------------------------------------------

def find_vnu() -> tuple[list[str] | None, str | None]:
    """(command prefix to run the Nu HTML Checker, None) or (None, why it cannot run)."""
    java = shutil.which("java")
    jar = pathlib.Path(os.environ.get("VNU_JAR") or VNU_DEFAULT_JAR)
    if java is None:
        return None, "java is not installed (apt-get install default-jre-headless) for the Nu HTML Checker"
    if not jar.is_file():
        return None, (f"vnu.jar not found at {jar}: `npm install --prefix .venv/share/vnu vnu-jar@{VNU_VERSION}` "
                      "(or set VNU_JAR) to run the Nu HTML Checker")
    return [java, "-Xss1024k", "-jar", str(jar)], None


# --- Publish builds -----------------------------------------------------------

COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "output", "cache", "tests", "bench", "screenshots", "node_modules",
    ".pytest_cache", "__pycache__", "*.pyc", ".output-*", ".feed-cache",
)


def copy_project(dest: pathlib.Path, fresh_mtimes: bool = False) -> pathlib.Path:
    """Copy the working tree (what a build reads) to dest, like a clone of this commit."""
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE, copy_function=shutil.copy if fresh_mtimes else shutil.copy2)
    return dest


def production_feed(dest: pathlib.Path) -> pathlib.Path | None:
    """The campaign's sample feed marked as real data generated a minute ago, so publishconf.py's
    strict mode (no sample data, no data older than max_age_hours) accepts it (None for a campaign
    whose settings name no feed file)."""
    from datetime import UTC, datetime, timedelta

    sample = pathlib.Path(SITE.counter.feed) if SITE.counter.feed and not SITE.counter.feed_is_url else None
    if sample is None or not sample.is_file():
        return None
    document = json.loads(sample.read_text("utf-8"))
    document["sample"] = False
    generated = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    document["generated_at"] = generated.isoformat()
    document.pop("$schema", None)
    dest.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return dest


def run_publish(project: pathlib.Path, feed: pathlib.Path | None, hash_seed: str = "0",
                **env) -> subprocess.CompletedProcess:
    """`invoke publish` in a project copy, the way CI runs it, with SITEURL=https://example.org."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED", "SITEURL", "CAMPAIGN_FEED")}
    environment.update(SITEURL=PUBLISH_SITEURL, PYTHONHASHSEED=hash_seed, **env)
    if feed is not None:
        environment["CAMPAIGN_FEED"] = str(feed)
    return subprocess.run([sys.executable, "-m", "invoke", "publish"], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=300)


def tree_digest(directory: pathlib.Path) -> dict[str, str]:
    """sha256 of every file under directory, by relative path."""
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@dataclass
class PublishBuild:
    project: pathlib.Path
    output: pathlib.Path
    feed: pathlib.Path | None
    result: subprocess.CompletedProcess
    stale_file: str


@pytest.fixture(scope="session")
def publish_site(tmp_path_factory) -> PublishBuild:
    """`invoke publish` (publishconf.py, SITEURL=https://example.org) in a copy of the project.

    The copy's output/ holds a stale file beforehand, so tests can tell that the
    publish build replaced output/ rather than writing into it.
    """
    base = tmp_path_factory.mktemp("publish")
    project = copy_project(base / "project")
    feed = production_feed(base / "feed.json")
    stale = "stale-from-last-build.html"
    (project / "output").mkdir()
    (project / "output" / stale).write_text("old", encoding="utf-8")
    result = run_publish(project, feed, hash_seed="1")
    if result.returncode != 0:
        pytest.fail(f"`invoke publish` failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}", pytrace=False)
    return PublishBuild(project=project, output=project / "output", feed=feed, result=result, stale_file=stale)


def check_output(output: pathlib.Path, siteurl: str) -> list[str]:
    """The link, page-weight and HTML-parse gates on an already built site (the hourly publish run):
    one line per problem. The test modules hold the rules; this only applies them to `output`."""
    from tests.test_gates_html import html5lib_errors
    from tests.test_gates_links import SiteIndex
    from tests.test_gates_weight import CSS_BUDGET, HTML_GZIP_BUDGET, JS_BUDGET

    index = SiteIndex(output, siteurl)
    problems = [problem for page in index.pages for problem in index.problems_in(page)]
    if not index.pages:
        problems.append(f"{output}: no HTML pages")
    for lang in LANGUAGES:
        for required in (SITE.urls.home(lang), SITE.urls.not_found(lang)):
            if not file_for(output, "/" + required).is_file():
                problems.append(f"/{required}: missing")
    for url in (url for urls in site_pages(output).values() for url in urls):
        weight = page_weight(output, url, siteurl)
        if weight.html_gzip > HTML_GZIP_BUDGET or weight.css_bytes > CSS_BUDGET or weight.js_bytes > JS_BUDGET:
            problems.append(f"{url}: over its weight budget (HTML {weight.html_gzip} B gzipped, "
                            f"CSS {weight.css_bytes} B, JavaScript {weight.js_bytes} B)")
        if weight.other_origin:
            problems.append(f"{url}: loads from another host: {', '.join(weight.other_origin)}")
    for page in index.pages:
        problems += [f"{page.relative_to(output)}: {error}" for error in html5lib_errors(page.read_text("utf-8"))]
    return problems


if __name__ == "__main__":
    # python -m tests.gates weights [output]: the page-weight table as Markdown
    # python -m tests.gates check OUTPUT SITEURL: the link, weight and HTML-parse gates on a built site
    if len(sys.argv) >= 2 and sys.argv[1] == "weights":
        print(weight_table(pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "output")))
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        found = check_output(pathlib.Path(sys.argv[2]), sys.argv[3])
        print("\n".join(found) or f"gates: {sys.argv[2]}: no broken link, no page over budget, no HTML parse error")
        sys.exit(1 if found else 0)
    else:
        sys.exit("usage: python -m tests.gates weights [output-dir] | check OUTPUT-DIR SITEURL")

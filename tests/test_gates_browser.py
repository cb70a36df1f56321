"""Gates in a real browser: accessibility (axe-core), no third-party request, the
Content-Security-Policy, and screenshots that are not blank.

The dev build is served from 127.0.0.1 on a free port; headless Chromium
(Debian's, via Playwright's executable_path) loads each page type in every
language once and runs axe-core (bundled by the pinned axe-playwright-python)
on it. Without Chromium or Playwright these tests skip with a message (fail
under GATES_REQUIRED=1, as in CI).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.gates import (
    LANGUAGES,
    ROOT,
    SECTION_IDS,
    SECTIONS,
    SITE,
    dominant_colour_share,
    file_for,
    is_redirect,
    serve_directory,
    site_pages,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow(seconds=40)]

BLOCKING_IMPACTS = ("serious", "critical")


def describe(violation: dict) -> str:
    nodes = "; ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                      for node in violation["nodes"][:5])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -> {nodes}"


@pytest.fixture(scope="module")
def pages(built_site):
    """Every page the build wrote, by section; old URLs (redirect pages) are loaded as their target."""
    output = built_site.output_path
    return {section: [url for url in urls if not is_redirect(output, url)]
            for section, urls in site_pages(output).items()}


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_axe_finds_no_serious_or_critical_violation(browser_session, pages, section):
    assert pages[section], f"no pages in section {section or 'root'}"
    blocking = {}
    for url in pages[section]:
        visit = browser_session.visit(url)
        assert visit.status == 200, url
        found = [describe(v) for v in visit.axe_violations if v["impact"] in BLOCKING_IMPACTS]
        if found:
            blocking[url] = found
    assert blocking == {}


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_page_requests_nothing_from_another_host(browser_session, pages, section):
    origin = urlsplit(browser_session.base_url)[:2]
    for url in pages[section]:
        visit = browser_session.visit(url)
        foreign = [r for r in visit.requests if urlsplit(r).scheme not in ("data", "blob", "about")
                   and urlsplit(r)[:2] != origin]
        assert visit.requests, f"{url}: the page load recorded no request at all"
        assert foreign == [], url


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_page_loads_without_console_errors_or_csp_violations(browser_session, pages, section):
    errors = {url: browser_session.visit(url).console_errors for url in pages[section]}
    assert {url: found for url, found in errors.items() if found} == {}


# Controls: each browser gate fails on a page that breaks it.

CONTROL_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<title>control</title></head><body><main>
<button></button><img src="https://tracker.example.net/pixel.gif">
<script>document.title = "inline ran"</script></main></body></html>"""


@pytest.mark.engine
def test_browser_gates_catch_a_bad_page(browser_session, tmp_path):
    (tmp_path / "index.html").write_text(CONTROL_PAGE, encoding="utf-8")
    with serve_directory(tmp_path) as base:
        visit = browser_session.visit("/", base_url=base)
    assert {"image-alt", "button-name"} <= {v["id"] for v in visit.axe_violations if v["impact"] in BLOCKING_IMPACTS}
    assert any(urlsplit(r).hostname == "tracker.example.net" for r in visit.requests)
    assert any("Content Security Policy" in e for e in visit.console_errors)


LATE_REQUEST_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>late</title></head>
<body><main><p id="state">waiting</p><script>
addEventListener("load", () => {
  setTimeout(() => fetch("/late.txt").then(r => r.text())
    .then(() => { document.getElementById("state").innerHTML = '<img src="/late.png">'; }), 200);
  BUSY
});
</script></main></body></html>"""
# A page whose own script keeps the main thread busy soon after load, as axe's run does on a slow
# machine: its timer fires long after the quiet time counted from the load event.
BUSY = "setTimeout(() => { const until = performance.now() + 700; while (performance.now() < until) {} }, 50);"


@pytest.mark.engine
@pytest.mark.parametrize("busy", [False, True], ids=["idle page", "main thread busy after load"])
def test_a_request_made_after_the_load_event_is_recorded_and_axe_sees_its_result(browser_session, tmp_path, busy):
    """Control: the gates wait for the network to go idle, so a script's late request counts, and axe
    judges the page as that request left it (here an image without alt text)."""
    (tmp_path / "index.html").write_text(LATE_REQUEST_PAGE.replace("BUSY", BUSY if busy else ""), encoding="utf-8")
    (tmp_path / "late.txt").write_text("late", encoding="utf-8")
    with serve_directory(tmp_path) as base:
        visit = browser_session.visit("/", base_url=base)
    assert base + "/late.txt" in visit.requests
    assert "image-alt" in {v["id"] for v in visit.axe_violations}


# --- Content-Security-Policy (no browser needed) --------------------------------

ALLOWED_SOURCES = {"'self'", "'none'"}
DATA_OK = {"img-src", "font-src"}  # data: images (the empty favicon) and fonts can't run script
REQUIRED = {"default-src": "'self'", "object-src": "'none'", "base-uri": "'self'"}


def parse_csp(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


def csp_problems(policy: str) -> list[str]:
    directives = parse_csp(policy)
    problems = [f"{name} must be {value}" for name, value in REQUIRED.items() if directives.get(name) != [value]]
    for name, sources in directives.items():
        for source in sources:
            if source in ALLOWED_SOURCES or (source == "data:" and name in DATA_OK):
                continue
            if name in ("frame-ancestors",) and source == "'none'":
                continue
            problems.append(f"{name} allows {source}")
    script = directives.get("script-src", directives.get("default-src", []))
    if not script:
        problems.append("no script-src or default-src")
    return problems


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_csp_meta_allows_no_inline_script_and_no_third_party_source(built_site, section):
    for url in site_pages(built_site.output_path)[section]:
        soup = BeautifulSoup(file_for(built_site.output_path, url).read_text("utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        assert len(metas) == 1, url
        head_children = [tag for tag in soup.head.find_all(True, recursive=False)]
        assert head_children.index(metas[0]) < min(
            (head_children.index(t) for t in head_children if t.name in ("link", "script", "style")), default=99
        ), f"{url}: the CSP meta must come before anything it governs"
        assert csp_problems(metas[0]["content"]) == [], url


@pytest.mark.engine
@pytest.mark.parametrize("policy, expected", [
    ("default-src 'self'; object-src 'none'; base-uri 'self'", []),
    ("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'",
     ["script-src allows 'unsafe-inline'"]),
    ("default-src 'self' https://cdn.example.com; object-src 'none'; base-uri 'self'",
     ["default-src must be 'self'", "default-src allows https://cdn.example.com"]),
    ("default-src 'self'; script-src data:; object-src 'none'; base-uri 'self'", ["script-src allows data:"]),
    ("default-src *; base-uri 'self'", ["default-src must be 'self'", "object-src must be 'none'",
                                        "default-src allows *"]),
])
def test_csp_checker_rejects_inline_and_third_party_sources(policy, expected):
    assert csp_problems(policy) == expected


def test_deploy_headers_carry_the_same_policy_plus_what_a_meta_tag_cannot(built_site):
    headers = (ROOT / "deploy" / "_headers").read_text("utf-8")
    policies = re.findall(r"^\s+Content-Security-Policy:\s*(.+)$", headers, re.M)
    assert policies, "deploy/_headers sets no Content-Security-Policy"
    meta = BeautifulSoup(built_site.page(SITE.urls.home(SITE.default_lang)), "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    for policy in policies:
        header = parse_csp(policy)
        assert csp_problems(policy) == []
        assert header.get("frame-ancestors") == ["'none'"]
        assert {k: v for k, v in header.items() if k != "frame-ancestors"} == parse_csp(meta)
    for name in ("X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer", "Permissions-Policy:"):
        assert name in headers
    nginx = (ROOT / "deploy" / "nginx.conf.example").read_text("utf-8")
    assert policies[0].strip() in nginx


# --- Screenshots: every language's home page at phone width ------------------------


@pytest.mark.engine
def test_blank_detector_recognises_a_blank_page(browser_session, tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>blank</title><body style='background:#fff'>",
                                         encoding="utf-8")
    with serve_directory(tmp_path) as base:
        share, colours = dominant_colour_share(browser_session.screenshot("/", 375, 812, base_url=base))
    assert share == 1.0 and colours == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_screenshot_at_phone_width_is_not_blank(browser_session, lang):
    url = "/" + SITE.urls.home(lang)
    png = browser_session.screenshot(url, 375, 812)
    share, colours = dominant_colour_share(png)
    assert colours >= 16, f"{url}: only {colours} colours"
    assert share < 0.97, f"{url}: {share:.1%} of the screen is one colour"


# Narrow screens: no heading or button is split inside a word, nothing is
# wider than a 320 px phone. Every HTML page the build wrote (whatever
# content/ holds) is loaded once at 320 px; a word is split when its text
# spans more than one line box (breaking at a hyphen the word contains is fine;
# words are the language's own; Japanese, Chinese or Thai text, written without
# spaces, may break between any two characters, as their typography does).

WIDTH = 320

SPLIT_WORDS = r"""
(selector) => {
  const problems = [];
  // words as the language defines them (Intl.Segmenter, ICU); scripts written
  // without spaces (Japanese, Chinese, Thai …) break between any two characters
  // by convention, so their text is not checked
  const UNSPACED = new Set(["ja", "zh", "yue", "th", "lo", "km", "my", "bo"]);
  const segmenters = new Map();
  const segmenter = (lang) => {
    if (!segmenters.has(lang)) segmenters.set(lang, new Intl.Segmenter(lang || undefined, {granularity: "word"}));
    return segmenters.get(lang);
  };
  for (const element of document.querySelectorAll(selector)) {
    if (element.clientWidth <= 1) continue;  // visually hidden, for screen readers only
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const lang = node.parentElement.closest("[lang]")?.getAttribute("lang") || "";
      if (UNSPACED.has(lang.split("-")[0].toLowerCase())) continue;
      for (const word of segmenter(lang).segment(node.data)) {
        if (!word.isWordLike) continue;  // spaces, punctuation, hyphens: a break there is fine
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word.segment.length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) {
          problems.push(`${element.tagName.toLowerCase()}: "${word.segment}" is split across lines`);
        }
      }
    }
    if (element.scrollWidth > element.clientWidth + 1) {
      const name = element.tagName.toLowerCase();
      problems.push(`${name}: wider than its box (${element.scrollWidth} > ${element.clientWidth})`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`page scrolls sideways (${document.documentElement.scrollWidth} px)`);
  }
  return problems;
}
"""
CHECKED = "h1, h2, h3, .cta, .site-name, .site-nav a, .lang-switcher a, .cc-label, .cc-total, .card strong"


def test_no_heading_or_button_is_split_inside_a_word_at_320_px(built_site, browser_session, site_url):
    context = browser_session.browser.new_context(viewport={"width": WIDTH, "height": 640}, is_mobile=True)
    problems = []
    try:
        page = context.new_page()
        for path in sorted(built_site.output_path.rglob("*.html")):
            rel = path.relative_to(built_site.output_path).as_posix()
            url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            if is_redirect(built_site.output_path, url):
                continue  # an old URL: the browser moves on to the page, which is checked itself
            page.goto(site_url + url, wait_until="load")
            problems += [f"{url}: {problem}" for problem in page.evaluate(SPLIT_WORDS, CHECKED)]
    finally:
        context.close()
    assert problems == []


@pytest.mark.engine
def test_the_split_word_check_sees_a_split_word(browser_session, site_url):
    """Control: hyphens:auto in a narrow box splits a long word, and the check says so."""
    context = browser_session.browser.new_context(viewport={"width": WIDTH, "height": 640})
    try:
        page = context.new_page()
        page.set_content('<html lang="de"><body><h1 style="width:120px;font-size:32px;overflow-wrap:break-word">'
                         "Parlamentarierinnen</h1></body></html>")
        problems = page.evaluate(SPLIT_WORDS, "h1")
    finally:
        context.close()
    assert any("Parlamentarierinnen" in problem for problem in problems)

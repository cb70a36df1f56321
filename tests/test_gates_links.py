"""Gate: no broken internal link, #fragment or asset reference anywhere in the built site.

Every href/src/srcset/action (and og:url/og:image) in every HTML file of every
language, every url()/@import in the CSS: a same-site reference must name a
file in output/ (clean URLs: /de/petition/ -> de/petition/index.html), and a
#fragment must be an id in the page it points at. Other hosts are not fetched
(CI has no internet); the third-party gates are in test_gates_browser.py.
"""

from __future__ import annotations

import pathlib
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.gates import (
    LANGUAGES,
    SECTION_IDS,
    SECTIONS,
    SITE,
    css_references,
    file_for,
    ids_in,
    is_redirect,
    references,
    site_pages,
)

SKIP_SCHEMES = ("mailto", "tel", "data", "sms")
FAKE_ORIGIN = "http://site.invalid"


class SiteIndex:
    """The pages of a built site, parsed once: ids per file, references per page."""

    def __init__(self, output: pathlib.Path, siteurl: str = FAKE_ORIGIN):
        self.output = output
        self.siteurl = siteurl.rstrip("/")
        self.origin = urlsplit(self.siteurl)[:2]
        self._ids: dict[pathlib.Path, set[str]] = {}
        self.pages = sorted(output.rglob("*.html"))

    def url_of(self, path: pathlib.Path) -> str:
        rel = path.relative_to(self.output).as_posix()
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return f"{self.siteurl}/{rel}"

    def ids(self, path: pathlib.Path) -> set[str]:
        if path not in self._ids:
            self._ids[path] = ids_in(BeautifulSoup(path.read_text("utf-8"), "html.parser"))
        return self._ids[path]

    def problems_in(self, path: pathlib.Path) -> list[str]:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        self._ids[path] = ids_in(soup)
        page_url = self.url_of(path)
        base = soup.find("base", href=True)
        if base:
            page_url = urljoin(page_url, base["href"])
        where = path.relative_to(self.output).as_posix()
        return [f"{where}: <{tag} {attr}={ref!r}>: {problem}"
                for tag, attr, ref in references(soup)
                if (problem := self.check(page_url, ref, path))]

    def check(self, page_url: str, ref: str, page_path: pathlib.Path) -> str | None:
        """Why a reference is broken, or None."""
        if not ref:
            return "empty URL"
        scheme = urlsplit(ref).scheme.lower()
        if scheme in SKIP_SCHEMES:
            return None
        absolute = urljoin(page_url, ref)
        parts = urlsplit(absolute)
        if parts[:2] != self.origin:
            if parts.scheme not in ("http", "https"):
                return f"unexpected scheme {parts.scheme!r}"
            return None  # another host: never fetched here
        target = file_for(self.output, unquote(parts.path))
        if not target.is_file():
            if (self.output / unquote(parts.path).lstrip("/")).is_dir():
                return "directory without trailing slash (a redirect at best)"
            return f"no such file {target.relative_to(self.output).as_posix()}"
        if parts.fragment:
            if target.suffix != ".html":
                return "fragment on a non-HTML file"
            if unquote(parts.fragment) not in self.ids(target):
                return f"no id {parts.fragment!r} in {target.relative_to(self.output).as_posix()}"
        return None


@pytest.fixture(scope="module")
def site_index(built_site):
    return SiteIndex(built_site.output_path)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_default_language_exists_in_every_language(built_site, lang):
    """Translated, or shown in the original with a notice: a reader who switches language never meets a 404."""
    if SITE.multilang.untranslated != "fallback":
        pytest.skip("MULTILANG['untranslated'] = 'omit': untranslated pages are left out on purpose")
    output = built_site.output_path
    pages = site_pages(output)
    prefix = f"/{SITE.default_lang}/"
    missing = [url for url in pages[SITE.default_lang]
               if not is_redirect(output, url)  # an old URL belongs to one language only
               and not file_for(output, f"/{lang}/" + url.removeprefix(prefix)).is_file()]
    assert missing == []
    for required in (SITE.urls.home(lang), SITE.urls.not_found(lang)):
        assert file_for(output, "/" + required).is_file(), required


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_no_broken_link_anchor_or_asset_in_any_page(site_index, section):
    pages = [file_for(site_index.output, url) for url in site_pages(site_index.output)[section]]
    assert pages, f"no pages in section {section or 'root'}"
    problems = [problem for page in pages for problem in site_index.problems_in(page)]
    assert problems == []


def test_every_css_reference_resolves(built_site):
    output = built_site.output_path
    stylesheets = sorted(output.rglob("*.css"))
    assert stylesheets
    problems = []
    for css in stylesheets:
        for ref in css_references(css.read_text("utf-8")):
            if ref.startswith("data:") or ref.startswith("#"):
                continue
            target = urljoin("/" + css.relative_to(output).as_posix(), ref)
            if urlsplit(target).netloc or not (output / urlsplit(target).path.lstrip("/")).is_file():
                problems.append(f"{css.relative_to(output)}: url({ref})")
    assert problems == []


# The checker itself: each kind of breakage is caught.

@pytest.fixture
def tiny_site(tmp_path):
    (tmp_path / "de" / "petition").mkdir(parents=True)
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "main.css").write_text("body{}")
    (tmp_path / "de" / "petition" / "index.html").write_text('<h2 id="sign">Sign</h2>')
    return tmp_path


@pytest.mark.parametrize("html, expected", [
    ('<a href="/de/petition/">ok</a><a href="/de/petition/#sign">ok</a>', None),
    ('<a href="https://elsewhere.example/x">other host, not fetched</a><a href="mailto:a@b.c">m</a>', None),
    ('<a href="/de/petiton/">typo</a>', "no such file de/petiton/index.html"),
    ('<a href="/de/petition/#sing">wrong anchor</a>', "no id 'sing'"),
    ('<a href="#nowhere">same-page anchor</a>', "no id 'nowhere'"),
    ('<link rel="stylesheet" href="/theme/mian.css">', "no such file theme/mian.css"),
    ('<img src="../theme/logo.png" alt="">', "no such file theme/logo.png"),
    ('<a href="/de/petition">no slash</a>', "directory without trailing slash"),
])
def test_link_checker_catches_each_kind_of_breakage(tiny_site, html, expected):
    page = tiny_site / "de" / "index.html"
    page.write_text(f'<main id="main">{html}</main>')
    problems = SiteIndex(tiny_site).problems_in(page)
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0]

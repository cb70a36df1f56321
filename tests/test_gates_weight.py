"""Gate: a page-weight budget per page type, in every language, for readers on a poor connection.

Per page: the HTML at most 15 KB gzipped (level 6, what servers use by
default), the stylesheets it loads (with their @imports) at most 20 KB
uncompressed, its scripts at most 10 KB uncompressed, and nothing
render-blocking (stylesheet, script, @import) from another host.
`python -m tests.gates weights output` prints the figures as a table.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.gates import SECTION_IDS, SECTIONS, file_for, page_weight, site_pages

HTML_GZIP_BUDGET = 15 * 1024
CSS_BUDGET = 20 * 1024
JS_BUDGET = 10 * 1024


@pytest.fixture(scope="module")
def pages(built_site):
    return site_pages(built_site.output_path)


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_every_page_stays_within_its_weight_budget(built_site, pages, section):
    assert pages[section], f"no page in section {section or 'root'}"
    over = []
    for url in pages[section]:
        weight = page_weight(built_site.output_path, url)
        if weight.html_gzip > HTML_GZIP_BUDGET:
            over.append(f"{url}: HTML {weight.html_gzip} B gzipped")
        if weight.css_bytes > CSS_BUDGET:
            over.append(f"{url}: CSS {weight.css_bytes} B")
        if weight.js_bytes > JS_BUDGET:
            over.append(f"{url}: JavaScript {weight.js_bytes} B")
        if weight.css_bytes == 0:
            over.append(f"{url}: loads no stylesheet at all (the weight check would be vacuous)")
    assert over == []


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_nothing_render_blocking_comes_from_another_host(built_site, pages, section):
    for url in pages[section]:
        soup = BeautifulSoup(file_for(built_site.output_path, url).read_text("utf-8"), "html.parser")
        blocking = [tag for tag in soup.find_all(["link", "script"])
                    if (tag.name == "link" and {"stylesheet", "preload", "modulepreload"} & set(tag.get("rel") or []))
                    or (tag.name == "script")]
        assert all(tag.get("href") or tag.get("src") for tag in blocking), url
        assert page_weight(built_site.output_path, url).other_origin == [], url


def test_weight_is_measured_from_the_files_a_page_loads(tmp_path):
    """A page that pulls in too much, or from another host, is caught."""
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "a.css").write_text("@import 'b.css';\n" + "a{}" * 10, encoding="utf-8")
    (tmp_path / "theme" / "b.css").write_text("b{color:red}" * 2000, encoding="utf-8")
    (tmp_path / "app.js").write_text("x=1;" * 3000, encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="/theme/a.css"><link rel="stylesheet" href="https://fonts.example.com/f.css">'
        '<script src="/app.js"></script><p>' + "lorem ipsum " * 100 + "</p>", encoding="utf-8")
    weight = page_weight(tmp_path, "/")
    assert weight.css_bytes == len("@import 'b.css';\n" + "a{}" * 10) + 24000 > CSS_BUDGET
    assert weight.js_bytes == 12000 and weight.js_bytes > JS_BUDGET
    assert weight.other_origin == ["https://fonts.example.com/f.css"]
    assert 0 < weight.html_gzip < weight.html_bytes

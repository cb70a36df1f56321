"""Raw HTML typed into Markdown (a page body, a news summary) reaches
readers and feed readers only as far as the allowlist lets it: nothing can
redirect, track or script them."""

from __future__ import annotations

import pathlib

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import build_site, copy_repo

HOSTILE = pathlib.Path(__file__).parent / "data" / "hostile-site" / "content"
TRUSTED = "https://video.example.org"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    result = build_site(
        tmp_path_factory.mktemp("hostile") / "output",
        {"PLUGINS": ["pelican.plugins.sanitize", "pelican.plugins.multilang", "pelican.plugins.signatories"],
         "SANITIZE": {"embed_origins": [TRUSTED]}},
        content_path=str(HOSTILE),
    )
    assert result.error is None, result.log
    return result


def main_of(site, url):
    return BeautifulSoup(site.page(url), "html.parser").find("main")


def test_meta_refresh_in_a_page_body_cannot_redirect_readers(hostile_site):
    html = hostile_site.page("en/raw/")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("meta", attrs={"http-equiv": "refresh"})
    assert "attacker.example" not in html


def test_meta_referrer_in_a_page_body_cannot_override_no_referrer(hostile_site):
    metas = BeautifulSoup(hostile_site.page("en/raw/"), "html.parser").find_all("meta", attrs={"name": "referrer"})
    assert [m["content"] for m in metas] == ["no-referrer"]


def test_scripts_frames_forms_event_attributes_and_bad_links_are_removed_from_a_page(hostile_site):
    main = main_of(hostile_site, "en/raw/")
    for tag in ("script", "base", "iframe", "form", "input", "style", "object"):
        assert main.find(tag) is None, tag
    assert not main.find(attrs={"onclick": True})
    assert all(not (a.get("href") or "").lower().startswith("javascript:") for a in main.find_all("a"))
    assert all(not (img.get("src") or "").startswith("data:") for img in main.find_all("img"))
    assert "Click me" in main.get_text()  # the editor's words stay


def test_external_links_get_noopener_noreferrer(hostile_site):
    link = main_of(hostile_site, "en/raw/").find("a", href="https://elsewhere.example/")
    assert link["rel"] == ["noopener", "noreferrer"]


def test_raw_html_in_a_news_summary_is_not_rendered_on_the_home_page_or_news_index(hostile_site):
    for url in ("en/", "en/news/"):
        main = main_of(hostile_site, url)
        assert "hostile summary" in main.get_text().lower() or "Read" in main.get_text()
        for tag in ("script", "form", "button"):
            assert main.find(tag) is None, (url, tag)
        assert "tracker.example" not in str(main), url


def test_atom_feeds_carry_the_same_sanitized_html(hostile_site):
    feed = (hostile_site.output_path / "en" / "feed.atom").read_text(encoding="utf-8")
    assert "News with a hostile summary" in feed
    for needle in ("&lt;script", "<script", "&lt;form", "&lt;style", "&lt;object", "tracker.example",
                   "attacker.example"):
        assert needle not in feed, needle


def test_a_page_opting_in_to_trusted_embeds_keeps_only_embeds_from_the_allowed_origins(hostile_site):
    html = hostile_site.page("en/embed/")
    frames = [f["src"] for f in BeautifulSoup(html, "html.parser").find("main").find_all("iframe") if f.get("src")]
    assert frames == [f"{TRUSTED}/embed/1"]
    csp = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert f"frame-src {TRUSTED};" in csp["content"]


def test_removed_html_is_logged_with_the_source_path_and_line(hostile_site):
    assert "content/en/pages/raw.md:6: removed the <meta> element" in hostile_site.log.replace(
        str(HOSTILE.parent) + "/", "")
    assert "raw.md:15: removed the <iframe> element" in hostile_site.log
    assert "embed.md:6: removed the <iframe> from 'https://tracker.example'" in hostile_site.log


def test_invoke_check_reports_removed_html_as_path_and_line(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    page = repo / "content" / "en" / "pages"
    target = sorted(page.glob("*.md"))[0]
    target.write_text(target.read_text(encoding="utf-8") + '\n<meta http-equiv="refresh" content="0;url=https://x.example/">\n',
                      encoding="utf-8")
    line = len(target.read_text(encoding="utf-8").splitlines())
    from tools.check import run_checks

    problems = [str(p) for p in run_checks(str(repo))]
    rel = str(target.relative_to(repo))
    assert any(p.startswith(f"{rel}:{line}:") and "<meta>" in p for p in problems), problems


def _tree(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_second_build_takes_clean_results_from_the_record_with_the_same_output(tmp_path, monkeypatch):
    from pelican.plugins.sanitize import memo

    settings = {"PLUGINS": ["pelican.plugins.sanitize", "pelican.plugins.multilang", "pelican.plugins.signatories"],
                "SANITIZE": {"embed_origins": [TRUSTED]}, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build_site(tmp_path / "first" / "output", settings, content_path=str(HOSTILE))
    assert first.error is None, first.log
    records = list((tmp_path / "first").rglob("sanitize/clean.json"))
    assert len(records) == 1
    calls = []
    monkeypatch.setattr(memo, "clean", lambda html, origins: calls.append(html) or ("CHANGED", []))
    second = build_site(tmp_path / "first" / "output", settings, content_path=str(HOSTILE))
    assert second.error is None, second.log
    assert calls == []  # every text was answered by the record
    monkeypatch.undo()
    fresh = build_site(tmp_path / "fresh" / "output", {**settings, "CACHE_CONTENT": False}, content_path=str(HOSTILE))
    assert fresh.error is None, fresh.log
    assert _tree(tmp_path / "first" / "output") == _tree(tmp_path / "fresh" / "output")


def test_a_damaged_clean_record_is_ignored_and_every_text_is_sanitized_again(tmp_path):
    from pelican.plugins.sanitize.memo import CleanMemo
    from pelican.plugins.sanitize.sanitizer import clean

    path = tmp_path / "sanitize" / "clean.json"
    html = '<p onclick="x()">hi</p><script>alert(1)</script>'
    memo = CleanMemo(str(path))
    assert memo.clean(html, None) == clean(html, None)
    memo.save()
    again = CleanMemo(str(path))
    assert again.clean(html, None) == clean(html, None)  # the removals too, for the warnings
    assert again.current == again.previous
    for damage in ('{"format": 1, "entries": {"', '{"format": 1, "entries": {"%s": [1, 2]}}'):
        path.write_text(damage.replace("%s", next(iter(memo.current))), encoding="utf-8")
        assert CleanMemo(str(path)).clean(html, None) == clean(html, None)

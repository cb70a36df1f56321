"""A plugin's handlers run only in builds that list it, even after another build in the same
process registered them (Pelican's signals are process-wide)."""

from __future__ import annotations

from pelican.plugins.site_config.wiring import listed, only_when_listed, plugin_of
from tests.conftest import MINI_SETTINGS
from tests.sitebuild import build_site

PLAIN_SETTINGS = """
AUTHOR = "Test"
SITENAME = "Plain"
PATH = "content"
PLUGINS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
DIRECT_TEMPLATES = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def test_a_build_without_plugins_after_one_with_them_runs_none_of_their_handlers(tmp_path):
    assert build_site(tmp_path / "mini", settings_file=MINI_SETTINGS).error is None  # registers them
    site = tmp_path / "plain"
    (site / "content" / "pages").mkdir(parents=True)
    (site / "content" / "pages" / "hello.md").write_text(
        'Title: Hello\n\n<span onclick="alert(1)">raw HTML, kept by plain Pelican</span>\n', "utf-8")
    (site / "pelicanconf.py").write_text(PLAIN_SETTINGS, "utf-8")
    result = build_site(site / "output", settings_file="pelicanconf.py", root=site)
    assert result.error is None, result.log
    page = (site / "output" / "pages" / "hello.html").read_text("utf-8")
    assert 'onclick="alert(1)"' in page, "the sanitizer ran in a build that does not list it"
    assert not (site / "output" / "sitemap.xml").exists(), "multilang's listings ran in a build without it"
    assert "campaign_counter" not in result.log and "multilang" not in result.log


def test_registering_again_connects_the_same_receiver_and_unlisted_plugins_are_skipped():
    def handler(sender):
        return "ran"

    handler.__module__ = "pelican.plugins.example.handlers"
    assert only_when_listed(handler) is only_when_listed(handler)
    assert plugin_of(handler) == "pelican.plugins.example"
    assert only_when_listed(handler)({"PLUGINS": ["pelican.plugins.example"]}) == "ran"
    assert only_when_listed(handler)({"PLUGINS": ["pelican.plugins.other"]}) is None
    assert listed({"PLUGINS": None}, "pelican.plugins.example"), "PLUGINS = None loads every plugin"
    assert not listed({"PLUGINS": []}, "pelican.plugins.example")

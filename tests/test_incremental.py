"""Incremental rendering is never wrong: after any sequence of edits, a build
that reuses unchanged pages from the previous output writes exactly the bytes
a clean full build writes.

A copy of the counter fixture site (five languages, counters, timelines, a
theme and catalogs of its own) is edited at random: page text, titles,
translations removed, templates, catalogs, the feed's counts, settings.
After every edit the site is built twice, incrementally (content cache and
the previous output kept, as `invoke build` does) and from scratch, and the
two trees are compared file by file. The budget is small in `make test`;
`INCREMENTAL_EXAMPLES=200 invoke test --args tests/test_incremental.py`
runs a longer search.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import tempfile

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.recorded import tree
from tests.sitebuild import ROOT, build_site
from tests.test_counter_support import COUNTER_SITE, FEEDS

pytestmark = pytest.mark.slow(seconds=20)  # about how long this module takes

LANGS = ["de", "fr", "ru", "it", "en"]
EXAMPLES = int(os.environ.get("INCREMENTAL_EXAMPLES", "6"))


class Site:
    """A throw-away copy of the fixture site and its build state."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        shutil.copytree(COUNTER_SITE / "content", root / "content")
        shutil.copytree(COUNTER_SITE / "translations", root / "translations",
                        ignore=shutil.ignore_patterns("*.mo"))
        shutil.copytree(ROOT / "theme", root / "theme")
        shutil.copy(FEEDS / "good.json", root / "feed.json")
        # a page that shows a count only through its template (no marker in its text)
        (root / "content" / "en" / "pages" / "by-template.md").write_text(
            "Title: Counter from the template\nTemplate: petition\nCampaign: open-drive\n\nNo marker here.\n",
            "utf-8")
        # a page whose text links to other pages: their URLs show in it
        (root / "content" / "en" / "pages" / "links.md").write_text(
            "Title: Links\n\nSee [the history]({filename}history.md) and [the letter]({filename}letter.md).\n",
            "utf-8")
        self.settings: dict = {}
        self.counter_options: dict = {}
        self.builds = 0
        self.previous: pathlib.Path | None = None

    def overrides(self, cache: pathlib.Path, incremental: bool, previous: pathlib.Path | None) -> dict:
        return {
            "PATH": str(self.root / "content"),
            "THEME": str(self.root / "theme"),
            "LANGUAGES": LANGS,
            "PAGE_PATHS": [f"{lang}/pages" for lang in LANGS],
            "ARTICLE_PATHS": [f"{lang}/news" for lang in LANGS],
            "DATA_PATH": str(self.root / "content" / "data"),
            "MULTILANG": {"translations_path": str(self.root / "translations"), "domain": "messages"},
            "CAMPAIGN_COUNTER": {"feed": str(self.root / "feed.json"),
                                 "cache_path": str(cache / "feed-cache.json"), **self.counter_options},
            "CACHE_PATH": str(cache / "pelican"),
            "INCREMENTAL": {"enabled": incremental, "previous_output": str(previous or "")},
            **self.settings,
        }

    def build_incremental(self) -> pathlib.Path:
        self.builds += 1
        output = self.root / f"out-{self.builds}"
        result = build_site(output, self.overrides(self.root / "cache", True, self.previous))
        assert result.error is None, result.log[-2000:]
        self.previous = output
        self.last_settings = result.settings
        return output

    def build_clean(self) -> pathlib.Path:
        output = self.root / f"clean-{self.builds}"
        cache = self.root / f"clean-cache-{self.builds}"
        result = build_site(output, self.overrides(cache, False, None))
        assert result.error is None, result.log[-2000:]
        return output

    # --- edits ---------------------------------------------------------------

    def pages(self) -> list[pathlib.Path]:
        return sorted((self.root / "content").rglob("*.md"))

    def edit_text(self, n: int) -> None:
        page = self.pages()[n % len(self.pages())]
        page.write_text(page.read_text("utf-8") + f"\nAn added sentence {n}.\n", "utf-8")

    def edit_title(self, n: int) -> None:
        page = self.pages()[n % len(self.pages())]
        text = page.read_text("utf-8")
        page.write_text(text.replace("Title: ", f"Title: Changed {n} ", 1), "utf-8")

    def remove_translation(self, n: int) -> None:
        candidates = [p for p in self.pages() if p.parts[-3] != "en" and p.stem != "index"]
        if candidates:
            candidates[n % len(candidates)].unlink()

    def edit_template(self, n: int) -> None:
        """Even n: visible text in the footer every page shows; odd n: a change
        to some template that may show nowhere (must not matter either)."""
        templates = sorted((self.root / "theme" / "templates").rglob("*.html"))
        template = self.root / "theme" / "templates" / "base.html" if n % 2 == 0 else templates[n % len(templates)]
        text = template.read_text("utf-8")
        if "</footer>" in text:
            template.write_text(text.replace("</footer>", f"<p>Footer {n}</p></footer>", 1), "utf-8")
        else:
            template.write_text(text + f"\n{{# edited {n} #}}\n", "utf-8")

    def edit_catalog(self, n: int) -> None:
        """One language's catalog translates every theme message (from the
        theme's .pot) with a visible prefix: every page of it changes."""
        po = self.root / "translations" / LANGS[n % 4] / "LC_MESSAGES" / "messages.po"
        with open(po, "rb") as fp:
            catalog = read_po(fp)
        with open(ROOT / "translations" / "messages.pot", "rb") as fp:
            template = read_po(fp)
        for message in template:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                translation = tuple(f"[{n}] {message.id[i % 2]}" for i in range(catalog.num_plurals))
            else:
                translation = f"[{n}] {message.id}"
            catalog[message.id] = Message(message.id, translation, flags=message.flags,
                                          context=message.context)
        with open(po, "wb") as fp:
            write_po(fp, catalog)

    def raise_count(self, n: int) -> None:
        feed = json.loads((self.root / "feed.json").read_text("utf-8"))
        for i, campaign in enumerate(feed["campaigns"]):
            if n % 2 or i == n % len(feed["campaigns"]):
                campaign["count"] += 1 + n % 50
        (self.root / "feed.json").write_text(json.dumps(feed), "utf-8")

    def change_setting(self, n: int) -> None:
        """Odd n: counters below a threshold are hidden (visible); even n: a
        setting no page shows."""
        if n % 2:
            self.counter_options = {"min_count": 1_000_000}
        else:
            self.settings = {"SITENAME": f"Fixture {n}"}

    def move_page(self, n: int) -> None:
        """A page gets a new URL (Slug:): every text linking to it must follow."""
        candidates = [p for p in self.pages() if "pages" in p.parts and p.stem not in ("index", "links")]
        page = candidates[n % len(candidates)]
        lines = [line for line in page.read_text("utf-8").splitlines() if not line.startswith("Slug: ")]
        page.write_text("\n".join([f"Slug: moved-{n}", *lines]) + "\n", "utf-8")

    def nothing(self, n: int) -> None:
        pass


EDITS = ["edit_text", "edit_title", "remove_translation", "edit_template", "edit_catalog",
         "raise_count", "change_setting", "move_page", "nothing"]


def _compare(incremental: pathlib.Path, clean: pathlib.Path, history: list) -> None:
    got, want = tree(incremental), tree(clean)
    assert sorted(got) == sorted(want), f"after {history}: different files written"
    differing = [name for name in want if got[name] != want[name]]
    assert differing == [], f"after {history}: incremental output differs in {differing[:5]}"


@pytest.mark.parametrize("edit", EDITS)
def test_each_kind_of_edit_reaches_every_page_it_shows_on(tmp_path, edit):
    site = Site(tmp_path)
    before = site.build_incremental()
    n = 4 if edit == "edit_template" else 3
    getattr(site, edit)(n)
    after = site.build_incremental()
    _compare(after, site.build_clean(), [(edit, n)])
    if edit != "nothing":
        assert tree(after) != tree(before), f"{edit} changed nothing a reader sees: the test would prove nothing"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 1000)), min_size=1, max_size=4))
def test_incremental_output_is_byte_identical_to_a_clean_build(edits):
    with tempfile.TemporaryDirectory(prefix="incremental-") as tmp:
        site = Site(pathlib.Path(tmp))
        site.build_incremental()
        history = []
        for edit, n in edits:
            getattr(site, edit)(n)
            history.append((edit, n))
            _compare(site.build_incremental(), site.build_clean(), history)


def test_a_count_change_renders_only_the_pages_that_show_that_count(tmp_path):
    site = Site(tmp_path)
    first = site.build_incremental()
    feed = json.loads((tmp_path / "feed.json").read_text("utf-8"))
    next(c for c in feed["campaigns"] if c["id"] == "letter-sigs")["count"] += 1
    (tmp_path / "feed.json").write_text(json.dumps(feed), "utf-8")
    second = site.build_incremental()
    changed = sorted(name for name, data in tree(second).items() if tree(first).get(name) != data)
    assert changed and all(name.endswith(("letter/index.html", "feed.atom", "sitemap.xml")) or "news" in name
                           for name in changed), changed
    record = json.loads((tmp_path / "cache" / "pelican").glob("setup-*/incremental/incremental.json")
                        .__next__().read_text("utf-8"))
    assert record["files"], "the build recorded what it rendered"


def test_a_previous_output_that_was_changed_by_hand_is_not_reused(tmp_path):
    site = Site(tmp_path)
    first = site.build_incremental()
    page = first / "en" / "letter" / "index.html"
    page.write_text("tampered", "utf-8")
    second = site.build_incremental()
    assert (second / "en" / "letter" / "index.html").read_text("utf-8") != "tampered"
    _compare(second, site.build_clean(), ["tampered previous output"])


def test_a_paginated_news_index_is_reused_whole_unless_its_previous_file_was_changed(tmp_path):
    site = Site(tmp_path)
    first = site.build_incremental()
    record = json.loads(next((tmp_path / "cache" / "pelican").glob("setup-*/incremental/incremental.json"))
                        .read_text("utf-8"))
    listings = [name for _fingerprint, files in record["paginated"].values() for name in files]
    assert listings and all("news" in name for name in listings), record["paginated"]
    second = site.build_incremental()  # nothing changed: linked to the previous file, modification time kept
    assert all((second / name).stat().st_mtime_ns == (first / name).stat().st_mtime_ns for name in listings)
    (second / listings[0]).write_text("tampered", "utf-8")
    third = site.build_incremental()
    assert (third / listings[0]).read_text("utf-8") != "tampered"
    _compare(third, site.build_clean(), ["tampered previous listing"])


def test_a_reused_page_is_a_link_and_writing_it_again_leaves_the_previous_output_alone(tmp_path):
    """Reuse links the previous output's file; a second write of that page (override_output) gets
    a file of its own, so a build never changes the live site it stages the next one beside."""
    from pelican.plugins.incremental.writer import IncrementalWriter

    site = Site(tmp_path)
    first = site.build_incremental()
    second = site.build_incremental()
    page = pathlib.Path("en") / "letter" / "index.html"
    assert (second / page).stat().st_ino == (first / page).stat().st_ino
    before = (first / page).read_bytes()
    staging = tmp_path / "staging"
    writer = IncrementalWriter(str(staging), settings=dict(site.last_settings, OUTPUT_PATH=str(staging)))
    writer._place(str(first / page), str(staging / page))
    assert (staging / page).stat().st_ino == (first / page).stat().st_ino
    writer._written_files.add(str(staging / page))
    with writer._open_w(str(staging / page), "utf-8", override=True) as fp:
        fp.write("written again")
    assert (first / page).read_bytes() == before
    assert (staging / page).read_text("utf-8") == "written again"


def test_a_page_written_where_the_retired_site_left_an_empty_folder_replaces_the_folder(tmp_path):
    """The staging folder a build reuses keeps the retired site's folders: a page whose name is
    such a folder's (a page that was /x/ is now x.html's neighbour x) is written all the same."""
    from pelican.plugins.incremental.writer import IncrementalWriter

    site = Site(tmp_path)
    site.build_incremental()
    staging = tmp_path / "staging"
    (staging / "en" / "report" / "old").mkdir(parents=True)
    writer = IncrementalWriter(str(staging), settings=dict(site.last_settings, OUTPUT_PATH=str(staging)))
    with writer._open_w(str(staging / "en" / "report"), "utf-8") as fp:
        fp.write("a file now")
    assert (staging / "en" / "report").read_text("utf-8") == "a file now"
    (staging / "en" / "kept" / "sub").mkdir(parents=True)
    (staging / "en" / "kept" / "sub" / "page.html").write_text("written by this build", "utf-8")
    with pytest.raises(IsADirectoryError):  # a folder this build filled is a real clash, as in a clean build
        writer._open_w(str(staging / "en" / "kept"), "utf-8")


def test_a_page_linking_to_a_page_that_moved_is_rendered_with_the_new_link(tmp_path):
    site = Site(tmp_path)
    site.build_incremental()
    history = tmp_path / "content" / "en" / "pages" / "history.md"
    history.write_text("Slug: moved\n" + history.read_text("utf-8"), "utf-8")
    after = site.build_incremental()
    assert 'href="/en/moved/"' in (after / "en" / "links" / "index.html").read_text("utf-8")
    _compare(after, site.build_clean(), ["history.md moved"])

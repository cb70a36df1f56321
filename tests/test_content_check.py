"""The source checks without a build: pure functions, and the checks on a fixture site's sources."""

from __future__ import annotations

import shutil

import pytest
from pelican.utils import get_date

from pelican.plugins.multilang.sources import parse_source
from tests.sitebuild import ROOT
from tools.check import load_settings, source_problems
from tools.content_check import check_markers, is_date
from tools.site_files import SourceFile, SourceMemo


def source_file(text: str) -> SourceFile:
    path = "/site/content/en/pages/page.md"
    return SourceFile(path, "content/en/pages/page.md", "en", "page", "page", parse_source(path, text))


def accepted(check, text: str) -> bool:
    try:
        check(text)
    except (ValueError, OverflowError):
        return False
    return True


@pytest.mark.parametrize("text", [
    "2022-12-09", "2022-12-09 09:30", "2022-12-09T09:30:10", "2024-02-29", "2023-02-29", "2022-13-01",
    "2022-12-09 25:00", "2022-12-09 09:61", "9 Dec 2022", "09.12.2022", "2011-W01-2", "yesterday", "",
    "2022-12-09 09:30:00+03:00", "\u0662\u0660\u0662\u0662-\u0661\u0662-\u0660\u0669",
    "\u0968\u0966\u0968\u0968-\u0967\u0968-\u0966\u096f", "2022-12-09\n",
])
def test_the_date_check_accepts_exactly_what_pelican_reads_as_a_date(text):
    assert accepted(is_date, text) == accepted(get_date, text)


BODY = """Title: A page

Intro with [a link]({filename}other.md) and [[counter pmpc]].

```
[not a link]({filename}missing.md) [[counter nope]]
```

    [indented code]({filename}missing.md)

~~~
[[timeline nope]]
~~~
[ref]: {static}/images/x.png
Text with `[[counter nope]]` in inline code and ![an image]({static}/images/y.png) at the end.
"""


def test_links_and_markers_are_found_outside_code_only_with_their_line_numbers():
    item = source_file(BODY)
    assert list(item.links) == [
        (3, "{filename}other.md", False),
        (14, "{static}/images/x.png", False),
        (15, "{static}/images/y.png", True),
    ]
    problems = check_markers(item, {"other"})
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (3, "unknown campaign id 'pmpc' in [[counter pmpc]]")]
    assert check_markers(item, {"pmpc"}) == []


def test_an_unclosed_fence_hides_the_rest_of_the_body():
    item = source_file("Title: x\n\n```\n[a]({filename}gone.md)\n")
    assert list(item.links) == []


# --- The preview's memo: unchanged sources are not checked again, and the answer never changes ---

FIXTURE = ROOT / "tests" / "data" / "any-campaign"


@pytest.fixture
def fixture_content(tmp_path):
    """The fixture site's settings, reading a copy of its content/ (so that a test can edit it)."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    counter = {**load_settings(str(FIXTURE))["CAMPAIGN_COUNTER"],
               "feed": str(tmp_path / "content" / "data" / "feed.json")}
    settings = load_settings(str(FIXTURE), "pelicanconf.py", {
        "PATH": str(tmp_path / "content"), "DATA_PATH": str(tmp_path / "content" / "data"),
        "CAMPAIGN_COUNTER": counter})
    return tmp_path / "content", settings


def problems_with_and_without(memo, settings):
    with_memo, items = source_problems(str(FIXTURE), settings, memo)
    without, _ = source_problems(str(FIXTURE), settings)
    assert with_memo == without
    return with_memo, {item.rel: item for item in items}


def test_the_preview_memo_rechecks_what_changed_and_what_it_is_compared_with(fixture_content):
    content, settings = fixture_content
    memo = SourceMemo()
    first, items = problems_with_and_without(memo, settings)
    assert first == []
    again, same = problems_with_and_without(memo, settings)
    assert again == [] and all(same[rel] is item for rel, item in items.items())

    letter = content / "en" / "pages" / "letter.md"
    letter.write_text(letter.read_text("utf-8").replace("Title:", "Titel:", 1), "utf-8")
    edited, after_edit = problems_with_and_without(memo, settings)
    rel = next(r for r in items if r.endswith("en/pages/letter.md"))
    assert [(p.path, p.message) for p in edited] == [(rel, "unknown front matter key 'titel' (a typo?)")]
    assert after_edit[rel] is not items[rel]
    assert all(after_edit[r] is items[r] for r in items if r != rel)

    feed = content / "data" / "feed.json"
    feed.write_text(feed.read_text("utf-8").replace('"id": "cards"', '"id": "postcards"'), "utf-8")
    unchanged_page_now_wrong, _ = problems_with_and_without(memo, settings)
    assert any(p.path.endswith("en/pages/petition.md") and "unknown campaign id 'cards'" in p.message
               for p in unchanged_page_now_wrong)

    closed = content / "en" / "pages" / "closed.md"
    closed.unlink()
    _, after_delete = problems_with_and_without(memo, settings)
    assert not any(rel.endswith("en/pages/closed.md") for rel in after_delete)
    assert str(closed) not in memo._files, "a deleted file is forgotten, not kept for the preview's lifetime"

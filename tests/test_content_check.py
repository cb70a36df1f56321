"""The source checks as pure functions: no build, no site."""

from __future__ import annotations

import pytest
from pelican.utils import get_date

from pelican.plugins.multilang.sources import parse_source
from tools.content_check import check_markers, is_date
from tools.link_check import links_in
from tools.site_files import SourceFile


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
    "2022-12-09 09:30:00+03:00",
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
    assert list(links_in(item)) == [
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
    assert list(links_in(item)) == []

"""The last good feed copy is the one a successful build published: a feed
is kept only after the build succeeded with it, sample data never, and a
feed that drops a campaign the content uses neither breaks the build nor
replaces the copy that still has it."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from pelican.plugins.campaign_counter import cache
from tests.test_counter_build import CONTENT, build, prime_cache, single_page_site, warnings_of
from tests.test_counter_support import FEEDS, FeedServer, Reply, good_document


def feed_file(tmp_path, document, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def cached_document(tmp_path):
    entry = cache.read(str(tmp_path / "feed-cache.json"))
    return entry.document if entry else None


def test_a_feed_is_kept_as_last_good_only_after_the_build_succeeded_with_it(tmp_path):
    content = single_page_site(tmp_path, "[[counter kolesnikowa]]")  # an editor's typo
    failed = build(tmp_path, str(FEEDS / "good.json"), content=content, name="failed")
    assert failed.error is not None
    assert cached_document(tmp_path) is None, "a feed the build did not publish is not kept"
    ok = build(tmp_path, str(FEEDS / "good.json"), name="ok")
    assert ok.error is None, ok.log
    assert cached_document(tmp_path) == good_document()


def test_a_failed_strict_check_does_not_keep_the_feed(tmp_path):
    document = good_document()  # generated in 2024: far older than max_age_hours
    result = build(tmp_path, feed_file(tmp_path, document), strict=True, max_age_hours=1)
    assert result.error is not None and "strict mode" in str(result.error)
    assert cached_document(tmp_path) is None


def test_a_sample_feed_never_becomes_the_last_good_copy(tmp_path):
    document = {**good_document(), "sample": True}
    result = build(tmp_path, feed_file(tmp_path, document))
    assert result.error is None, result.log
    assert cached_document(tmp_path) is None


def test_a_feed_that_drops_a_campaign_falls_back_to_its_last_good_figures_and_is_not_kept(tmp_path):
    with FeedServer() as server:
        prime_cache(tmp_path, server)
        document = good_document()
        document["generated_at"] = "2024-05-03T09:00:00+02:00"
        document["campaigns"] = [c for c in document["campaigns"] if c["id"] != "open-drive"]
        server.routes["/feed.json"] = Reply(body=json.dumps(document).encode())
        result = build(tmp_path, server.url())
    assert result.error is None, result.log
    page = BeautifulSoup(result.page("en/petition/"), "html.parser")
    assert page.select_one(".cc-headline").get_text() == "2,200 signatures"
    assert page.select_one(".cc-as-of") is not None, "the figures are marked with their date"
    assert any("no longer has campaign open-drive" in w for w in warnings_of(result))
    assert cached_document(tmp_path) == good_document()
    assert CONTENT.exists()

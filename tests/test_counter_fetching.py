"""campaign_counter: fetching over HTTP, the cache and the load decision,
against a threaded http.server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
import pathlib
import socket
import threading
import time
import urllib.parse
from datetime import UTC, datetime, timedelta

import pytest
from pelican.settings import read_settings

from pelican.plugins.campaign_counter import cache, fetching, loading
from pelican.plugins.site_config.config import site_config
from pelican.plugins.site_config.counter import CounterSettings, SettingsError, from_pelican_settings
from tests.test_counter_support import (
    FEEDS,
    ROOT,
    Drip,
    DripServer,
    FeedServer,
    Reply,
    etag_feed,
    good_bytes,
    good_document,
    http_response,
)

pytestmark = pytest.mark.slow(seconds=9)  # about how long this module takes


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def config(tmp_path, feed, **options):
    options.setdefault("timeout", 2.0)
    return CounterSettings(feed=feed, cache_path=str(tmp_path / "cache" / "feed.json"), **options)


def body(document) -> bytes:
    return json.dumps(document).encode("utf-8")


# --- settings --------------------------------------------------------------


def test_settings_defaults():
    settings = from_pelican_settings({"CAMPAIGN_COUNTER": {"feed": "a.json"}})
    assert settings.feed == "a.json" and settings.strict is False and settings.max_redirects == 3
    assert not settings.feed_is_url


def test_the_feed_variable_reaches_the_counter_only_through_the_settings_file(monkeypatch):
    monkeypatch.setenv("CAMPAIGN_FEED", "https://x/f.json")
    assert from_pelican_settings({"CAMPAIGN_COUNTER": {"feed": "a.json"}}).feed == "a.json"
    config = site_config(read_settings(str(ROOT / "pelicanconf.py")))
    assert config.counter.feed == "https://x/f.json" and config.counter.feed_is_url


@pytest.mark.parametrize(
    "raw,words",
    [
        ({"stirct": True}, "unknown key(s) 'stirct'"),
        ({"strict": "maybe"}, "true or false"),
        ({"timeout": "soon"}, "must be a number"),
        ({"max_bytes": 0}, "at least 1"),
        ({"goal_ladder": [100, 50]}, "rise within one decade"),
    ],
)
def test_wrong_settings_are_refused_with_the_key_named(raw, words):
    with pytest.raises(SettingsError) as caught:
        from_pelican_settings({"CAMPAIGN_COUNTER": raw})
    assert words in str(caught.value)


@pytest.mark.parametrize(
    "live_url,words",
    [
        ("https://counts.example.org/feed.json?token=S3CRET", "may not carry a query (?token=…)"),
        ("https://counts.example.org/feed.json?", "may not carry a query"),
        ("https://counts.example.org/feed.json#S3CRET", "or fragment"),
        ("https://user:S3CRET@counts.example.org/feed.json", "may not carry a user name or password"),
        ("http://counts.example.org/feed.json", "must be an https:// URL"),
        ("ftp://counts.example.org/feed.json", "must be an https:// URL"),
        ("counts.example.org/S3CRET", "must be a URL"),
        ("https://counts.example.org/a b", "must be a URL"),
    ],
)
def test_a_live_url_that_is_not_a_public_https_address_is_refused_without_repeating_it(live_url, words):
    with pytest.raises(SettingsError) as caught:
        from_pelican_settings({"CAMPAIGN_COUNTER": {"live_refresh": True, "live_url": live_url}})
    assert str(caught.value).startswith("CAMPAIGN_COUNTER['live_url'] ") and words in str(caught.value)
    assert "S3CRET" not in str(caught.value)


def test_a_live_url_on_localhost_may_be_http_for_a_preview():
    settings = from_pelican_settings({"CAMPAIGN_COUNTER": {"live_refresh": True, "live_url": "http://localhost:8001/f.json"}})
    assert settings.live_url == "http://localhost:8001/f.json"


# --- fetching ----------------------------------------------------------------


def test_fetch_ok_returns_body_and_validators(server, tmp_path):
    server.routes["/feed.json"] = Reply(body=good_bytes(), headers={"ETag": '"a"', "Last-Modified": "Thu, 02 May 2024 07:00:00 GMT"})
    result = fetching.fetch(server.url(), config(tmp_path, server.url()))
    assert result.body == good_bytes() and result.etag == '"a"'
    assert result.last_modified == "Thu, 02 May 2024 07:00:00 GMT"
    assert server.requests[0]["headers"]["User-Agent"].startswith("campaign-counter")


def test_conditional_request_gets_304(server, tmp_path):
    server.routes["/feed.json"] = etag_feed(good_bytes())
    result = fetching.fetch(server.url(), config(tmp_path, server.url()), etag='"v1"', last_modified="x")
    assert result.not_modified
    assert server.requests[0]["headers"]["If-None-Match"] == '"v1"'
    assert server.requests[0]["headers"]["If-Modified-Since"] == "x"


FETCH_FAILURES = [
    ("HTTP 500", Reply(status=500, body=b"oops", content_type="text/plain"), {}, "HTTP 500"),
    ("HTTP 404", Reply(status=404, body=b"", content_type="text/plain"), {}, "HTTP 404"),
    ("HTTP 503 HTML page", Reply(status=503, body=b"<html>down</html>", content_type="text/html"), {}, "HTTP 503"),
    ("200 with an HTML page", Reply(body=(FEEDS / "error-page.html").read_bytes(), content_type="text/html; charset=utf-8"), {}, "HTML page"),
    ("slow answer", Reply(body=good_bytes(), delay=1.5), {"timeout": 0.5}, "timed out"),
    ("slow drip", Reply(body=b"x" * 400, drip=0.01), {"timeout": 0.5}, "timed out"),
    ("huge body with length", Reply(body=b"[" + b"1," * 60_000 + b"1]"), {"max_bytes": 100_000}, "larger than the limit of 100000 bytes (Content-Length"),
    ("huge body without length", Reply(body=b" " * 200_000, length=False), {"max_bytes": 100_000}, "larger than the limit of 100000 bytes"),
]


@pytest.mark.parametrize(
    "reply,options,words", [c[1:] for c in FETCH_FAILURES], ids=[c[0] for c in FETCH_FAILURES]
)
def test_fetch_failures_have_a_one_line_cause(server, tmp_path, reply, options, words):
    server.routes["/feed.json"] = reply
    with pytest.raises(fetching.FetchError) as caught:
        fetching.fetch(server.url(), config(tmp_path, server.url(), **options))
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_redirects_are_followed_within_the_limit(server, tmp_path):
    server.routes["/a"] = Reply(status=302, headers={"Location": "/b"}, content_type=None)
    server.routes["/b"] = Reply(status=301, headers={"Location": "/feed.json"}, content_type=None)
    server.routes["/feed.json"] = Reply(body=good_bytes())
    assert fetching.fetch(server.url("/a"), config(tmp_path, "x", max_redirects=2)).body == good_bytes()


def test_too_many_redirects_are_refused(server, tmp_path):
    for n in range(5):
        server.routes[f"/r{n}"] = Reply(status=302, headers={"Location": f"/r{n + 1}"}, content_type=None)
    with pytest.raises(fetching.FetchError, match="too many redirects"):
        fetching.fetch(server.url("/r0"), config(tmp_path, "x", max_redirects=3))
    assert server.hits("/r3") == 1 and server.hits("/r4") == 0


def test_redirect_loop_is_refused(server, tmp_path):
    server.routes["/loop"] = Reply(status=302, headers={"Location": "/loop"}, content_type=None)
    with pytest.raises(fetching.FetchError, match="redirect"):
        fetching.fetch(server.url("/loop"), config(tmp_path, "x"))


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.json", "javascript:alert(1)"])
def test_redirect_to_another_scheme_is_refused(server, tmp_path, target):
    server.routes["/feed.json"] = Reply(status=302, headers={"Location": target}, content_type=None)
    with pytest.raises(fetching.FetchError, match="refused a redirect"):
        fetching.fetch(server.url(), config(tmp_path, "x"))


def port_of(url: str) -> int:
    return urllib.parse.urlsplit(url).port


def test_a_redirect_to_another_port_is_refused(server, tmp_path):
    with FeedServer() as other:
        other.routes["/feed.json"] = Reply(body=good_bytes())
        server.routes["/feed.json"] = Reply(status=302, headers={"Location": other.url()}, content_type=None)
        with pytest.raises(fetching.FetchError) as caught:
            fetching.fetch(server.url(), config(tmp_path, server.url()))
        assert other.hits() == 0
    assert str(caught.value) == (
        f"refused a redirect to another origin (http://127.0.0.1:{port_of(other.url())}); "
        "only the feed's own origin and CAMPAIGN_COUNTER['redirect_origins'] are followed"
    )


def test_a_redirect_to_another_host_name_is_refused(server, tmp_path):
    server.routes["/feed.json"] = Reply(
        status=302, headers={"Location": server.url("/moved").replace("127.0.0.1", "localhost")}, content_type=None
    )
    server.routes["/moved"] = Reply(body=good_bytes())
    with pytest.raises(fetching.FetchError, match=r"refused a redirect to another origin \(http://localhost:"):
        fetching.fetch(server.url(), config(tmp_path, server.url()))
    assert server.hits("/moved") == 0


def test_a_redirect_to_an_origin_in_the_redirect_origins_setting_is_followed_and_no_further(server, tmp_path):
    with FeedServer() as other, FeedServer() as third:
        other.routes["/feed.json"] = Reply(body=good_bytes())
        other.routes["/onwards"] = Reply(status=302, headers={"Location": third.url()}, content_type=None)
        third.routes["/feed.json"] = Reply(body=good_bytes())
        conf = from_pelican_settings({"CAMPAIGN_COUNTER": {
            "feed": server.url(),
            "redirect_origins": [f"HTTP://127.0.0.1:{port_of(other.url())}"],
            "cache_path": str(tmp_path / "feed.json"),
        }})
        server.routes["/feed.json"] = Reply(status=302, headers={"Location": other.url()}, content_type=None)
        assert fetching.fetch(server.url(), conf).body == good_bytes()
        server.routes["/feed.json"] = Reply(status=302, headers={"Location": other.url("/onwards")}, content_type=None)
        with pytest.raises(fetching.FetchError, match="refused a redirect to another origin"):
            fetching.fetch(server.url(), conf)
        assert third.hits() == 0


def test_a_redirect_from_https_to_http_is_refused_even_to_an_allowed_origin():
    allowed = frozenset({"https://feed.example.org:443", "http://feed.example.org:80"})
    feed = "https://feed.example.org/f.json"
    refusal = fetching.redirect_refusal(feed, "http://feed.example.org/f.json", allowed)
    assert refusal == "refused a redirect from https to http (http://feed.example.org:80)"
    assert fetching.redirect_refusal(feed, "https://FEED.example.org:443/g", allowed) is None
    assert fetching.redirect_refusal("http://feed.example.org/f.json", "https://feed.example.org/g", allowed) is None


@pytest.mark.parametrize(
    "origins,words",
    [
        ("https://cdn.example.org", "must be a list of origins"),
        (["https://cdn.example.org/feeds/"], "is not an origin"),
        (["cdn.example.org"], "is not an origin"),
        (["https://*.example.org"], "is not an origin"),
        (["ftp://cdn.example.org"], "is not an origin"),
        (["https://cdn.example.org:99999"], "is not an origin"),
        (["http://cdn.example.org"], "is http but the feed is https"),
    ],
)
def test_redirect_origins_that_are_not_origins_are_refused_with_the_setting_named(origins, words):
    with pytest.raises(SettingsError) as caught:
        from_pelican_settings(
            {"CAMPAIGN_COUNTER": {"feed": "https://feed.example.org/f.json", "redirect_origins": origins}}
        )
    assert "CAMPAIGN_COUNTER['redirect_origins']" in str(caught.value) and words in str(caught.value)


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/f.json", "gopher://x/"])
def test_only_http_and_https_urls(tmp_path, location):
    with pytest.raises(fetching.FetchError, match="only http and https"):
        fetching.fetch(location, config(tmp_path, location))


def test_connection_refused(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(fetching.FetchError, match="connection refused"):
        fetching.fetch(f"http://127.0.0.1:{port}/feed.json", config(tmp_path, "x"))


def test_secrets_in_the_url_are_not_repeated_in_causes(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(fetching.FetchError) as caught:
        fetching.fetch(f"http://user:pw@127.0.0.1:{port}/f.json?token=SECRET", config(tmp_path, "x"))
    assert "SECRET" not in str(caught.value) and "pw" not in str(caught.value)


def test_file_feed_missing_and_too_big(tmp_path):
    with pytest.raises(fetching.FetchError, match="does not exist"):
        fetching.fetch(str(tmp_path / "nope.json"), config(tmp_path, "x"))
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2000)
    with pytest.raises(fetching.FetchError, match="larger than the limit"):
        fetching.fetch(str(big), config(tmp_path, "x", max_bytes=1000))


# --- one deadline for the whole request ---------------------------------------

# A response whose status line, headers or body arrives one byte at a time.
# Each byte comes well within the per-read wait a socket timeout alone would
# allow, so only a deadline over the whole request cuts it off.
_RESPONSE = http_response(good_bytes())
_HEAD = _RESPONSE.index(b"\r\n\r\n") + 4
DRIPS = [
    ("status line", Drip(_RESPONSE, start=0, count=12, interval=0.3)),
    ("headers", Drip(_RESPONSE, start=_RESPONSE.index(b"\r\n") + 2, count=12, interval=0.3)),
    ("body", Drip(_RESPONSE, start=_HEAD, count=12, interval=0.3)),
    ("body, a byte just within each read's wait", Drip(_RESPONSE, start=_HEAD, count=4, interval=0.9)),
]
TIMEOUT = 1.0
MARGIN = 0.5


@pytest.mark.parametrize("drip", [d[1] for d in DRIPS], ids=[d[0] for d in DRIPS])
def test_a_server_dripping_its_answer_is_cut_off_at_the_timeout_and_the_last_good_copy_is_used(tmp_path, caplog, drip):
    with DripServer() as server:
        server.replies = [Drip(_RESPONSE), drip]
        conf = config(tmp_path, server.url(), timeout=TIMEOUT)
        built_with(conf)  # a first build kept the feed as the last good copy
        caplog.clear()
        started = time.monotonic()
        result = loading.load(conf)
        elapsed = time.monotonic() - started
    assert elapsed < TIMEOUT + MARGIN, f"the fetch took {elapsed:.1f} s with a {TIMEOUT} s timeout"
    assert result.stale and result.feed.get("open-drive").total == 2200
    warnings = [r.getMessage() for r in caplog.records if "not used" in r.getMessage()]
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "not used: timed out: no complete answer within 1 s (http://127.0.0.1:" in warnings[0]
    assert "using the last good copy" in warnings[0]


def test_the_timeout_covers_every_redirect_together(server, tmp_path):
    server.routes["/a"] = Reply(status=302, headers={"Location": "/b"}, content_type=None, delay=0.4)
    server.routes["/b"] = Reply(status=302, headers={"Location": "/feed.json"}, content_type=None, delay=0.4)
    server.routes["/feed.json"] = Reply(body=good_bytes(), delay=0.4)
    started = time.monotonic()
    with pytest.raises(fetching.FetchError, match="timed out: no complete answer within 1 s"):
        fetching.fetch(server.url("/a"), config(tmp_path, "x", timeout=TIMEOUT))
    assert time.monotonic() - started < TIMEOUT + MARGIN


def test_a_host_name_lookup_that_hangs_is_cut_off_at_the_timeout(tmp_path, monkeypatch):
    release = threading.Event()
    real_lookup = socket.getaddrinfo

    def hanging_lookup(host, *args, **kwargs):
        if host == "feed.invalid":
            release.wait(10)
            raise socket.gaierror("no such host")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    started = time.monotonic()
    try:
        with pytest.raises(fetching.FetchError, match=r"timed out: no complete answer within 0\.5 s"):
            fetching.fetch("http://feed.invalid/feed.json", config(tmp_path, "x", timeout=0.5))
        assert time.monotonic() - started < 0.5 + MARGIN
    finally:
        release.set()


# --- cache -----------------------------------------------------------------


def entry(document=None, source="s"):
    return cache.CacheEntry(
        document=document or good_document(),
        source=source,
        fetched_at=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        etag='"v1"',
    )


def test_cache_round_trip_is_atomic_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "c" / "feed.json"
    cache.write(str(path), entry())
    cache.write(str(path), entry())
    assert cache.read(str(path)) == entry()
    assert os.listdir(path.parent) == ["feed.json"]


CORRUPTIONS = [
    ("truncated", lambda text: text[: len(text) // 2], "not complete JSON"),
    ("empty", lambda text: "", "not complete JSON"),
    ("edited figure", lambda text: text.replace("2190", "9999"), "checksum"),
    ("other format", lambda text: text.replace('"format": 1', '"format": 7'), "not a campaign_counter cache"),
    ("binary garbage", lambda text: "\x00\x01garbage", "not complete JSON"),
]


@pytest.mark.parametrize("corrupt,words", [c[1:] for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS])
def test_corrupt_cache_is_ignored_with_a_warning(tmp_path, caplog, corrupt, words):
    path = tmp_path / "feed.json"
    cache.write(str(path), entry())
    path.write_text(corrupt(path.read_text("utf-8")), "utf-8")
    with caplog.at_level(logging.WARNING):
        assert cache.read(str(path)) is None
    assert f"campaign_counter: ignoring the feed cache {path}: " in caplog.text and words in caplog.text


def test_missing_cache_is_silent(tmp_path, caplog):
    assert cache.read(str(tmp_path / "none.json")) is None
    assert caplog.text == ""


def test_unwritable_cache_is_a_warning_not_a_crash(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache.write(str(blocker / "feed.json"), entry())
    assert "could not write the feed cache" in caplog.text


# --- loading ---------------------------------------------------------------


def built_with(conf):
    """A build that loaded the feed and succeeded: its copy is kept."""
    result = loading.load(conf)
    loading.promote(conf, result)
    return result


def test_loading_a_feed_keeps_it_as_last_good_only_when_promoted(server, tmp_path):
    server.routes["/feed.json"] = Reply(body=good_bytes(), headers={"ETag": '"v1"'})
    conf = config(tmp_path, server.url())
    result = loading.load(conf)
    assert result.feed.get("open-drive").total == 2200 and not result.stale
    assert cache.read(conf.cache_path) is None, "not kept before the build succeeded"
    assert loading.promote(conf, result)
    assert cache.read(conf.cache_path).etag == '"v1"'


def test_unchanged_feed_costs_a_304_and_uses_the_cache(server, tmp_path, caplog):
    server.routes["/feed.json"] = etag_feed(good_bytes())
    conf = config(tmp_path, server.url())
    built_with(conf)
    with caplog.at_level(logging.INFO):
        result = loading.load(conf)
    assert [r["headers"].get("If-None-Match") for r in server.requests] == [None, '"v1"']
    assert result.feed.get("open-drive").total == 2200 and not result.stale
    assert "not modified" in caplog.text


def prime(server, tmp_path, document=None, **options):
    server.routes["/feed.json"] = Reply(body=body(document) if document else good_bytes())
    conf = config(tmp_path, server.url(), **options)
    assert built_with(conf).feed is not None
    return conf


def test_failed_fetch_falls_back_to_the_last_good_copy(server, tmp_path, caplog):
    conf = prime(server, tmp_path)
    server.routes["/feed.json"] = Reply(status=500, body=b"", content_type="text/plain")
    result = loading.load(conf)
    assert result.stale and result.feed.get("open-drive").total == 2200
    assert "campaign_counter: feed http://127.0.0.1:" in caplog.text
    assert "not used: HTTP 500" in caplog.text and "using the last good copy" in caplog.text


def test_invalid_feed_falls_back_and_names_the_problem(server, tmp_path, caplog):
    conf = prime(server, tmp_path)
    document = good_document()
    document["campaigns"][0]["count"] = "lots"
    server.routes["/feed.json"] = Reply(body=body(document))
    result = loading.load(conf)
    assert result.stale
    assert "the feed is invalid: $.campaigns[0].count: must be a whole number" in caplog.text
    assert cache.read(conf.cache_path).document == good_document()  # not overwritten


def test_no_data_at_all_is_a_warning_in_dev(tmp_path, caplog):
    result = loading.load(config(tmp_path, str(tmp_path / "missing.json")))
    assert result.feed is None
    assert "no cached copy either, so no counters are shown" in caplog.text
    loading.check_strict(config(tmp_path, "x"), result)  # dev: no exception


def test_decreasing_count_keeps_the_higher_figure(server, tmp_path, caplog):
    conf = prime(server, tmp_path)
    document = good_document()
    document["generated_at"] = "2024-05-03T09:00:00+02:00"
    document["campaigns"][0]["count"] = 2100
    document["campaigns"][0]["count_at"] = "2024-05-03T08:00:00+02:00"
    server.routes["/feed.json"] = Reply(body=body(document), headers={"ETag": '"v2"'})
    result = built_with(conf)
    assert result.feed.get("open-drive").total == 2200
    assert result.suspect == {"open-drive"} and not result.stale
    assert "campaign open-drive: the feed's total 2110 is lower than the 2200 published before" in caplog.text
    assert cache.read(conf.cache_path).etag is None  # fetched in full again next time


def test_decreasing_count_with_a_later_correction_is_accepted(server, tmp_path, caplog):
    conf = prime(server, tmp_path)
    document = good_document()
    document["generated_at"] = "2024-05-03T09:00:00+02:00"
    document["campaigns"][0]["count"] = 2100
    document["campaigns"][0]["count_at"] = "2024-05-03T08:00:00+02:00"
    document["campaigns"][0]["correction"] = {"at": "2024-05-03T07:00:00+02:00", "reason": "duplicates removed"}
    server.routes["/feed.json"] = Reply(body=body(document))
    with caplog.at_level(logging.INFO):
        result = loading.load(conf)
    assert result.feed.get("open-drive").total == 2110 and not result.suspect
    assert "lowered from 2200 to 2110 by a correction" in caplog.text


def test_an_old_correction_does_not_excuse_a_new_drop(server, tmp_path):
    conf = prime(server, tmp_path)
    document = good_document()
    document["campaigns"][0]["count"] = 2100
    document["campaigns"][0]["correction"] = {"at": "2024-04-01T00:00:00+02:00", "reason": "old"}
    server.routes["/feed.json"] = Reply(body=body(document))
    assert loading.load(conf).feed.get("open-drive").total == 2200


def test_feed_older_than_the_last_good_copy_is_not_used(server, tmp_path, caplog):
    conf = prime(server, tmp_path)
    document = good_document()
    document["generated_at"] = "2024-05-01T09:00:00+02:00"
    document["campaigns"][0]["count_at"] = "2024-05-01T08:30:00+02:00"
    document["campaigns"][0]["milestones"].pop()
    document["campaigns"][0]["count"] = 1900
    server.routes["/feed.json"] = Reply(body=body(document))
    result = loading.load(conf)
    assert result.stale and "the feed is older" in caplog.text


def test_cache_from_another_feed_is_not_used(server, tmp_path):
    conf = prime(server, tmp_path)
    other = CounterSettings(feed=str(tmp_path / "missing.json"), cache_path=conf.cache_path)
    assert loading.load(other).feed is None


def test_cache_file_names_the_feed_by_a_hash_alone(server, tmp_path):
    """The cache is kept in CI's cache, which pull requests can restore: no part of the URL may be in it."""
    server.routes["/token-abc123/feed.json"] = Reply(body=good_bytes())
    conf = config(tmp_path, server.url("/token-abc123/feed.json") + "?key=s3cret")
    built_with(conf)  # loaded, and kept as the last good copy after a successful build
    text = pathlib.Path(conf.cache_path).read_text("utf-8")
    assert "token-abc123" not in text and "s3cret" not in text and "127.0.0.1" not in text
    assert cache.read(conf.cache_path).source.startswith("sha256:")
    assert not loading.load(conf).stale  # the same feed still finds its cache


def test_cache_written_with_the_location_before_is_still_used(server, tmp_path):
    conf = prime(server, tmp_path)
    entry = cache.read(conf.cache_path)
    legacy = f"{server.url()}#{entry.source.removeprefix('sha256:')}"
    cache.write(conf.cache_path, cache.CacheEntry(document=entry.document, source=legacy, fetched_at=entry.fetched_at))
    server.routes.clear()
    result = loading.load(conf)
    assert result.stale and result.feed is not None


def test_strict_mode_without_any_data_fails_in_one_line(tmp_path):
    conf = config(tmp_path, str(tmp_path / "missing.json"), strict=True)
    with pytest.raises(loading.StrictModeError) as caught:
        loading.check_strict(conf, loading.load(conf))
    assert str(caught.value).startswith("campaign_counter: strict mode: no valid feed data (feed file ")
    assert str(caught.value).endswith("does not exist; no cache)")


def test_strict_mode_refuses_sample_data(tmp_path):
    document = good_document()
    document["sample"] = True
    feed = tmp_path / "f.json"
    feed.write_bytes(body(document))
    conf = config(tmp_path, str(feed), strict=True)
    with pytest.raises(loading.StrictModeError, match="marked as sample data"):
        loading.check_strict(conf, loading.load(conf))


def test_strict_mode_accepts_a_recent_cache_and_refuses_an_old_one(server, tmp_path):
    document = good_document()
    document["generated_at"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    conf = prime(server, tmp_path, document, strict=True, max_age_hours=24)
    server.routes["/feed.json"] = Reply(status=500, content_type="text/plain")
    result = loading.load(conf)
    loading.check_strict(conf, result)  # fetched seconds ago: fine
    later = datetime.now(UTC) + timedelta(hours=25)
    with pytest.raises(loading.StrictModeError) as caught:
        loading.check_strict(conf, result, now=later)
    assert "more than 24 hours ago (HTTP 500 Internal Server Error)" in str(caught.value)

"""Hostile or broken feeds and caches never crash a build: each gives a
one-line cause and the last good copy stands in. One test per way a feed
or cache used to crash or mislead the build, then a property test over
arbitrary input."""

from __future__ import annotations

import json
import logging
import pathlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.campaign_counter import cache, loading, rendering
from pelican.plugins.campaign_counter.validation import validate
from pelican.plugins.site_config.counter import CounterSettings
from tests.test_counter_support import LANGUAGES, catalog, good_bytes, good_document


def file_config(tmp_path, **options):
    return CounterSettings(feed=str(tmp_path / "feed.json"), cache_path=str(tmp_path / "cache.json"),
                           max_age_hours=1_000_000, **options)


def serve(tmp_path, data: bytes | dict):
    (tmp_path / "feed.json").write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())


def primed(tmp_path):
    """A config whose cache holds the good feed, as a successful build leaves it."""
    conf = file_config(tmp_path)
    serve(tmp_path, good_bytes())
    assert loading.promote(conf, loading.load(conf))
    return conf


def fell_back(conf, caplog):
    """Loads the served feed; asserts it was refused in one line and the last good copy stands in."""
    cached = pathlib.Path(conf.cache_path).read_bytes()
    result = loading.load(conf)
    loading.promote(conf, result)
    assert result.stale and result.feed.get("open-drive").total == 2200
    assert "\n" not in result.cause
    assert pathlib.Path(conf.cache_path).read_bytes() == cached, "the last good copy is kept"
    return result.cause


def test_an_integer_of_thousands_of_digits_is_refused_not_a_crash(tmp_path, caplog):
    conf = primed(tmp_path)
    serve(tmp_path, good_bytes().replace(b'"count": 2190', b'"count": ' + b"9" * 5000, 1))
    assert "digits" in fell_back(conf, caplog)


def test_a_lone_surrogate_in_a_string_is_refused_not_a_crash(tmp_path, caplog):
    conf = primed(tmp_path)
    document = good_document()
    document["campaigns"][0]["title"] = "broken \ud800 text"
    serve(tmp_path, json.dumps(document).encode())  # ensure_ascii: a valid JSON escape
    assert "surrogate" in fell_back(conf, caplog)


def test_a_campaign_id_with_a_trailing_newline_is_refused(tmp_path, caplog):
    conf = primed(tmp_path)
    document = good_document()
    document["campaigns"][1]["id"] = "kolesnikova\n"
    serve(tmp_path, document)
    assert "campaigns[1].id" in fell_back(conf, caplog)


@pytest.mark.parametrize("field", ["generated_at", "count_at"])
def test_a_timestamp_with_a_trailing_newline_is_refused(field):
    document = good_document()
    target = document if field == "generated_at" else document["campaigns"][0]
    target[field] += "\n"
    assert validate(document)


def test_a_date_in_year_one_is_refused_not_rendered(tmp_path, caplog):
    conf = primed(tmp_path)
    document = good_document()
    document["campaigns"][0]["milestones"][0]["reached_at"] = "0001-01-01T00:30:00+00:01"
    serve(tmp_path, document)
    assert "not a plausible date" in fell_back(conf, caplog)


def test_a_total_above_one_billion_is_refused(tmp_path, caplog):
    conf = primed(tmp_path)
    document = good_document()
    document["generated_at"] = "2024-05-03T09:00:00+02:00"
    document["campaigns"][0]["offline"] = [{"source": f"list {n}", "count": 10**9} for n in range(20)]
    serve(tmp_path, document)
    assert "more than 1000000000" in fell_back(conf, caplog)


def test_a_feed_dated_ahead_of_the_clock_does_not_block_the_feeds_after_it(tmp_path):
    conf = file_config(tmp_path)
    now = datetime.now(UTC).replace(microsecond=0)
    ahead = good_document()
    ahead["generated_at"] = (now + timedelta(minutes=9)).isoformat()
    serve(tmp_path, ahead)
    assert loading.promote(conf, loading.load(conf, now=now))
    honest = good_document()
    honest["generated_at"] = (now + timedelta(minutes=1)).isoformat()
    serve(tmp_path, honest)
    result = loading.load(conf, now=now + timedelta(minutes=2))
    assert not result.stale, result.cause


def test_a_malformed_feed_url_is_a_one_line_cause_not_a_crash(tmp_path):
    conf = CounterSettings(feed="http://127.0.0.1:99999/feed.json", cache_path=str(tmp_path / "c.json"))
    result = loading.load(conf)
    assert result.feed is None and "malformed" in result.cause


@pytest.mark.parametrize("value", [None, 1714633200, [], {"at": "x"}])
def test_a_cache_whose_fetched_at_is_not_a_date_is_ignored_with_one_warning(tmp_path, caplog, value):
    conf = primed(tmp_path)
    path = pathlib.Path(conf.cache_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fetched_at"] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "feed.json").unlink()
    with caplog.at_level(logging.WARNING):
        result = loading.load(conf)
    assert result.feed is None
    assert len([r for r in caplog.records if "feed cache" in r.getMessage()]) == 1


# --- property: whatever the input, a valid result or a one-line cause -------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _mutations():
    paths = [("generated_at",), ("campaigns", 0, "id"), ("campaigns", 0, "count"), ("campaigns", 0, "count_at"),
             ("campaigns", 0, "milestones", 0, "reached_at"), ("campaigns", 0, "offline"), ("campaigns", 1, "status"),
             ("campaigns", 0, "goal"), ("campaigns", 2, "unit"), ("version",), ("campaigns",)]
    values = (st.text(max_size=40) | st.integers() | st.none() | _json
              | st.sampled_from(["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-23:59", "\ud800",
                                 "kolesnikova\n", 10**12, -1, 2**63]))
    return st.tuples(st.sampled_from(paths), values)


def _mutated(mutation) -> bytes:
    path, value = mutation
    document = good_document()
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(document).encode("utf-8", "surrogatepass")


_inputs = st.one_of(
    st.binary(max_size=300),
    _json.map(lambda value: json.dumps(value).encode()),
    _mutations().map(_mutated),
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=_inputs)
def test_any_feed_bytes_give_a_valid_result_or_a_one_line_cause_and_keep_the_last_good_copy(tmp_path, body):
    conf = primed(tmp_path)
    kept = pathlib.Path(conf.cache_path).read_bytes()
    serve(tmp_path, body)
    result = loading.load(conf)  # never raises
    loading.promote(conf, result)
    if result.stale:
        assert result.cause and "\n" not in result.cause
        assert pathlib.Path(conf.cache_path).read_bytes() == kept
        assert result.feed.get("open-drive").total == 2200
    assert result.feed is not None
    for campaign in result.feed.campaigns:
        for lang in LANGUAGES[:2]:
            rendering.build_view(campaign, lang, catalog(lang), stale=result.stale)
    assert cache.read(conf.cache_path) is not None


@pytest.mark.parametrize("reason", ["Oops\x1b[2J\x1b[31mred", "x\r\n::error::spoofed annotation",
                                    "##[error]spoofed", "next\x85line \x9b31m"])
def test_server_status_text_cannot_add_lines_colours_or_ci_annotations_to_the_log(tmp_path, reason):
    from tests.test_counter_support import FeedServer, Reply

    with FeedServer() as server:
        server.routes["/feed.json"] = Reply(status=500, reason=reason, content_type="text/plain")
        conf = CounterSettings(feed=server.url(), cache_path=str(tmp_path / "c.json"), timeout=2.0)
        cause = loading.load(conf).cause
    assert cause.startswith("HTTP 500")
    assert not any(ch in cause for ch in "\x1b\r\n\x85\x9b")
    assert "::error::" not in cause and "##[" not in cause

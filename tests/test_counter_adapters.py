"""Reading a count from the JSON petition platforms publish: JSON pointers
and presets, on recorded documents in tests/data/feeds/."""

import json
from datetime import UTC, datetime

import pytest

from pelican.plugins.campaign_counter import adapters, loading
from pelican.plugins.campaign_counter.parsing import ParseError
from pelican.plugins.campaign_counter.validation import validate
from pelican.plugins.site_config.counter import SettingsError, from_pelican_settings
from tests.test_counter_support import FEEDS

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def adapter(**raw):
    return from_pelican_settings({"CAMPAIGN_COUNTER": {"feed": "x", "adapter": raw}}).adapter


def recorded(name):
    return json.loads((FEEDS / name).read_text("utf-8"))


def test_json_pointer_follows_objects_arrays_and_escapes():
    document = {"a/b": {"~x": [10, {"n": 3}]}}
    assert adapters.resolve(document, "/a~1b/~0x/1/n") == 3
    assert adapters.resolve(document, "/a~1b/~0x/0") == 10
    assert adapters.resolve(document, "/missing") is adapters._MISSING
    assert adapters.resolve(document, "/a~1b/~0x/7") is adapters._MISSING


def test_uk_parliament_preset_reads_an_open_petition():
    uk = adapter(preset="uk-parliament", campaign="pmpc")
    feed = adapters.to_feed(recorded("uk-parliament-petition.json"), uk, NOW)
    assert validate(feed, now=NOW) == []
    (campaign,) = feed["campaigns"]
    assert (campaign["id"], campaign["status"], campaign["count"]) == ("pmpc", "open", 36517)
    assert campaign["count_at"] == "2026-01-10T10:41:55+00:00"
    assert "ended_at" not in campaign and "goal" not in campaign


def test_uk_parliament_preset_reads_a_closed_petition_as_ended():
    feed = adapters.to_feed(recorded("uk-parliament-petition-closed.json"),
                            adapter(preset="uk-parliament", campaign="pmpc"), datetime(2026, 2, 7, tzinfo=UTC))
    (campaign,) = feed["campaigns"]
    assert (campaign["status"], campaign["count"]) == ("ended", 41230)
    assert campaign["ended_at"] == "2026-02-05T23:59:59+00:00"


def test_count_endpoint_preset_dates_the_count_by_the_fetch():
    count_only = adapter(preset="uk-parliament-count", campaign="x")
    feed = adapters.to_feed(recorded("uk-parliament-count.json"), count_only, NOW)
    assert validate(feed, now=NOW) == []
    assert feed["campaigns"][0]["count"] == 36517
    assert feed["campaigns"][0]["count_at"] == NOW.isoformat(timespec="seconds")


def test_own_pointers_with_a_goal_from_the_document():
    document = {"petition": {"stats": {"signers": 812, "target": 1000}, "updated": "2026-01-09T08:00:00+01:00"}}
    conf = adapter(campaign="c", pointers={"count": "/petition/stats/signers", "goal": "/petition/stats/target",
                                           "count_at": "/petition/updated"})
    (campaign,) = adapters.to_feed(document, conf, NOW)["campaigns"]
    assert (campaign["count"], campaign["goal"], campaign["count_at"]) == (812, 1000, "2026-01-09T08:00:00+01:00")


@pytest.mark.parametrize("document,words", [
    ({"data": {}}, "nothing at /data/attributes/signature_count"),
    ({"data": {"attributes": {"signature_count": "36517"}}}, "is not a whole number"),
    ({"data": {"attributes": {"signature_count": True}}}, "is not a whole number"),
    ({"data": {"attributes": {"signature_count": 5, "updated_at": "yesterday"}}}, "not an ISO 8601"),
    ({"data": {"attributes": {"signature_count": 5, "updated_at": "2026-01-01T10:00:00"}}}, "no time zone"),
])
def test_a_document_that_does_not_fit_the_mapping_is_refused_in_one_line(document, words):
    with pytest.raises(ParseError, match=words) as info:
        adapters.to_feed(document, adapter(preset="uk-parliament", campaign="pmpc"), NOW)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("raw,words", [
    ({"campaign": "x", "preset": "change-org"}, "unknown preset 'change-org'"),
    ({"campaign": "x"}, "needs 'count'"),
    ({"campaign": "x", "pointers": {"count": "data.count"}}, "must be a JSON pointer"),
    ({"campaign": "Bad Id", "preset": "uk-parliament"}, "naming the 'campaign'"),
    ({"campaign": "x", "preset": "uk-parliament", "url": "y"}, "unknown key"),
])
def test_wrong_adapter_settings_are_refused_with_the_key_named(raw, words):
    with pytest.raises(SettingsError, match=words):
        adapter(**raw)


def test_a_platform_document_goes_through_the_whole_load_and_cache(tmp_path):
    conf = from_pelican_settings({"CAMPAIGN_COUNTER": {
        "feed": str(FEEDS / "uk-parliament-petition.json"), "cache_path": str(tmp_path / "cache.json"),
        "adapter": {"preset": "uk-parliament", "campaign": "pmpc"}}})
    result = loading.load(conf, now=NOW)
    assert result.cause is None and not result.stale
    assert result.feed.get("pmpc").total == 36517
    assert loading.promote(conf, result)  # what a successful build does
    assert json.loads((tmp_path / "cache.json").read_text("utf-8"))  # the converted document is the last good copy

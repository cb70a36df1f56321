"""Counters for any campaign, pure parts: units and goals from settings,
inline counts, old counts, the sign form setting and the CSP setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from babel.support import NullTranslations

from pelican.plugins.campaign_counter import formatting, handlers, loading, rendering
from pelican.plugins.campaign_counter.model import Campaign, Feed
from pelican.plugins.site_config import csp
from pelican.plugins.site_config.config import ConfigError, build_config
from pelican.plugins.site_config.counter import SettingsError, from_pelican_settings, ngettext_noop

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
EN = NullTranslations()


def counter(**raw):
    return from_pelican_settings({"LANGUAGES": ["en", "de"], "CAMPAIGN_COUNTER": {"feed": "x", **raw}})


def campaign(**fields):
    return Campaign(**{"id": "c", "status": "open", "count": 237, "count_at": NOW, **fields})


# --- units -----------------------------------------------------------------


def test_units_from_settings_next_to_the_built_in_ones():
    conf = counter(units={"letters": {"count": ngettext_noop("%(num)s letter", "%(num)s letters")}})
    assert {"signatures", "signatories", "people", "organisations", "letters"} <= set(dict(conf.units))
    letters = conf.unit("letters")
    assert formatting.count_phrase(EN, letters, 1, "en") == "1 letter"
    assert formatting.count_phrase(EN, letters, 1204, "de") == "1.204 letters"
    assert formatting.progress_phrase(EN, letters, 12, 50, "en") == "12 letters of 50"
    assert formatting.milestone_phrase(EN, letters, 100, "en") == "100 letters reached"


@pytest.mark.parametrize("units,words", [
    ({"letters": {"count": ("a letter", "letters")}}, "ngettext_noop"),
    ({"letters": {"count": ngettext_noop("%(num)s l", "%(num)s ls"), "extra": 1}}, "'count' and optionally"),
    ({"Letters!": {"count": ngettext_noop("%(num)s l", "%(num)s ls")}}, "not a unit name"),
])
def test_wrong_units_are_refused_with_the_key_named(units, words):
    with pytest.raises(SettingsError, match=words):
        counter(units=units)


def test_region_tagged_language_formats_numbers_with_its_locale():
    assert formatting.format_number(36517, "zh-hk") == "36,517"
    assert formatting.count_phrase(EN, "people", 36517, "zh-tw") == "36,517 people"
    assert formatting.plural_samples("zh-hk") == {"other": 0}


# --- goals -------------------------------------------------------------------


@pytest.mark.parametrize("mode,goal,expected", [
    ("feed", None, None),  # no goal anywhere: none invented
    ("feed", 300, 300),
    ("feed", 200, None),  # reached: no bar rather than an invented next goal
    ("ladder", None, 250),
    ("ladder", 200, 250),
    ("none", 300, None),
    (1000, None, 1000),
    (100, None, None),
])
def test_goal_modes(mode, goal, expected):
    assert rendering.goal_for(campaign(goal=goal), mode, (100, 250, 500)) == expected


def test_goal_setting_per_campaign_overrides_the_sites():
    conf = counter(goal="ladder", campaigns={"c": {"goal": "none"}, "d": {"goal": 5000}})
    assert (conf.goal_mode("c"), conf.goal_mode("d"), conf.goal_mode("other")) == ("none", 5000, "ladder")
    with pytest.raises(SettingsError, match="goal"):
        counter(goal="always")


def test_view_without_goal_has_no_progress_and_its_live_script_no_ladder():
    view = rendering.build_view(campaign(), "en", EN, unit=counter().unit("organisations"), goal_mode="feed",
                                live_url="https://feed.example.org/f.json")
    assert view.progress is None and view.headline == "237 organisations"
    assert view.live.goals == ""


# --- sign form setting ---------------------------------------------------------


def test_sign_url_per_language_with_a_default():
    conf = counter(campaigns={"c": {"sign_url": {"*": "https://sign.example.org/", "de": "https://sign.example.org/de"}}})
    assert conf.campaign("c").sign_url_for("de") == "https://sign.example.org/de"
    assert conf.campaign("c").sign_url_for("en") == "https://sign.example.org/"
    assert conf.campaign("other").sign_url_for("en") == ""


@pytest.mark.parametrize("url,words", [
    ("javascript:alert(1)", "https:// URL"),
    ("http://sign.example.org", "https:// URL"),
    ({"xx": "https://sign.example.org"}, "not in LANGUAGES"),
])
def test_sign_url_must_be_https_and_name_known_languages(url, words):
    with pytest.raises(SettingsError, match=words):
        counter(campaigns={"c": {"sign_url": url}})


# --- old counts ------------------------------------------------------------------


def feed_with(*campaigns):
    return loading.LoadResult(feed=Feed(version=1, generated_at=NOW, campaigns=campaigns), as_of=NOW)


def test_old_count_of_an_open_campaign_is_shown_with_its_date_outside_strict_mode():
    old = campaign(id="old", count_at=NOW - timedelta(hours=100))
    ended = campaign(id="done", status="ended", count_at=NOW - timedelta(days=400))
    result = feed_with(old, ended, campaign(id="fresh"))
    assert handlers.old_counts(counter(count_max_age_hours=72), result, NOW) == {"old"}
    as_of = counter(strict=True, count_max_age_hours=72, stale_counts="as_of")
    assert handlers.old_counts(as_of, result, NOW) == {"old"}
    assert handlers.old_counts(counter(), result, NOW) == frozenset()  # no limit set


def test_old_count_stops_a_strict_build_when_the_campaign_says_so():
    result = feed_with(campaign(id="old", count_at=NOW - timedelta(hours=100)))
    with pytest.raises(handlers.CampaignCounterError, match=r"count of campaign old was taken .* more than 72 hours"):
        handlers.old_counts(counter(strict=True, count_max_age_hours=72), result, NOW)


# --- inline counts ---------------------------------------------------------------


def test_inline_counts_are_replaced_in_text_and_escaped():
    html = "<p>Join <em>[[count a unit]]</em> and [[count b]] others.</p><pre>[[count a]]</pre>"
    out = rendering.replace_counts(html, "x.md", lambda cid, unit: f"<{cid}{'+' if unit else ''}>")
    assert out == "<p>Join <em>&lt;a+&gt;</em> and &lt;b&gt; others.</p><pre>[[count a]]</pre>"


@pytest.mark.parametrize("text", ["[[count]]", "[[count A]]", "[[count a units]]", "[[count a unit"])
def test_malformed_inline_count_is_an_error_naming_the_file(text):
    with pytest.raises(rendering.MarkerError, match=r"^x\.md: malformed count .*\[\[count CAMPAIGN_ID\]\]"):
        rendering.replace_counts(f"<p>Before {text} after.</p>", "x.md", lambda cid, unit: "1")


def test_page_without_inline_counts_is_returned_untouched():
    html = "<p>[[counter]] stays for the block markers</p>"
    assert rendering.replace_counts(html, "x.md", lambda cid, unit: "1") is html


# --- the CSP setting --------------------------------------------------------------


def test_csp_from_one_setting_with_the_live_feed_origin():
    policy = csp.from_settings({"CONTENT_SECURITY_POLICY": {"form_action": ["https://Sign.example.org"]}},
                               "https://feed.example.org:8443/path/feed.json?x=1")
    assert "connect-src 'self' https://feed.example.org:8443;" in policy.meta
    assert "form-action 'self' https://sign.example.org" in policy.meta
    assert "frame-src" not in policy.meta  # no frames unless asked
    assert policy.header.endswith("; frame-ancestors 'none'") and "frame-ancestors" not in policy.meta


@pytest.mark.parametrize("raw,words", [
    ({"form_action": ["http://sign.example.org"]}, "is not an origin"),
    ({"frame_src": ["https://video.example.org/embed"]}, "is not an origin"),
    ({"connect_src": ["*"]}, "is not an origin"),
    ({"img_src": ["'unsafe-inline'"]}, "is not an origin"),
    ({"script_src": ["https://cdn.example.org"]}, "unknown key"),
    ({"form_action": "https://sign.example.org"}, "must be a list"),
])
def test_csp_setting_accepts_only_https_origins(raw, words):
    settings = {"LANGUAGES": ["en"], "DEFAULT_LANG": "en", "PATH": "content", "CONTENT_SECURITY_POLICY": raw}
    with pytest.raises(ConfigError, match=words):
        build_config(settings)

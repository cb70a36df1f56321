"""campaign_counter through real Pelican builds: a small five-language site
(tests/data/counter-site) against a local http.server, and the real site.

Every case asserts what the reader sees and what the build log says.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.campaign_counter import loading
from pelican.plugins.site_config.counter import CounterSettings
from tests.sitebuild import build_site
from tests.test_counter_support import (
    COUNTER_SITE,
    FEEDS,
    FeedServer,
    Reply,
    etag_feed,
    good_bytes,
    good_document,
    set_at,
)

pytestmark = pytest.mark.slow(seconds=15)  # about how long this module takes

CONTENT = COUNTER_SITE / "content"
PAGES = ["index", "petition", "letter", "history"]

# The reader's view of the good feed's open campaign, per language.
HEADLINE = {
    "de": "2.200 Unterschriften",
    "fr": "2\u202f200 signatures",
    "ru": "2\u00a0200 подписей",
    "it": "2.200 firme",
    "en": "2,200 signatures",
}
AS_OF = {  # count_at of open-drive: 2 May 2024
    "de": "Stand: 2. Mai 2024",
    "fr": "chiffres au 2 mai 2024",
    "ru": "по состоянию на 2 мая 2024\u202fг.",
    "it": "dati al 2 maggio 2024",
    "en": "as of 2 May 2024",  # British English (LANGUAGE_OPTIONS)
}


@pytest.fixture(autouse=True)
def _no_feed_from_the_environment(monkeypatch):
    monkeypatch.delenv("CAMPAIGN_FEED", raising=False)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def counter_settings(tmp_path, feed, **options):
    # the fixture feeds are dated 2024: their age is judged only where a test says so
    options.setdefault("max_age_hours", 1_000_000)
    return {"feed": feed, "cache_path": str(tmp_path / "feed-cache.json"), "timeout": 1.0, **options}


def build(tmp_path, feed, content=CONTENT, name="output", **options):
    overrides = {
        "PLUGINS": ["pelican.plugins.multilang", "pelican.plugins.campaign_counter"],
        "MULTILANG": {"translations_path": str(COUNTER_SITE / "translations"), "domain": "messages"},
        "CAMPAIGN_COUNTER": counter_settings(tmp_path, feed, **options),
    }
    return build_site(tmp_path / name, overrides, content_path=str(content))


def soup(result, url):
    return BeautifulSoup(result.page(url), "html.parser")


def prime_cache(tmp_path, server):
    """The last good copy, as a previous build would have left it."""
    server.routes["/feed.json"] = Reply(body=good_bytes())
    conf = CounterSettings(**counter_settings(tmp_path, server.url()))
    result = loading.load(conf)
    assert result.feed is not None and loading.promote(conf, result)
    server.requests.clear()


def warnings_of(result):
    return [line for line in result.log.splitlines() if line.startswith("WARNING campaign_counter")]


# --- a good feed -------------------------------------------------------------


@pytest.fixture
def good_build(tmp_path, server):
    server.routes["/feed.json"] = etag_feed(good_bytes())
    # the campaign asks for the automatic goal ladder (its feed goal is passed)
    return build(tmp_path, server.url(), goal="ladder"), server


@pytest.mark.parametrize("lang", list(HEADLINE))
def test_petition_page_shows_counter_and_timeline_in_its_language(good_build, lang):
    result, _ = good_build
    assert result.error is None, result.log
    page = soup(result, f"{lang}/petition/")
    counters = page.select("section.cc-counter")
    assert len(counters) == 1  # placed by the theme from "Campaign: open-drive"
    assert counters[0].select_one(".cc-headline").get_text() == HEADLINE[lang]
    assert counters[0].find("progress")["max"] == "2500"
    assert len(page.select("ol.cc-timeline li")) == 2  # the [[timeline]] marker
    assert "[[" not in page.get_text()
    assert page.select_one(".cc-as-of") is None


def test_marker_counter_and_timeline_for_a_named_campaign(good_build):
    result, _ = good_build
    page = soup(result, "ru/history/")
    assert page.select_one("section.cc-counter .cc-headline").get_text() == "112 подписей"
    assert [t["datetime"] for t in page.select("ol.cc-timeline time")][-1] == "2021-04-02T17:59:17+02:00"


def test_signatories_counter_from_a_bare_marker(good_build):
    result, _ = good_build
    assert soup(result, "fr/letter/").select_one(".cc-headline").get_text() == "131 signataires"
    en = soup(result, "en/letter/")
    assert en.select_one(".cc-status").get_text().strip() == "Campaign ended on 8 December 2022"
    assert en.find("code").get_text() == "[[counter]]"  # documentation in code is left alone


def test_feed_is_fetched_once_per_build_whatever_the_number_of_pages(good_build, tmp_path):
    result, server = good_build
    assert server.hits() == 1
    assert len(list(result.output_path.glob("*/*/index.html"))) >= 15
    again = build(tmp_path, server.url(), name="second")
    assert again.error is None
    assert server.hits() == 2  # once more for the second build: a 304
    assert server.requests[1]["headers"]["If-None-Match"] == '"v1"'
    assert "feed http://127.0.0.1" in again.log and "not modified" in again.log
    assert soup(again, "de/petition/").select_one(".cc-headline").get_text() == HEADLINE["de"]
    assert soup(again, "de/petition/").select_one(".cc-as-of") is None


def test_min_count_hides_the_counter_and_its_marker(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=good_bytes())
    result = build(tmp_path, server.url(), min_count=5000)
    assert result.error is None, result.log
    page = soup(result, "en/petition/")
    assert page.select(".cc-counter, .cc-timeline") == [] and "[[" not in page.get_text()


LIVE_URL = "https://counts.example.org/live/feed.json"


def footer(result, url):
    return " ".join(soup(result, url).select_one("footer").get_text(" ").split())


def test_live_refresh_adds_the_external_script_and_the_plural_forms(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=good_bytes())
    result = build(tmp_path, server.url(), live_refresh=True, live_url=LIVE_URL)
    assert result.error is None, result.log
    page = soup(result, "ru/petition/")
    section = page.select_one("section.cc-counter")
    assert section["data-cc-feed"] == LIVE_URL
    assert json.loads(section["data-cc-count-forms"])["few"] == "{num} подписи"
    scripts = page.find_all("script", src=True)
    assert any(s["src"].endswith("/theme/js/counter-live.js") for s in scripts)
    assert all(not s.get_text().strip() for s in page.select("section.cc-counter script"))
    assert (result.output_path / "theme" / "js" / "counter-live.js").exists()
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "connect-src 'self' https://counts.example.org;" in csp, "the CSP lets the script read the live URL only"


def test_live_refresh_never_puts_the_feed_url_and_its_token_in_pages(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=good_bytes())
    feed = server.url() + "?token=S3CRET-T0KEN"
    result = build(tmp_path, feed, live_refresh=True, live_url=LIVE_URL)
    assert result.error is None, result.log
    assert soup(result, "de/petition/").select_one("section.cc-counter")["data-cc-feed"] == LIVE_URL
    leaks = [
        str(path.relative_to(result.output_path))
        for path in result.output_path.rglob("*")
        if path.is_file() and (b"S3CRET" in path.read_bytes() or b"127.0.0.1" in path.read_bytes())
    ]
    assert leaks == [], "the build-time feed URL reached the output"


def test_live_refresh_from_another_origin_changes_the_footers_promise(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=good_bytes())
    live = build(tmp_path, server.url(), name="live", live_refresh=True, live_url=LIVE_URL)
    assert live.error is None, live.log
    text = footer(live, "en/petition/")
    assert "loads nothing from other websites" not in text
    assert "counters update their figures from counts.example.org" in text
    plain = build(tmp_path, server.url(), name="plain")
    assert "loads nothing from other websites" in footer(plain, "en/petition/")


def test_live_refresh_from_the_sites_own_origin_keeps_the_footers_promise(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=good_bytes())
    overrides_site = {"SITEURL": "https://counts.example.org"}
    result = build_site(tmp_path / "output", {
        "PLUGINS": ["pelican.plugins.multilang", "pelican.plugins.campaign_counter"],
        "MULTILANG": {"translations_path": str(COUNTER_SITE / "translations"), "domain": "messages"},
        "CAMPAIGN_COUNTER": counter_settings(tmp_path, server.url(), live_refresh=True, live_url=LIVE_URL),
        **overrides_site,
    }, content_path=str(CONTENT))
    assert result.error is None, result.log
    assert "loads nothing from other websites" in footer(result, "en/petition/")


def test_live_refresh_without_a_live_url_stops_the_build_in_one_line(tmp_path):
    result = build(tmp_path, str(FEEDS / "good.json"), live_refresh=True)
    assert result.error is not None
    message = str(result.error)
    assert "CAMPAIGN_COUNTER['live_refresh'] needs 'live_url'" in message and "\n" not in message


def test_live_refresh_is_off_by_default(tmp_path):
    result = build(tmp_path, str(FEEDS / "good.json"), live_url=LIVE_URL)
    assert result.error is None, result.log
    page = soup(result, "en/petition/")
    assert page.select_one("[data-cc-feed]") is None
    assert "connect-src 'self';" in page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "loads nothing from other websites" in footer(result, "en/petition/")


# --- bad input: the last good copy stands in --------------------------------


def _document(mutate):
    document = good_document()
    mutate(document)
    return json.dumps(document).encode("utf-8")


C0 = ["campaigns", 0]
BAD_REPLIES = [
    ("HTTP 500", Reply(status=500, body=b"boom", content_type="text/plain"), "HTTP 500"),
    ("HTTP 404", Reply(status=404, body=b"", content_type="text/plain"), "HTTP 404"),
    ("HTTP 403 HTML page", Reply(status=403, body=b"<html>no</html>", content_type="text/html"), "HTTP 403"),
    ("timeout", Reply(body=good_bytes(), delay=1.6), "timed out"),
    ("truncated JSON", Reply(body=(FEEDS / "truncated.json").read_bytes()), "not complete JSON"),
    ("HTML error page with 200", Reply(body=(FEEDS / "error-page.html").read_bytes(), content_type="text/html"), "HTML page"),
    ("HTML page as JSON", Reply(body=(FEEDS / "error-page.html").read_bytes()), "HTML or XML page"),
    ("empty body", Reply(body=b""), "the feed is empty"),
    ("huge body", Reply(body=b"[" + b"0," * 600_000 + b"0]"), "larger than the limit of 1000000 bytes"),
    ("wrong type", Reply(body=_document(set_at(C0 + ["count"], "2200"))), "$.campaigns[0].count: must be a whole number"),
    ("wrong top-level type", Reply(body=b"[1, 2, 3]"), "$: must be an object"),
    ("10 KB title", Reply(body=_document(set_at(C0 + ["title"], "<script>" * 1280))), "$.campaigns[0].title: is too long"),
    ("NaN count", Reply(body=good_bytes().replace(b'"count": 2190', b'"count": NaN')), "NaN is not allowed"),
    ("duplicate key", Reply(body=good_bytes().replace(b'"count": 2190', b'"count": 2190, "count": 9999')), "appears twice"),
    ("milestones descending", Reply(body=_document(set_at(C0 + ["milestones", 1, "count"], 500))), "milestones must rise"),
    ("redirect to file:", Reply(status=302, headers={"Location": "file:///etc/passwd"}, content_type=None), "refused a redirect to a file: URL"),
]


@pytest.mark.parametrize("reply,cause", [c[1:] for c in BAD_REPLIES], ids=[c[0] for c in BAD_REPLIES])
def test_bad_feed_keeps_the_last_good_figures_with_as_of(tmp_path, server, reply, cause):
    prime_cache(tmp_path, server)
    server.routes["/feed.json"] = reply
    result = build(tmp_path, server.url())
    assert result.error is None, result.log
    for lang, headline in HEADLINE.items():
        counter = soup(result, f"{lang}/petition/").select_one("section.cc-counter")
        assert counter.select_one(".cc-headline").get_text() == headline
        assert counter.select_one(".cc-as-of").get_text().strip() == AS_OF[lang]
    (warning,) = warnings_of(result)
    assert "campaign_counter: feed http://127.0.0.1:" in warning
    assert cause in warning and "using the last good copy" in warning


def test_connection_refused_keeps_the_last_good_figures(tmp_path, server):
    prime_cache(tmp_path, server)
    server.shutdown()  # the same URL, nobody listening any more
    server.server_close()
    result = build(tmp_path, server.url())
    assert result.error is None, result.log
    (warning,) = warnings_of(result)
    assert "not used: connection refused (http://127.0.0.1:" in warning
    assert soup(result, "de/petition/").select_one(".cc-as-of").get_text().strip() == AS_OF["de"]


def test_failure_without_cache_shows_no_counter_and_warns(tmp_path, server):
    server.routes["/feed.json"] = Reply(status=500, content_type="text/plain")
    result = build(tmp_path, server.url())
    assert result.error is None, result.log  # dev builds never fail for the network
    page = soup(result, "it/petition/")
    assert page.select(".cc-counter, .cc-timeline") == [] and "[[" not in page.get_text()
    assert "no cached copy either, so no counters are shown" in warnings_of(result)[0]


def test_corrupt_cache_is_ignored_and_the_build_goes_on(tmp_path, server):
    prime_cache(tmp_path, server)
    path = tmp_path / "feed-cache.json"
    path.write_text(path.read_text("utf-8")[:200], "utf-8")
    server.routes["/feed.json"] = Reply(status=500, content_type="text/plain")
    result = build(tmp_path, server.url())
    assert result.error is None, result.log
    warnings = warnings_of(result)
    assert "ignoring the feed cache" in warnings[0] and "not complete JSON" in warnings[0]
    assert soup(result, "en/petition/").select_one(".cc-counter") is None


def test_decreasing_count_keeps_the_higher_figure_and_says_as_of(tmp_path, server):
    prime_cache(tmp_path, server)
    lower = good_document()
    lower["generated_at"] = "2024-05-03T09:00:00+02:00"
    lower["campaigns"][0]["count"] = 1990
    lower["campaigns"][0]["count_at"] = "2024-05-03T08:00:00+02:00"
    server.routes["/feed.json"] = Reply(body=json.dumps(lower).encode())
    result = build(tmp_path, server.url())
    assert result.error is None, result.log
    counter = soup(result, "de/petition/").select_one("section.cc-counter")
    assert counter.select_one(".cc-headline").get_text() == "2.200 Unterschriften"
    assert counter.select_one(".cc-as-of").get_text().strip() == AS_OF["de"]
    assert any("lower than the 2200 published before" in w for w in warnings_of(result))


def test_hostile_strings_reach_the_page_as_inert_text(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=(FEEDS / "hostile.json").read_bytes())
    result = build(tmp_path, server.url())
    assert result.error is None, result.log
    html = result.page("en/petition/")
    page = BeautifulSoup(html, "html.parser")
    counter = page.select_one("section.cc-counter")
    assert counter.find("script") is None and counter.find("img") is None
    assert not any(a.startswith("on") for tag in page.find_all(True) for a in tag.attrs)
    assert "javascript:" not in " ".join(str(v) for tag in page.find_all(True) for v in tag.attrs.values())
    names = [b.get_text() for b in counter.select(".cc-offline-sources bdi")]
    assert "<script>alert(1)</script>" in names and "evilgnp.exeisolated end" in names
    assert "\u202e" not in html and "\u2066" not in html
    assert "<script>alert(1)</script>" not in html and "{{ 7*7 }}" in html


# --- editor mistakes are build errors naming the file ----------------------


def single_page_site(tmp_path, body, front="", name="content"):
    root = tmp_path / name
    (root / "en" / "pages").mkdir(parents=True)
    shutil.copy(CONTENT / "en" / "pages" / "index.md", root / "en" / "pages" / "index.md")
    (root / "en" / "pages" / "bad.md").write_text(f"Title: Bad\n{front}\nIntro.\n\n{body}\n", "utf-8")
    return root


@pytest.mark.parametrize(
    "front,body,message",
    [
        ("", "[[counter kolesnikowa]]",
         'en/pages/bad.md: unknown campaign id "kolesnikowa" in marker [[counter kolesnikowa]]; the feed has: open-drive, kolesnikova, letter-sigs'),
        ("Campaign: kolesnikowa\n", "Text.",
         'en/pages/bad.md: unknown campaign id "kolesnikowa" in the Campaign: front matter'),
        ("Campaign: Kolesnikova!\n", "Text.", "en/pages/bad.md: malformed campaign id 'Kolesnikova!'"),
        ("", "[[timeline]]", "en/pages/bad.md: marker [[timeline]] names no campaign"),
        ("", "[[counter: kolesnikova]]", "en/pages/bad.md: malformed marker '[[counter: kolesnikova]]'"),
        ("", "See [[counter kolesnikova]] here.", "en/pages/bad.md: marker [[counter kolesnikova]] must stand alone"),
    ],
)
def test_editor_mistake_fails_the_build_naming_the_file(tmp_path, front, body, message):
    content = single_page_site(tmp_path, body, front)
    result = build(tmp_path, str(FEEDS / "good.json"), content=content)
    assert result.error is not None, "the build should have failed"
    text = str(result.error)
    assert message in text and "\n" not in text
    # outside the project the path is absolute; inside, relative to it
    assert text.startswith(str(content / "en" / "pages" / "bad.md") + ": ")


def test_unknown_id_with_only_an_old_cache_is_a_warning_not_an_error(tmp_path, server):
    prime_cache(tmp_path, server)
    server.routes["/feed.json"] = Reply(status=500, content_type="text/plain")
    content = single_page_site(tmp_path, "[[counter brand-new]]")
    result = build(tmp_path, server.url(), content=content)
    assert result.error is None, result.log
    assert any('unknown campaign id "brand-new"' in w for w in warnings_of(result))


# --- strict mode -------------------------------------------------------------


def test_strict_mode_fails_without_valid_data_in_one_line(tmp_path, server):
    server.routes["/feed.json"] = Reply(status=500, content_type="text/plain")
    result = build(tmp_path, server.url(), strict=True)
    assert str(result.error) == (
        "campaign_counter: strict mode: no valid feed data "
        "(HTTP 500 Internal Server Error; no cache)"
    )


def fresh_document(age: timedelta = timedelta(minutes=5)) -> dict:
    """The good feed, generated ``age`` ago."""
    document = good_document()
    moment = (datetime.now(UTC) - age).replace(microsecond=0)
    document["generated_at"] = moment.isoformat()
    document["campaigns"][0]["count_at"] = (moment - timedelta(minutes=1)).isoformat()
    return document


def test_strict_mode_builds_with_a_fresh_feed(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=json.dumps(fresh_document()).encode())
    result = build(tmp_path, server.url(), strict=True, max_age_hours=1)
    assert result.error is None, result.log


def test_strict_mode_judges_the_age_of_the_data_not_of_the_download(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=json.dumps(fresh_document(timedelta(hours=3))).encode())
    result = build(tmp_path, server.url(), strict=True, max_age_hours=1)
    assert "strict mode: the feed's data was generated" in str(result.error)
    assert "\n" not in str(result.error)


def test_old_data_is_shown_as_of_its_date_in_dev(tmp_path, server):
    server.routes["/feed.json"] = Reply(body=json.dumps(fresh_document(timedelta(hours=3))).encode())
    result = build(tmp_path, server.url(), max_age_hours=1)
    assert result.error is None, result.log
    assert soup(result, "en/petition/").select_one(".cc-as-of") is not None


def test_strict_mode_refuses_the_sample_feed(tmp_path):
    from tests.test_counter_support import ROOT

    sample = ROOT / "content" / "data" / "campaign-feed.sample.json"
    result = build(tmp_path, str(sample), strict=True)
    assert "marked as sample data" in str(result.error)


# --- the real site ----------------------------------------------------------


def test_real_site_shows_only_the_source_documents_figures(built_site):
    ru = BeautifulSoup(built_site.page("ru/petition/"), "html.parser")
    times = [t["datetime"] for t in ru.select("ol.cc-timeline time")]
    assert times == [
        "2021-03-18T10:17:41+01:00",
        "2021-03-18T11:33:58+01:00",
        "2021-03-18T23:34:38+01:00",
        "2021-04-02T17:59:17+02:00",
    ]
    # the source: "100 signatures reached", then "This campaign has ended"
    assert ru.select_one("section.cc-counter .cc-headline").get_text() == "не менее 100 подписей"
    # the source: "more than 100,000 signatures" handed over in Berlin
    home = BeautifulSoup(built_site.page("ru/"), "html.parser")
    assert home.select_one("section.cc-counter .cc-headline").get_text() == "более 100\u00a0000 подписей"
    assert home.select_one("section.cc-counter .cc-label").get_text().strip()
    assert "[[" not in ru.get_text()
    de = BeautifulSoup(built_site.page("de/open-letter/"), "html.parser")
    assert de.select_one("section.cc-counter .cc-number").get_text() == "131"
    # (Pelican drops a log message already seen in this process, so only
    # the absence of warnings can be asserted on a session-wide build)
    assert "WARNING campaign_counter" not in built_site.log

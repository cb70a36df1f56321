"""campaign_counter: view objects, the partials and marker replacement."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from pelican.plugins.campaign_counter import model, rendering
from pelican.plugins.campaign_counter.rendering import Marker, MarkerError
from tests.test_counter_support import LANGUAGES, ROOT, catalog, good_document

ENV = Environment(
    loader=FileSystemLoader(str(ROOT / "theme" / "templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
FEED = model.feed_from_document(good_document())
DRIVE, KOLESNIKOVA, LETTER = (FEED.get(i) for i in ("open-drive", "kolesnikova", "letter-sigs"))


def render(template, view, **extra):
    html = ENV.get_template(template).render(counter=view, SITEURL="", THEME_STATIC_DIR="theme", **extra)
    return html, BeautifulSoup(html, "html.parser")


def view_of(campaign, lang="en", **options):
    return rendering.build_view(campaign, lang, catalog(lang), **options)


# --- views and partials ----------------------------------------------------


@pytest.mark.parametrize(
    "lang,headline,progress",
    [
        ("de", "2.200 Unterschriften", "2.200 von 2.500 Unterschriften"),
        ("fr", "2\u202f200 signatures", "2\u202f200 sur 2\u202f500 signatures"),
        ("ru", "2\u00a0200 подписей", "2\u00a0200 из 2\u00a0500 подписей"),
        ("it", "2.200 firme", "2.200 su 2.500 firme"),
        ("en", "2,200 signatures", "2,200 of 2,500 signatures"),
    ],
)
def test_open_campaign_counter_in_every_language(lang, headline, progress):
    _, soup = render("partials/counter.html", view_of(DRIVE, lang))
    assert soup.select_one(".cc-headline").get_text() == headline
    bar = soup.find("progress")
    assert (bar["value"], bar["max"]) == ("2200", "2500")  # own goal 2,000 passed
    label = bar.find_parent("label")
    assert label.select_one(".cc-progress-text").get_text() == progress
    assert bar.get_text().strip().startswith("88")  # 88 % as fallback text
    assert soup.select_one(".cc-status") is None


def test_progress_is_a_labelled_native_progress_element():
    _, soup = render("partials/counter.html", view_of(DRIVE))
    bar = soup.find("progress")
    assert bar.find_parent("label") is not None  # accessible name = the sentence
    assert int(bar["value"]) <= int(bar["max"])


def test_ended_campaign_says_so_in_words_and_has_no_bar():
    _, soup = render("partials/counter.html", view_of(LETTER, "de"))
    assert soup.find("progress") is None
    assert soup.select_one(".cc-status").get_text().strip() == "Kampagne beendet am 8. Dezember 2022"
    assert soup.select_one(".cc-headline").get_text() == "131 Personen haben unterzeichnet"


def test_signatories_unit_uses_its_own_words_in_russian():
    _, soup = render("partials/counter.html", view_of(LETTER, "ru"))
    assert soup.select_one(".cc-headline").get_text() == "131 подписант"


def test_ended_without_date_says_campaign_ended():
    _, soup = render("partials/counter.html", view_of(KOLESNIKOVA, "it"))
    assert soup.select_one(".cc-status").get_text().strip() == "Campagna conclusa"


def test_number_is_marked_up_separately_for_styling():
    _, soup = render("partials/counter.html", view_of(DRIVE, "ru"))
    assert soup.select_one(".cc-number").get_text() == "2\u00a0200"


def test_below_min_count_there_is_no_counter_at_all():
    assert view_of(DRIVE, min_count=2201) is None
    assert view_of(DRIVE, min_count=2200) is not None
    html, _ = render("partials/counter.html", None)
    assert html.strip() == ""
    html, _ = render("partials/timeline.html", None)
    assert html.strip() == ""


def test_stale_counter_says_as_of_in_the_language_of_the_page():
    _, soup = render("partials/counter.html", view_of(DRIVE, "fr", stale=True))
    as_of = soup.select_one(".cc-as-of time")
    assert as_of.get_text() == "chiffres au 2 mai 2024"
    assert as_of["datetime"] == "2024-05-02T08:30:00+02:00"
    _, fresh = render("partials/counter.html", view_of(DRIVE, "fr"))
    assert fresh.select_one(".cc-as-of") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_lists_the_milestones_in_their_offsets(lang):
    _, soup = render("partials/timeline.html", view_of(KOLESNIKOVA, lang))
    times = soup.select("ol.cc-timeline li time")
    assert [t["datetime"] for t in times] == [
        "2021-03-18T10:17:41+01:00",
        "2021-03-18T11:33:58+01:00",
        "2021-03-18T23:34:38+01:00",
        "2021-04-02T17:59:17+02:00",
    ]
    evening = "11:34" if lang == "en" else "23:34"  # 12-hour clock in US English
    assert evening in times[2].get_text() and "(UTC+1)" in times[2].get_text()
    afternoon = "5:59" if lang == "en" else "17:59"
    assert afternoon in times[3].get_text() and "(UTC+2)" in times[3].get_text()
    assert "+0100" not in soup.get_text() and ":41" not in soup.get_text()  # no seconds, no raw offset


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_has_a_heading_that_labels_it(lang):
    _, soup = render("partials/timeline.html", view_of(KOLESNIKOVA, lang))
    section = soup.select_one("section.cc-timeline-section")
    heading = section.find("h2")
    assert heading.get_text().strip() and section["aria-labelledby"] == heading["id"]


def test_timeline_labels_in_russian():
    _, soup = render("partials/timeline.html", view_of(KOLESNIKOVA, "ru"))
    labels = [li.select_one(".cc-milestone-label").get_text() for li in soup.select("li")]
    assert labels == ["10 подписей собрано", "25 подписей собрано", "50 подписей собрано", "100 подписей собрано"]


def test_timeline_without_milestones_renders_nothing():
    html, _ = render("partials/timeline.html", view_of(LETTER))
    assert html.strip() == ""


def test_offline_sources_are_named_and_counted():
    _, soup = render("partials/counter.html", view_of(DRIVE, "de"))
    assert soup.select_one(".cc-offline-total").get_text() == "davon 10 offline gesammelt"
    assert [li.get_text() for li in soup.select(".cc-offline-sources li")] == ["paper lists: 10"]
    assert soup.select_one(".cc-offline-sources bdi").get_text() == "paper lists"


# --- hostile strings ---------------------------------------------------------

HOSTILE_SOURCES = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(2)" x="',
    "javascript:alert(3)",
    "</ul></section><img src=x onerror=alert(4)>",
    "{{ 7*7 }} {% raw %}",
    "&lt;b&gt;",
]


def hostile(sources):
    return dataclasses.replace(
        DRIVE, offline=tuple(model.OfflineSource(source=s, count=1) for s in sources)
    )


def test_hostile_source_names_are_escaped_text_never_markup():
    html, soup = render("partials/counter.html", view_of(hostile(HOSTILE_SOURCES)))
    assert soup.find("script") is None and soup.find("img") is None
    assert not any(tag.has_attr("onmouseover") for tag in soup.find_all(True))
    assert not any(tag.has_attr("href") for tag in soup.find_all(True))
    names = [bdi.get_text() for bdi in soup.select(".cc-offline-sources bdi")]
    assert names == HOSTILE_SOURCES  # shown literally, as text
    assert "<script>" not in html and "{{" in html and "49" not in html


def test_bidi_overrides_are_removed_and_names_isolated():
    name = "evil\u202egnp.exe\u2066iso\u2069 \u202atail\u202c"
    _, soup = render("partials/counter.html", view_of(hostile([name])))
    shown = soup.select_one(".cc-offline-sources bdi").get_text()
    assert shown == "evilgnp.exeiso tail"
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert char not in soup.decode()


def test_ten_kilobyte_source_name_is_cut_short():
    _, soup = render("partials/counter.html", view_of(hostile(["x" * 10_240])))
    shown = soup.select_one(".cc-offline-sources bdi").get_text()
    assert len(shown) == rendering.MAX_SOURCE_CHARS and shown.endswith("…")


def test_clean_text_removes_control_characters():
    assert rendering.clean_text("a\nb\tc\u0000d\u200be") == "a b c de"
    assert rendering.clean_text("\u202e") == ""


def test_live_refresh_data_attributes_are_escaped_and_complete():
    view = view_of(DRIVE, "ru", live_url='https://petition.example/feed.json?a=1&b="x"')
    html, soup = render("partials/counter.html", view)
    section = soup.select_one("section.cc-counter")
    assert section["data-cc-feed"] == 'https://petition.example/feed.json?a=1&b="x"'
    assert "&amp;" in html and "&#34;x&#34;" in html
    import json

    forms = json.loads(section["data-cc-count-forms"])
    assert forms == {"few": "{num} подписи", "many": "{num} подписей", "one": "{num} подпись"}
    assert section["data-cc-total"] == "2200" and section["data-cc-ladder"] == "100 250 500"
    script = soup.find("script")
    assert script["src"] == "/theme/js/counter-live.js" and not script.get_text().strip()


def test_no_script_and_no_feed_url_without_live_refresh():
    html, soup = render("partials/counter.html", view_of(DRIVE))
    assert soup.find("script") is None and "data-cc-feed" not in html


# --- markers ---------------------------------------------------------------


def _stub(marker, written):
    return f'<div class="stub">{marker.kind}:{marker.campaign_id}</div>'


@pytest.mark.parametrize(
    "html,expected",
    [
        ("<p>[[counter]]</p>", Marker("counter", None)),
        ("<p>[[timeline]]</p>", Marker("timeline", None)),
        ("<p> [[counter joint-100k]] </p>", Marker("counter", "joint-100k")),
        ("<p>[[timeline kolesnikova]]</p>", Marker("timeline", "kolesnikova")),
    ],
)
def test_markers_are_recognised(html, expected):
    assert rendering.find_markers(html, "x.md") == [(expected, html[3:-4].strip())]


def test_marker_paragraph_is_replaced_and_the_rest_kept():
    html = "<h2>Hi &amp; bye</h2>\n<p>[[timeline]]</p>\n<p>Text <em>é</em> &lt;ok&gt;</p><br>"
    out = rendering.replace_markers(html, "x.md", _stub)
    assert out == '<h2>Hi &amp; bye</h2>\n<div class="stub">timeline:None</div>\n<p>Text <em>é</em> &lt;ok&gt;</p><br>'


def test_marker_rendering_to_nothing_removes_the_paragraph():
    assert rendering.replace_markers("<p>a</p><p>[[counter]]</p>", "x.md", lambda m, w: "") == "<p>a</p>"


def test_markers_inside_code_are_left_alone():
    html = "<p>Write <code>[[counter]]</code> in a paragraph.</p><pre><code>[[timeline x]]\n</code></pre>"
    assert rendering.find_markers(html, "x.md") == []
    assert rendering.replace_markers(html, "x.md", _stub) == html


def test_marker_next_to_a_marker_in_code_replaces_only_the_real_one():
    html = "<p>Write <code>[[counter]]</code> alone.</p>\n<p>[[counter kolesnikova]]</p>"
    out = rendering.replace_markers(html, "x.md", _stub)
    assert out == '<p>Write <code>[[counter]]</code> alone.</p>\n<div class="stub">counter:kolesnikova</div>'


def test_rendered_snippets_are_not_scanned_for_markers_again():
    """A hostile feed string that looks like a marker must not break the build."""
    html = "<p>[[counter]]</p>"
    out = rendering.replace_markers(html, "x.md", lambda m, w: "<ul><li>[[counter evil</li></ul>")
    assert out == "<ul><li>[[counter evil</li></ul>"


def test_html_without_markers_is_returned_untouched():
    html = "<p>a<br/>b</p>"
    assert rendering.replace_markers(html, "x.md", _stub) is html


BAD_MARKERS = [
    ("<p>[[counter</p>", "malformed marker '[[counter'"),
    ("<p>[[counter: kolesnikova]]</p>", "malformed marker"),
    ("<p>[[Counter]]</p>", "malformed marker"),
    ("<p>[[ timeline ]]</p>", "malformed marker"),
    ("<p>[[counter Kolesnikova]]</p>", "malformed marker"),
    ("<p>[[counter a b]]</p>", "malformed marker"),
    ("<p>[[timelines]]</p>", "malformed marker"),
    ("<p>See [[counter]] here</p>", "must stand alone in its own paragraph"),
    ("<ul><li>[[counter]]</li></ul>", "must stand alone"),
    ("<p>[[counter]]\n[[timeline]]</p>", "must stand alone"),
]


@pytest.mark.parametrize("html,words", BAD_MARKERS)
def test_malformed_marker_is_an_error_naming_the_file(html, words):
    with pytest.raises(MarkerError) as caught:
        rendering.replace_markers(html, "content/de/pages/petition.md", _stub)
    message = str(caught.value)
    assert message.startswith("content/de/pages/petition.md: ")
    assert words in message and "\n" not in message

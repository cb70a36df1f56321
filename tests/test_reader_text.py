"""What readers read: no placeholder text, counters that say what they
count, a next step where a campaign has ended, share links that load
nothing, and the language rules the theme and content must keep.

The built-page checks run on whatever content/ holds (the session's
`built_site`); they discover pages from the build output and name no page
or language of this campaign. The catalog checks read translations/.
"""

from __future__ import annotations

import io
import pathlib
import re
from datetime import datetime

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from pelican.plugins.campaign_counter import formatting

ROOT = pathlib.Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
CATALOG_LANGS = sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())

PLACEHOLDERS = re.compile(r"example\.(?:org|com|net)|\bsample\b|\blorem\b|\bipsum\b|\btodo\b|\bxxx\b", re.I)


def site_catalog(lang: str):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as stream:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(stream, locale=lang))
    compiled.seek(0)
    return Translations(compiled)


def built_pages(site):
    """(relative path, parsed page) for every HTML page the build wrote."""
    for path in sorted(site.output_path.rglob("*.html")):
        yield path.relative_to(site.output_path).as_posix(), BeautifulSoup(path.read_text("utf-8"), "html.parser")


def placeholders_in(text: str) -> list[str]:
    """Placeholder words in a page's text and attribute values, with context."""
    found = []
    for match in PLACEHOLDERS.finditer(text):
        start = max(match.start() - 30, 0)
        found.append(" ".join(text[start:match.end() + 30].split()))
    return found


def readable_text(soup) -> str:
    """Text and every attribute value a reader or their software sees."""
    parts = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        for value in tag.attrs.values():
            parts.append(" ".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def outside_body_text(element) -> bool:
    """A counter the theme placed (front matter), not one an editor put in the text."""
    return element.find_parent("div", class_="text") is None


def lang_of(soup) -> str:
    return (soup.html.get("lang") or "").split("-")[0]


# --- placeholders ----------------------------------------------------------


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<p>Write to press@example.org</p>", 1),
        ('<a href="mailto:belarus@example.org">us</a>', 1),
        ("<li>paper lists (sample figure): 2,200</li>", 1),
        ("<p>Lorem ipsum dolor</p>", 2),
        ("<p>Signatures for this petition: 100</p>", 0),
    ],
)
def test_placeholder_scanner_finds_what_it_must(html, expected):
    assert len(placeholders_in(readable_text(BeautifulSoup(html, "html.parser")))) == expected


def test_built_pages_contain_no_placeholder_text(built_site):
    offenders = []
    for rel, soup in built_pages(built_site):
        offenders += [f"{rel}: …{hit}…" for hit in placeholders_in(readable_text(soup))]
    for path in [*built_site.output_path.rglob("*.atom"), *built_site.output_path.rglob("*.xml")]:
        text = path.read_text("utf-8")
        offenders += [f"{path.relative_to(built_site.output_path)}: …{hit}…" for hit in placeholders_in(text)]
    assert offenders == []


# --- counters and next steps ----------------------------------------------


def test_every_counter_says_what_it_counts(built_site):
    unlabelled = []
    for rel, soup in built_pages(built_site):
        for counter in soup.select("section.cc-counter"):
            if not outside_body_text(counter):
                continue
            label = counter.select_one(".cc-label")
            if label is None or not label.get_text(strip=True):
                unlabelled.append(rel)
    assert unlabelled == []


def test_every_page_of_an_ended_campaign_offers_a_next_step(built_site):
    seen, stranded = 0, []
    for rel, soup in built_pages(built_site):
        ended = [c for c in soup.select("section.cc-counter--ended") if outside_body_text(c)]
        if not ended:
            continue
        seen += 1
        steps = soup.select(".next-steps a[href]") + soup.select("a.cta[href]")
        if not steps:
            stranded.append(rel)
    assert stranded == []
    if seen == 0:
        pytest.skip("no page of this site shows an ended campaign")


def test_closed_campaigns_are_marked_on_the_home_page_cards(built_site):
    for rel, soup in built_pages(built_site):
        for card in soup.select(".card a"):
            target = built_site.output_path / card["href"].lstrip("/") / "index.html"
            if not target.is_file():
                continue
            page = BeautifulSoup(target.read_text("utf-8"), "html.parser")
            ended = any(outside_body_text(c) for c in page.select("section.cc-counter--ended"))
            assert (card.select_one(".card-status") is not None) == ended, f"{rel}: {card['href']}"


# --- share links -------------------------------------------------------------

ENV = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")), autoescape=True,
                  extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
ENV.install_null_translations(newstyle=True)


class Item:
    title = "Free all political prisoners & more"
    url = "en/petition/"


def test_share_links_are_plain_links_that_load_nothing():
    html = ENV.get_template("partials/share.html").render(item=Item(), SITEURL="https://campaign.test")
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert [h.split(":")[0] if h.startswith("mailto:") else h.split("?")[0] for h in hrefs] == [
        "mailto", "https://t.me/share/url", "https://wa.me/"]
    assert all("https%3A//campaign.test/en/petition/" in h or "https%3A%2F%2Fcampaign.test" in h for h in hrefs)
    assert soup.find(["img", "script", "iframe", "link", "object", "embed"]) is None
    assert soup.find("code").get_text() == "https://campaign.test/en/petition/"


def test_no_share_links_without_a_public_address():
    assert ENV.get_template("partials/share.html").render(item=Item(), SITEURL="").strip() == ""


# --- language: dates, cases, spelling ---------------------------------------

CONTEXT = "date on the 1st, 8th or 11th of a month"


@pytest.mark.parametrize("day, expected", [
    (8, "Campagna conclusa l’8 dicembre 2022"),
    (1, "Campagna conclusa l’1 dicembre 2022"),
    (11, "Campagna conclusa l’11 dicembre 2022"),
    (9, "Campagna conclusa il 9 dicembre 2022"),
])
def test_italian_article_is_elided_before_a_vowel_day(day, expected):
    if "it" not in CATALOG_LANGS:
        pytest.skip("no Italian catalog")
    ended = datetime(2022, 12, day, 12, 0)
    assert formatting.ended_phrase(site_catalog("it"), ended, "it") == expected


@pytest.mark.parametrize("lang", [code for code in CATALOG_LANGS])
def test_every_catalog_translates_the_day_specific_date_sentences(lang):
    translations = site_catalog(lang)
    for message in ("Campaign ended on %(date)s", "as of %(date)s"):
        plain = translations.gettext(message)
        assert plain != message
        assert translations.pgettext(CONTEXT, message) != message, f"{lang}: {message!r} with context"


@pytest.mark.parametrize("lang, n, expected", [
    ("be", 1, "1 подпіс"), ("be", 2, "2 подпісы"), ("be", 5, "5 подпісаў"), ("be", 21, "21 подпіс"),
    ("be", 12, "12 подпісаў"), ("ru", 100_000, "100\u00a0000 подписей"),
])
def test_east_slavic_signature_plurals_follow_cldr(lang, n, expected):
    if lang not in CATALOG_LANGS:
        pytest.skip(f"no {lang} catalog")
    assert formatting.count_phrase(site_catalog(lang), "signatures", n, lang) == expected


@pytest.mark.parametrize("lang, qualifier, expected", [
    ("en", "more_than", "more than 100,000 signatures"),
    ("ru", "more_than", "более 100\u00a0000 подписей"),
    ("be", "more_than", "больш за 100\u00a0000 подпісаў"),
    ("de", "at_least", "mindestens 100 Unterschriften"),
    ("it", "more_than", "oltre 100.000 firme"),
    ("fr", "more_than", "plus de 100\u202f000 signatures"),
])
def test_qualified_counts_say_more_than_or_at_least(lang, qualifier, expected):
    if lang != "en" and lang not in CATALOG_LANGS:
        pytest.skip(f"no {lang} catalog")
    n = 100 if qualifier == "at_least" else 100_000
    assert formatting.count_phrase(site_catalog(lang), "signatures", n, lang, qualifier) == expected


# Nominative adjective endings: "Кому: Белорусский режим" is wrong,
# "Кому: белорусскому режиму" / "Каму: беларускаму рэжыму" are right.
NOMINATIVE_ADJECTIVE = {"ru": re.compile(r"(?:ий|ый|ой|ая|ое|ые)$"), "be": re.compile(r"(?:кі|ы|ая|ае|ыя|ія)$")}


def test_russian_and_belarusian_addressees_are_in_the_dative(built_site):
    wrong = []
    for rel, soup in built_pages(built_site):
        rule = NOMINATIVE_ADJECTIVE.get(lang_of(soup))
        addressee = soup.select_one("p.addressee")
        if rule is None or addressee is None:
            continue
        label = addressee.find("strong")
        words = addressee.get_text(" ").replace(label.get_text(), "", 1).split() if label else []
        if words and rule.search(words[0].lower()):
            wrong.append(f"{rel}: {' '.join(words)}")
    assert wrong == []


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
US_DATE = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}")
US_TIME = re.compile(r"\b\d{1,2}:\d{2}\s?[AP]M\b")
US_SPELLING = re.compile(
    r"\b(?:organizations?|center|honor|favor|color|defense|labor|recognize[ds]?|program)\b", re.I)


@pytest.mark.parametrize("text, bad", [
    ("Campaign ended on December 8, 2022", True), ("10:17 AM (UTC+1)", True),
    ("human rights organization", True), ("Campaign ended on 8 December 2022", False),
    ("a human rights organisation; 10:17 (UTC+1)", False),
])
def test_british_english_rule_catches_american_forms(text, bad):
    assert bool(US_DATE.search(text) or US_TIME.search(text) or US_SPELLING.search(text)) == bad


def test_english_pages_are_consistently_british(built_site):
    american = []
    for rel, soup in built_pages(built_site):
        if lang_of(soup) != "en":
            continue
        text = soup.main.get_text(" ") if soup.main else soup.get_text(" ")
        for rule in (US_DATE, US_TIME, US_SPELLING):
            american += [f"{rel}: {m.group(0)}" for m in rule.finditer(text)]
    assert american == []


def test_milestone_times_are_to_the_minute_with_a_utc_offset(built_site):
    raw = []
    for rel, soup in built_pages(built_site):
        for when in soup.select("time.cc-milestone-time"):
            text = when.get_text()
            if re.search(r"[+-]\d{4}\b|\d:\d{2}:\d{2}", text) or "(UTC" not in text:
                raw.append(f"{rel}: {text}")
        for timeline in soup.select("ol.cc-timeline"):
            section = timeline.find_parent("section")
            assert section is not None and section.find(["h2", "h3"]), f"{rel}: timeline without heading"
    assert raw == []

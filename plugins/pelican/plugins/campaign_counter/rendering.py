"""What readers see: per-language view objects for the templates, and the
``[[counter]]`` / ``[[timeline]]`` markers replaced in rendered HTML.

Feed values only ever reach HTML through Jinja autoescaping (the partials
``partials/counter.html`` and ``partials/timeline.html``) or BeautifulSoup
element construction; free text from the feed is cleaned of control and
bidi override characters, cut to a sane length and isolated with <bdi>.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

from pelican.plugins.sanitize.text import clean_text

from . import formatting
from .ladder import goal_after, goals
from .model import Campaign

COUNTER_TEMPLATE = "partials/counter.html"
TIMELINE_TEMPLATE = "partials/timeline.html"

MAX_SOURCE_CHARS = 80

MARKER_PREFIX = re.compile(r"\[\[\s*(?:counter|timeline)", re.IGNORECASE)
MARKER = re.compile(
    r"^\[\[(counter|timeline)(?: ([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?))?\]\]$"
)
INLINE_MARKER = re.compile(r"\[\[(?:counter|timeline)(?: [a-z0-9-]+)?\]\]")
# Inline counts inside a sentence: [[count ID]] (the number) and
# [[count ID unit]] (the number with its unit, "36,517 people").
COUNT_PREFIX = re.compile(r"\[\[\s*count\b", re.IGNORECASE)
COUNT = re.compile(r"\[\[count ([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)( unit)?\]\]")
CAMPAIGN_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_SKIP_PARENTS = {"code", "pre", "script", "style", "textarea"}
# What Python-Markdown makes of a well-formed marker on its own line.
_MARKER_PARAGRAPH = re.compile(
    r"<p>(\[\[(?:counter|timeline)(?: [a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)?\]\])</p>"
)
# Escapes &, < and > in text (and quotes in attributes); <br> stays <br>.
_FORMATTER = HTMLFormatter(
    entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix=None
)


class MarkerError(ValueError):
    """A marker or a Campaign: field that cannot be honoured (one line)."""


# --- views -----------------------------------------------------------------


@dataclass(frozen=True)
class ProgressView:
    value: int
    max: int
    text: str  # "112 of 250 signatures": the text equivalent of the bar
    percent_text: str  # "45 %": fallback content of <progress>


@dataclass(frozen=True)
class SourceView:
    name: str
    count_text: str


@dataclass(frozen=True)
class MilestoneView:
    count: int
    label: str
    when_text: str
    when_iso: str


@dataclass(frozen=True)
class LiveView:
    feed_url: str
    goals: str  # every goal the campaign can show, ascending: "2000 2500 5000 …" (ladder.goals)
    min_count: int
    count_templates: tuple[tuple[str, str], ...]  # (CLDR category, "{num} …")
    progress_templates: tuple[tuple[str, str], ...]

    @property
    def count_templates_json(self) -> str:
        return json.dumps(dict(self.count_templates), ensure_ascii=False)

    @property
    def progress_templates_json(self) -> str:
        return json.dumps(dict(self.progress_templates), ensure_ascii=False)


@dataclass(frozen=True)
class CounterView:
    """Everything the partials show for one campaign in one language."""

    campaign_id: str
    lang: str
    unit: str
    total: int
    total_text: str
    headline: str  # "100.412 Unterschriften"
    headline_before: str  # the headline around the number, so that the
    headline_after: str  # number can be styled on its own
    ended: bool
    status_text: str
    stale: bool
    as_of_text: str
    as_of_iso: str
    progress: ProgressView | None
    offline_text: str
    offline: tuple[SourceView, ...]
    milestones: tuple[MilestoneView, ...]
    timeline_label: str
    live: LiveView | None = None


def _split_headline(translations, unit, total, lang, qualifier="exact"):
    token = "\u0000"
    template, _ = formatting._count_template(translations, unit, total, qualifier)
    try:
        marked = template % {"num": token}
    except (KeyError, ValueError, TypeError):
        marked = ""
    if marked.count(token) != 1:
        return "", formatting.count_phrase(translations, unit, total, lang, qualifier), ""
    before, after = marked.split(token)
    return before, formatting.format_number(total, lang), after


def goal_for(campaign: Campaign, mode, ladder) -> int | None:
    """The goal shown for an open campaign, or None for no progress bar.

    ``mode`` "feed": the feed's goal while it is not reached; "ladder": the
    feed's goal, then the next ladder step; "none"; or a number from the
    settings (shown while not reached).
    """
    return goal_after(campaign.total, goals(mode, campaign.goal, ladder))


def build_view(
    campaign: Campaign,
    lang: str,
    translations,
    *,
    stale: bool = False,
    min_count: int = 0,
    ladder=(100, 250, 500),
    live_url: str | None = None,
    locale: str | None = None,
    unit=None,
    goal_mode="ladder",
) -> CounterView | None:
    """The view of ``campaign`` in ``lang``; None below ``min_count``.
    ``locale`` formats dates and numbers when it differs from ``lang``
    (``en_GB`` for ``en``); ``unit`` is the site's Unit for the campaign
    (default: the built-in unit the feed names); ``goal_mode`` see
    :func:`goal_for`."""
    lang_code, lang = lang, locale or lang
    total = campaign.total
    if total < min_count:
        return None
    unit = unit or campaign.unit
    progress = None
    goal = None if campaign.ended else goal_for(campaign, goal_mode, ladder)
    if goal is not None:
        progress = ProgressView(
            value=total,
            max=goal,
            text=formatting.progress_phrase(translations, unit, total, goal, lang),
            percent_text=formatting.format_ratio(total / goal, lang),
        )
    qualifier = campaign.count_qualifier
    before, number, after = _split_headline(translations, unit, total, lang, qualifier)
    live = None
    # an ended count does not move; a qualified one ("more than …") is not a live figure
    if live_url and not campaign.ended and qualifier == "exact":
        live = LiveView(
            feed_url=live_url,
            goals=" ".join(str(g) for g in goals(goal_mode, campaign.goal, ladder)),
            min_count=min_count,
            count_templates=tuple(
                sorted(formatting.plural_templates(translations, unit, lang).items())
            ),
            progress_templates=tuple(
                sorted(formatting.progress_templates(translations, unit, lang).items())
            ),
        )
    return CounterView(
        campaign_id=campaign.id,
        lang=lang_code,
        unit=getattr(unit, "name", unit),
        total=total,
        total_text=formatting.format_number(total, lang),
        headline=formatting.count_phrase(translations, unit, total, lang, qualifier),
        headline_before=before if number else "",
        headline_after=after,
        ended=campaign.ended,
        status_text=(
            formatting.ended_phrase(translations, campaign.ended_at, lang)
            if campaign.ended
            else ""
        ),
        stale=stale,
        as_of_text=formatting.as_of_phrase(translations, campaign.count_at, lang) if stale else "",
        as_of_iso=campaign.count_at.isoformat() if stale else "",
        progress=progress,
        offline_text=(
            formatting.offline_phrase(translations, campaign.offline_count, lang)
            if campaign.offline
            else ""
        ),
        offline=tuple(
            SourceView(
                name=clean_text(source.source, MAX_SOURCE_CHARS) or "?",
                count_text=formatting.format_number(source.count, lang),
            )
            for source in campaign.offline
        ),
        milestones=tuple(
            MilestoneView(
                count=milestone.count,
                label=formatting.milestone_phrase(translations, unit, milestone.count, lang),
                when_text=formatting.format_moment(milestone.reached_at, lang),
                when_iso=milestone.reached_at.isoformat(),
            )
            for milestone in campaign.milestones
        ),
        timeline_label=formatting.timeline_label(translations),
        live=live,
    )


# --- markers ---------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    kind: str  # "counter" or "timeline"
    campaign_id: str | None  # None: the page's own Campaign


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _marker_texts(soup):
    for text in soup.find_all(string=MARKER_PREFIX):
        if isinstance(text, Comment):
            continue
        if any(parent.name in _SKIP_PARENTS for parent in text.parents):
            continue
        yield text


def find_markers(html: str, where: str) -> list[tuple[Marker, str]]:
    """The markers of ``html`` as (marker, text); MarkerError if malformed."""
    if not MARKER_PREFIX.search(html):
        return []
    found = []
    for text in _marker_texts(BeautifulSoup(html, "html.parser")):
        marker, written = _parse_marker(text, where)
        found.append((marker, written))
    return found


def _parse_marker(text: NavigableString, where: str) -> tuple[Marker, str]:
    paragraph = text.parent
    written = paragraph.get_text().strip() if paragraph is not None else str(text).strip()
    match = MARKER.match(written) if paragraph is not None and paragraph.name == "p" else None
    if match is None:
        inline = INLINE_MARKER.search(written)
        if inline:
            raise MarkerError(
                f"{where}: marker {inline.group(0)} must stand alone in its own "
                f"paragraph (blank lines before and after), found in {_snippet(written)!r}"
            )
        raise MarkerError(
            f"{where}: malformed marker {_snippet(written)!r}: write [[counter]], "
            "[[timeline]], [[counter CAMPAIGN_ID]] or [[timeline CAMPAIGN_ID]] alone "
            "in a paragraph"
        )
    return Marker(kind=match.group(1), campaign_id=match.group(2)), written


def replace_markers(html: str, where: str, render: Callable[[Marker, str], str]) -> str:
    """Replace each marker paragraph with ``render(marker, written)``'s HTML
    (nothing for an empty string). ``render`` may raise MarkerError."""
    if not MARKER_PREFIX.search(html):
        return html
    # Fast path: when every "[[counter"/"[[timeline" in the page is a
    # well-formed marker paragraph exactly as Markdown writes it, there is
    # nothing for the parser to decide (no code block, no inline use, no
    # malformed marker); parsing the whole page was a fifth of a warm build.
    # Anything else goes through Beautiful Soup below.
    paragraphs = _MARKER_PARAGRAPH.findall(html)
    if len(paragraphs) == len(MARKER_PREFIX.findall(html)):

        def substitute(match: re.Match) -> str:
            written = match.group(1)
            kind, campaign_id = MARKER.match(written).groups()
            return render(Marker(kind=kind, campaign_id=campaign_id), written)

        return _MARKER_PARAGRAPH.sub(substitute, html)
    soup = BeautifulSoup(html, "html.parser")
    for text in list(_marker_texts(soup)):
        marker, written = _parse_marker(text, where)
        paragraph = text.parent
        fragment = BeautifulSoup(render(marker, written), "html.parser")
        nodes = list(fragment.contents)
        if any(str(node).strip() for node in nodes):
            paragraph.replace_with(*[node.extract() for node in nodes])
        else:
            paragraph.decompose()
    return soup.decode(formatter=_FORMATTER)


# --- inline counts ---------------------------------------------------------


def replace_counts(html: str, where: str, render: Callable[[str, bool], str]) -> str:
    """Replace each ``[[count ID]]`` / ``[[count ID unit]]`` in the text of
    ``html`` (not in code) with ``render(campaign_id, with_unit)``, a plain
    string that is escaped here. MarkerError for a malformed one."""
    if not COUNT_PREFIX.search(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for text in list(soup.find_all(string=COUNT_PREFIX)):
        if isinstance(text, Comment) or any(parent.name in _SKIP_PARENTS for parent in text.parents):
            continue
        value = str(text)
        if len(COUNT_PREFIX.findall(value)) != len(COUNT.findall(value)):
            bad = value[COUNT_PREFIX.search(COUNT.sub("", value)).start():] if COUNT.search(value) else value
            raise MarkerError(
                f"{where}: malformed count {_snippet(bad[bad.find('[['):])!r}: write [[count CAMPAIGN_ID]] "
                "for the number or [[count CAMPAIGN_ID unit]] for the number with its unit"
            )
        text.replace_with(NavigableString(COUNT.sub(lambda m: render(m.group(1), bool(m.group(2))), value)))
    return soup.decode(formatter=_FORMATTER)

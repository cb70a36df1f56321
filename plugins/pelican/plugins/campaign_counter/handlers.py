"""Signal handlers: the plugin's work, once per build.

``all_generators_finalized`` fires once per ``Pelican.run()``, after every
article, page and translation exists and before anything is written. The
build's data is loaded there, once, and kept in that run's context dict
(created anew by every run, so an autoreloading preview never reuses the
previous build's data); then every content object gets its
``campaign_counter`` view and its markers replaced.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pelican.plugins.site_config.config import ConfigError, site_config

from . import loading, rendering
from .i18n import locale_for, translations_for

logger = logging.getLogger(__name__)

STATE_KEY = "_campaign_counter_state"
# This run's state, also kept in the run's settings dict (one per Pelican
# instance) so that ``finalized`` can promote the feed it built with.
PROMOTE_KEY = "_campaign_counter_built_with"
_CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


class CampaignCounterError(RuntimeError):
    """Stops the build; the message is one line naming the file or cause."""


@dataclass(frozen=True)
class BuildState:
    config: object
    result: loading.LoadResult
    live_url: str | None
    # Campaigns the content uses that the new feed dropped (shown from the
    # last good copy); a feed that dropped one is not kept as last good.
    dropped: set = field(default_factory=set)
    # The data is older than max_age_hours: figures are shown "as of" their date.
    aged: bool = False
    # open campaigns whose count is older than count_max_age_hours: shown
    # with their "as of" date
    old_counts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ActionView:
    """The campaign's call to action on a page: the sign form while open."""

    sign_url: str  # "" when the campaign has ended or sets no form
    ended: bool


def old_counts(config, result: loading.LoadResult, now: datetime | None = None) -> frozenset[str]:
    """Open campaigns whose count was taken more than count_max_age_hours
    ago; strict mode with stale_counts "error" stops the build instead."""
    if config.count_max_age_hours is None or result.feed is None:
        return frozenset()
    now = now or datetime.now(UTC)
    limit = timedelta(hours=config.count_max_age_hours)
    old = [c for c in result.feed.campaigns if not c.ended and now - c.count_at > limit]
    if old and config.strict and config.stale_counts == "error":
        first = old[0]
        raise CampaignCounterError(
            f"campaign_counter: strict mode: the count of campaign {first.id} was taken "
            f"{first.count_at.isoformat(timespec='minutes')}, more than {config.count_max_age_hours:g} "
            "hours ago (count_max_age_hours); update the feed or set stale_counts to 'as_of'"
        )
    for campaign in old:
        logger.warning(
            "campaign_counter: the count of campaign %s is from %s; pages show it with its date",
            campaign.id, campaign.count_at.isoformat(timespec="minutes"),
        )
    return frozenset(c.id for c in old)


def build_state(settings) -> BuildState:
    """Load this build's data (the one fetch) and apply strict mode."""
    try:
        config = site_config(settings).counter
    except ConfigError as exc:
        raise CampaignCounterError(str(exc)) from None
    result = loading.load(config)
    try:
        loading.check_strict(config, result)
    except loading.StrictModeError as exc:
        raise CampaignCounterError(str(exc)) from None
    live_url = None
    if config.live_refresh and config.adapter is not None:
        logger.warning(
            "campaign_counter: live_refresh is on but the feed is read through an adapter; "
            "the browser script reads only this project's feed format, so the pages get no live refresh"
        )
    elif config.live_refresh:
        # the public live_url (site_config refuses live_refresh without it),
        # never the feed URL, which may carry a token
        live_url = config.live_url
    aged = loading.data_too_old(config, result)
    if aged:
        logger.info(
            "campaign_counter: the feed's data is older than %g hours; figures are shown "
            "with their date", config.max_age_hours,
        )
    return BuildState(config=config, result=result, live_url=live_url, aged=aged,
                      old_counts=old_counts(config, result))


def _contents(generators):
    seen = set()
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if id(content) not in seen:
                    seen.add(id(content))
                    yield content


def _display_path(content) -> str:
    path = getattr(content, "source_path", None) or repr(content)
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return path if relative.startswith("..") else relative


def _forget_memoized(contents) -> None:
    """Pelican memoizes get_content/get_summary in one dict per method, keyed by (object, …):
    drop the entries of these objects, in one pass over each dict."""
    targets = {id(content) for content in contents}
    caches = {}
    for content in contents:
        for method in ("get_content", "get_summary"):
            cache = getattr(getattr(content, method, None), "cache", None)
            if isinstance(cache, dict):
                caches[id(cache)] = cache
    for cache in caches.values():
        for key in [key for key in cache if key and isinstance(key, tuple) and id(key[0]) in targets]:
            del cache[key]


class _Page:
    """Views of one content object, made on demand."""

    def __init__(self, content, state: BuildState, settings):
        self.content = content
        self.state = state
        self.settings = settings
        self.where = _display_path(content)
        self.lang = getattr(content, "lang", None) or settings.get("DEFAULT_LANG", "en")
        raw = getattr(content, "campaign", None)
        self.campaign_id = str(raw).strip() if raw is not None else None
        if self.campaign_id is not None and not rendering.CAMPAIGN_ID.match(self.campaign_id):
            raise CampaignCounterError(
                f"{self.where}: malformed campaign id {self.campaign_id[:60]!r} in the "
                "Campaign: front matter (lower-case letters, digits and hyphens)"
            )
        self._translations = None
        self._locale = self.lang

    def view(self, campaign_id: str, context: str, min_count: int | None = None):
        result = self.state.result
        if result.feed is None:
            return None  # no data at all: already warned, show nothing
        campaign = result.feed.get(campaign_id)
        stale = result.stale or self.state.aged
        if campaign is None and result.previous is not None and result.previous.get(campaign_id):
            # the feed dropped a campaign it had: a feed problem, not the editor's
            campaign, stale = result.previous.get(campaign_id), True
            if campaign_id not in self.state.dropped:
                self.state.dropped.add(campaign_id)
                logger.warning(
                    "campaign_counter: the feed no longer has campaign %s, which %s uses; "
                    "showing its last good figures and not keeping this feed as the last good copy",
                    campaign_id, self.where,
                )
        if campaign is None:
            message = (
                f"{self.where}: unknown campaign id \"{campaign_id}\" in {context}; "
                f"the feed has: {', '.join(result.feed.ids) or 'no campaigns'}"
            )
            if result.stale:  # a cached copy may predate a new campaign
                logger.warning("campaign_counter: %s (using an old cached feed)", message)
                return None
            raise CampaignCounterError(message)
        if self._translations is None:
            self._translations = translations_for(self.settings, self.lang)
            self._locale = locale_for(self.settings, self.lang)
        config = self.state.config
        unit_name = config.campaign(campaign_id).unit or campaign.unit
        unit = config.unit(unit_name)
        if unit is None:
            raise CampaignCounterError(
                f"{self.where}: campaign {campaign_id} counts {unit_name!r}, a unit the site does not "
                f"know; add it to CAMPAIGN_COUNTER['units'] (known: {', '.join(dict(config.units))})"
            )
        return rendering.build_view(
            campaign,
            self.lang,
            self._translations,
            stale=stale or campaign_id in result.suspect or campaign_id in self.state.old_counts,
            min_count=config.min_count if min_count is None else min_count,
            ladder=config.goal_ladder,
            live_url=self.state.live_url,
            locale=self._locale,
            unit=unit,
            goal_mode=config.goal_mode(campaign_id),
        )

    def count_text(self, campaign_id: str, with_unit: bool) -> str:
        """An inline count: the localized total, with its unit if asked."""
        written = f"[[count {campaign_id}{' unit' if with_unit else ''}]]"
        if self.state.result.feed is None:
            if self.state.config.strict:
                raise CampaignCounterError(f"{self.where}: {written}: no feed data to count with")
            logger.warning("campaign_counter: %s: %s: no feed data, the count is left out", self.where, written)
            return "…"
        # a sentence needs its number even below min_count
        view = self.view(campaign_id, f"count {written}", min_count=0)
        if view is None:
            return "…"
        return view.headline if with_unit else view.total_text

    def action(self) -> ActionView | None:
        """The sign form of the page's campaign in this language, while open."""
        if self.campaign_id is None:
            return None
        url = self.state.config.campaign(self.campaign_id).sign_url_for(self.lang)
        feed = self.state.result.feed
        campaign = feed.get(self.campaign_id) if feed is not None else None
        ended = bool(campaign and campaign.ended)
        if not url and not ended:
            return None
        return ActionView(sign_url="" if ended else url, ended=ended)


def _render_marker(page: _Page, env, context):
    def render(marker: rendering.Marker, written: str) -> str:
        campaign_id = marker.campaign_id or page.campaign_id
        if campaign_id is None:
            raise CampaignCounterError(
                f"{page.where}: marker {written} names no campaign and the page has no "
                f"Campaign: in its front matter; write [[{marker.kind} CAMPAIGN_ID]]"
            )
        view = page.view(campaign_id, f"marker {written}")
        template = rendering.COUNTER_TEMPLATE if marker.kind == "counter" else rendering.TIMELINE_TEMPLATE
        return env.get_template(template).render(
            {
                "counter": view,
                "lang": page.lang,
                "SITEURL": context.get("localsiteurl", context.get("SITEURL", "")),
                "THEME_STATIC_DIR": context.get("THEME_STATIC_DIR", "theme"),
                "DEFAULT_LANG": context.get("DEFAULT_LANG", "en"),
            }
        )

    return render


def apply_to_content(content, state: BuildState, env, settings, context) -> bool:
    """Give ``content`` its ``campaign_counter`` view and replace its markers; True when its
    text changed (its memoized HTML must then be forgotten)."""
    page = _Page(content, state, settings)
    content.campaign_counter = (
        page.view(page.campaign_id, "the Campaign: front matter") if page.campaign_id else None
    )
    content.campaign_action = page.action()
    html = getattr(content, "_content", None)
    if not html or not (rendering.MARKER_PREFIX.search(html) or rendering.COUNT_PREFIX.search(html)):
        return False
    try:
        if rendering.MARKER_PREFIX.search(html):
            if env is None:
                raise CampaignCounterError(f"{page.where}: no theme templates to render the marker with")
            html = rendering.replace_markers(html, page.where, _render_marker(page, env, context))
        content._content = rendering.replace_counts(html, page.where, page.count_text)
    except rendering.MarkerError as exc:
        raise CampaignCounterError(str(exc)) from None
    return True


def on_all_generators_finalized(generators) -> None:
    """Once per build: load the data, then update every content object."""
    generators = list(generators)
    holder = next((g for g in generators if hasattr(g, "context")), None)
    if holder is None:
        return
    context, settings = holder.context, holder.settings
    state = context.get(STATE_KEY)
    if not isinstance(state, BuildState):  # not loaded yet in this run
        state = build_state(settings)
        context[STATE_KEY] = state
        settings[PROMOTE_KEY] = state
    env = next((g.env for g in generators if getattr(g, "env", None) is not None), None)
    changed = [content for content in _contents(generators)
               if apply_to_content(content, state, env, settings, context)]
    _forget_memoized(changed)


def on_finalized(pelican) -> None:
    """The build succeeded: its feed becomes the last good copy."""
    state = pelican.settings.pop(PROMOTE_KEY, None)
    if not isinstance(state, BuildState) or state.dropped:
        return
    if loading.promote(state.config, state.result):
        logger.info("campaign_counter: feed kept as the last good copy in %s", state.config.cache_path)

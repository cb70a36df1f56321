"""The one configuration object: built once per run, validated in one place.

``SiteConfig`` gathers everything the plugins, templates, tools, tests and
the bench need from pelicanconf.py / publishconf.py:

- ``LANGUAGES`` (tags, in switcher order), ``DEFAULT_LANG`` and the optional
  ``LANGUAGE_OPTIONS`` (``{"zh-hk": {"name": "繁體中文（香港）"}}``;
  keys ``name``, ``direction`` and ``locale``, the CLDR locale for dates
  and numbers, e.g. ``{"en": {"locale": "en_GB"}}``), as :class:`Language`
  objects;
- the URL patterns of the pages the site generates itself (news index,
  Atom feed, 404, language home), ``*_URL`` / ``*_SAVE_AS`` settings like
  Pelican's own, with ``{lang}`` standing for the language tag;
- the ``MULTILANG`` and ``CAMPAIGN_COUNTER`` plugin settings;
- ``CONTENT_SECURITY_POLICY``, the origins a campaign allows (csp.py);
- ``TEMPLATE_CACHE_PATH``, the folder compiled templates are kept in between
  builds (absent: ``templates`` in ``CACHE_PATH`` when ``CACHE_CONTENT`` is
  on; "": compiled anew every build; multilang/template_cache.py).

It is attached to the settings as ``SITE_CONFIG`` when Pelican starts
(signal ``initialized``), so templates read ``SITE_CONFIG`` and plugins call
:func:`site_config`. Nothing here reads the environment: pelicanconf.py and
publishconf.py do that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from urllib.parse import urlsplit

from . import csp
from .counter import CounterSettings, SettingsError, from_pelican_settings
from .languages import Language, language
from .multilang import MultilangConfigError, MultilangSettings
from .sanitize import SanitizeSettings, SanitizeSettingsError

SETTINGS_KEY = "SITE_CONFIG"
LANGUAGE_OPTION_KEYS = ("name", "direction", "locale")


class ConfigError(ValueError):
    """A setting that makes a correct build impossible; the message names it."""


@dataclass(frozen=True)
class UrlPatterns:
    """Where the generated pages live; ``{lang}`` is the language tag."""

    home_url: str = "{lang}/"
    home_save_as: str = "{lang}/index.html"
    news_index_url: str = "{lang}/news/"
    news_index_save_as: str = "{lang}/news/index.html"
    news_feed_url: str = "{lang}/feed.atom"
    news_feed_save_as: str = "{lang}/feed.atom"
    not_found_url: str = "{lang}/404.html"
    not_found_save_as: str = "{lang}/404.html"

    def home(self, lang: str) -> str:
        return self.home_url.format(lang=lang)

    def news_index(self, lang: str) -> str:
        return self.news_index_url.format(lang=lang)

    def news_feed(self, lang: str) -> str:
        return self.news_feed_url.format(lang=lang)

    def not_found(self, lang: str) -> str:
        return self.not_found_url.format(lang=lang)

    @classmethod
    def from_settings(cls, settings: dict) -> UrlPatterns:
        values = {}
        for f in fields(cls):
            key = f.name.upper()
            value = settings.get(key, f.default)
            if not isinstance(value, str) or "{lang}" not in value:
                raise ConfigError(f"site_config: {key} must be a path containing {{lang}}, not {value!r}")
            try:
                value.format(lang="xx")
            except (KeyError, IndexError, ValueError):
                raise ConfigError(f"site_config: {key} may use only {{lang}}: {value!r}") from None
            values[f.name] = value
        return cls(**values)


@dataclass(frozen=True)
class IncrementalSettings:
    """``INCREMENTAL = {"enabled": True, "previous_output": ""}``: pages whose
    inputs did not change are copied from ``previous_output`` (default: the
    output directory itself) instead of rendered again."""

    enabled: bool = True
    previous_output: str = ""

    @classmethod
    def from_settings(cls, settings: dict) -> IncrementalSettings:
        raw = settings.get("INCREMENTAL") or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"incremental: INCREMENTAL must be a dict, not {raw!r}")
        unknown = sorted(set(raw) - {"enabled", "previous_output"})
        if unknown:
            raise ConfigError(f"incremental: INCREMENTAL has unknown key(s) {unknown}; known: enabled, previous_output")
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"incremental: INCREMENTAL['enabled'] must be true or false, not {enabled!r}")
        previous = raw.get("previous_output") or ""
        if not isinstance(previous, str):
            raise ConfigError(f"incremental: INCREMENTAL['previous_output'] must be a path, not {previous!r}")
        return cls(enabled=enabled, previous_output=previous)


@dataclass(frozen=True)
class ParallelSettings:
    """``PARALLEL = {"jobs": 0, "min_files": 64}``: Markdown is parsed by
    ``jobs`` worker processes (0: one per core; 1: none) when at least
    ``min_files`` sources are not in the content cache."""

    jobs: int = 0
    min_files: int = 64

    @classmethod
    def from_settings(cls, settings: dict) -> ParallelSettings:
        raw = settings.get("PARALLEL") or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"parallel: PARALLEL must be a dict, not {raw!r}")
        unknown = sorted(set(raw) - {"jobs", "min_files"})
        if unknown:
            raise ConfigError(f"parallel: PARALLEL has unknown key(s) {unknown}; known: jobs, min_files")
        values = {}
        for key in ("jobs", "min_files"):
            if key in raw:
                value = raw[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ConfigError(f"parallel: PARALLEL[{key!r}] must be a whole number ≥ 0, not {value!r}")
                values[key] = value
        return cls(**values)


@dataclass(frozen=True)
class SiteConfig:
    languages: tuple[Language, ...]
    default_lang: str
    urls: UrlPatterns
    multilang: MultilangSettings
    counter: CounterSettings
    incremental: IncrementalSettings = field(default_factory=IncrementalSettings)
    sanitize: SanitizeSettings = field(default_factory=SanitizeSettings)
    parallel: ParallelSettings = field(default_factory=ParallelSettings)
    csp: csp.ContentSecurityPolicy = field(default_factory=csp.ContentSecurityPolicy)
    # where compiled templates are kept between builds (None: beside the content cache; "": nowhere)
    template_cache: str | None = None
    # The host the readers' browsers read live counts from when it is not
    # this site's own ("" without live refresh): the footer says so instead
    # of promising that nothing is loaded from other websites.
    live_host: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def template_cache_path(self, settings: dict) -> str:
        """The folder for compiled templates this build ("" for none); read when generators start,
        after cache_guard has chosen the content cache's folder."""
        if self.template_cache is not None:
            return self.template_cache
        if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
            return os.path.join(settings["CACHE_PATH"], "templates")
        return ""

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(f"site_config: {code!r} is not one of LANGUAGES {list(self.codes)}")


def _languages(settings: dict) -> tuple[Language, ...]:
    codes = settings.get("LANGUAGES") or (settings.get("DEFAULT_LANG"),)
    options = settings.get("LANGUAGE_OPTIONS") or {}
    if not isinstance(options, dict):
        raise ConfigError("site_config: LANGUAGE_OPTIONS must be a dict of language tag → options")
    stray = sorted(set(options) - set(codes))
    if stray:
        raise ConfigError(f"site_config: LANGUAGE_OPTIONS names {stray}, which are not in LANGUAGES")
    result = []
    for code in codes:
        opts = options.get(code) or {}
        unknown = sorted(set(opts) - set(LANGUAGE_OPTION_KEYS))
        if unknown:
            raise ConfigError(
                f"site_config: LANGUAGE_OPTIONS[{code!r}] has unknown key(s) {unknown}; "
                f"known: {list(LANGUAGE_OPTION_KEYS)}"
            )
        try:
            result.append(language(code, opts.get("name"), opts.get("direction"), opts.get("locale")))
        except ValueError as exc:
            raise ConfigError(f"site_config: LANGUAGES: {exc}") from None
    return tuple(result)


def build_config(settings: dict) -> SiteConfig:
    """Read and validate every setting the site's code uses; ConfigError names the one that is wrong."""
    languages = _languages(settings)
    try:
        multilang = MultilangSettings.from_pelican(settings)
    except MultilangConfigError as exc:
        raise ConfigError(str(exc)) from None
    try:
        sanitize = SanitizeSettings.from_settings(settings)
    except SanitizeSettingsError as exc:
        raise ConfigError(f"sanitize: {exc}") from None
    try:
        counter = from_pelican_settings(settings)
    except SettingsError as exc:
        raise ConfigError(f"campaign_counter: {exc}") from None
    # the live refresh reads the public live_url (never the feed URL) from
    # the browser: its origin joins connect-src
    live = counter.live_url if counter.live_refresh and counter.adapter is None else None
    live_host = ""
    if live and csp.origin_of(live) != csp.origin_of(settings.get("SITEURL") or ""):
        live_host = urlsplit(live).netloc.lower()
    try:
        # trusted embeds (SANITIZE["embed_origins"]) may be framed and play media
        policy = csp.from_settings(settings, live, embed_origins=sorted(sanitize.embed_origins))
    except csp.CspError as exc:
        raise ConfigError(str(exc)) from None
    template_cache = settings.get("TEMPLATE_CACHE_PATH")
    if template_cache is not None and not isinstance(template_cache, str):
        raise ConfigError(f"site_config: TEMPLATE_CACHE_PATH must be a folder path or \"\", not {template_cache!r}")
    return SiteConfig(
        template_cache=template_cache,
        languages=languages,
        default_lang=multilang.default_lang,
        urls=UrlPatterns.from_settings(settings),
        multilang=multilang,
        counter=counter,
        incremental=IncrementalSettings.from_settings(settings),
        sanitize=sanitize,
        parallel=ParallelSettings.from_settings(settings),
        csp=policy,
        live_host=live_host,
    )


def site_config(settings: dict) -> SiteConfig:
    """The run's configuration: the one attached at start-up, else built now
    (tools and tests that read settings without running Pelican)."""
    config = settings.get(SETTINGS_KEY)
    if not isinstance(config, SiteConfig):
        config = build_config(settings)
        settings[SETTINGS_KEY] = config
    return config


def on_initialized(pelican) -> None:
    """Signal ``initialized``: build the configuration from this run's settings."""
    pelican.settings[SETTINGS_KEY] = build_config(pelican.settings)

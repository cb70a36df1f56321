"""The plugin's settings: every default in one place, read once per build.

Configured in pelicanconf.py / publishconf.py through one dict::

    CAMPAIGN_COUNTER = {"feed": "...", "strict": True, ...}

The environment (``CAMPAIGN_FEED``) is read by pelicanconf.py and
publishconf.py only; this module reads the settings and nothing else.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

SETTINGS_KEY = "CAMPAIGN_COUNTER"

# 100 → 250 → 500 → 1,000 → 2,500 → 5,000 → 10,000 → …: the steps of the
# first decade, repeated times ten for ever.
DEFAULT_GOAL_LADDER = (100, 250, 500)


class SettingsError(ValueError):
    """A CAMPAIGN_COUNTER setting has a wrong value."""


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for the catalogs (``pybabel extract -k
    ngettext_noop:1,2``) without translating it: for units in settings."""
    return (singular, plural)


# What is counted. Each unit is a pair of msgids (singular, plural) with
# %(num)s; "progress" (with %(num)s and %(goal)s, plural by the goal),
# "milestone" and the lower bounds "at_least" / "more_than" (a feed's
# count_qualifier) are optional: without them a generic sentence is used.
BUILTIN_UNITS = {
    "signatures": {
        "count": ngettext_noop("%(num)s signature", "%(num)s signatures"),
        "progress": ngettext_noop("%(num)s of %(goal)s signature", "%(num)s of %(goal)s signatures"),
        "milestone": ngettext_noop("%(num)s signature reached", "%(num)s signatures reached"),
        "at_least": ngettext_noop("at least %(num)s signature", "at least %(num)s signatures"),
        "more_than": ngettext_noop("more than %(num)s signature", "more than %(num)s signatures"),
    },
    "signatories": {
        "count": ngettext_noop("%(num)s signatory", "%(num)s signatories"),
        "progress": ngettext_noop("%(num)s of %(goal)s signatory", "%(num)s of %(goal)s signatories"),
        "milestone": ngettext_noop("%(num)s signatory reached", "%(num)s signatories reached"),
        "at_least": ngettext_noop("at least %(num)s signatory", "at least %(num)s signatories"),
        "more_than": ngettext_noop("more than %(num)s signatory", "more than %(num)s signatories"),
    },
    "people": {
        "count": ngettext_noop("%(num)s person", "%(num)s people"),
        "progress": ngettext_noop("%(num)s of %(goal)s person", "%(num)s of %(goal)s people"),
    },
    "organisations": {
        "count": ngettext_noop("%(num)s organisation", "%(num)s organisations"),
        "progress": ngettext_noop("%(num)s of %(goal)s organisation", "%(num)s of %(goal)s organisations"),
    },
}
UNIT_FORMS = ("count", "progress", "milestone", "at_least", "more_than")
GOAL_MODES = ("feed", "ladder", "none")
STALE_MODES = ("error", "as_of")
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass(frozen=True)
class Unit:
    """One thing counted; each form a (singular, plural) msgid pair."""

    name: str
    count: tuple[str, str]
    progress: tuple[str, str] | None = None
    milestone: tuple[str, str] | None = None
    at_least: tuple[str, str] | None = None
    more_than: tuple[str, str] | None = None


@dataclass(frozen=True)
class CampaignOptions:
    """Per-campaign settings (``CAMPAIGN_COUNTER["campaigns"][id]``)."""

    unit: str | None = None  # None: the feed's unit
    goal: str | int | None = None  # "feed", "ladder", "none" or a number; None: the site's goal setting
    # the sign form: one URL, or one per language ("*" for the others)
    sign_url: tuple[tuple[str, str], ...] = ()

    def sign_url_for(self, lang: str) -> str:
        urls = dict(self.sign_url)
        return urls.get(lang) or urls.get("*", "")


@dataclass(frozen=True)
class AdapterSettings:
    """Reads one campaign from another platform's JSON (see adapters.py)."""

    campaign: str
    pointers: tuple[tuple[str, str], ...]  # field → JSON pointer
    status_open: tuple[str, ...] = ("open",)
    preset: str = ""


@dataclass(frozen=True)
class CounterSettings:
    # Where the feed comes from: a file path or an http(s):// URL.
    feed: str = ""
    # The last good feed is kept here between builds ("" turns caching off).
    cache_path: str = os.path.join("cache", "campaign-feed.json")
    # Fail the build when there is no valid data, or only data older than
    # max_age_hours (production). Dev builds never fail for the network.
    strict: bool = False
    max_age_hours: float = 48.0
    # HTTP: seconds for the whole download, largest body, redirects followed.
    timeout: float = 10.0
    max_bytes: int = 1_000_000
    max_redirects: int = 3
    # Redirects are followed only within the feed URL's own origin (scheme,
    # host and port) and to these origins ("https://cdn.example.org"); never
    # from https to http.
    redirect_origins: tuple[str, ...] = ()
    # Below this total no counter is shown (a petition that has just started).
    min_count: int = 0
    goal_ladder: tuple[int, ...] = DEFAULT_GOAL_LADDER
    # Add the small external script that refreshes the count in the browser
    # from live_url: a public address (https, no user name, password or
    # query, so no ?token=) serving this project's feed format with
    # cross-origin reads allowed. The build's feed URL, which may carry a
    # token, is never put in pages.
    live_refresh: bool = False
    live_url: str = ""
    user_agent: str = "campaign-counter (Pelican site build)"
    # Units beyond the built-in ones (signatures, signatories, people,
    # organisations): name → {"count": ngettext_noop(...), ...}.
    units: tuple[tuple[str, Unit], ...] = ()
    # The goal shown while a campaign is open: "feed" (the feed's goal,
    # none once reached), "ladder" (the feed's goal, then the next step of
    # goal_ladder) or "none". Campaigns may override it.
    goal: str = "feed"
    campaigns: tuple[tuple[str, CampaignOptions], ...] = ()
    # An open campaign whose count was taken longer ago than this: in
    # strict mode an error ("error") or the count with its date ("as_of");
    # outside strict mode always the date. None: no limit.
    count_max_age_hours: float | None = None
    stale_counts: str = "error"
    # Read another platform's JSON instead of this project's feed format.
    adapter: AdapterSettings | None = None

    @property
    def feed_is_url(self) -> bool:
        return is_url(self.feed)

    def unit(self, name: str) -> Unit | None:
        return dict(self.units).get(name)

    def campaign(self, campaign_id: str) -> CampaignOptions:
        return dict(self.campaigns).get(campaign_id) or CampaignOptions()

    def goal_mode(self, campaign_id: str) -> str | int:
        goal = self.campaign(campaign_id).goal
        return self.goal if goal is None else goal


def is_url(location: str) -> bool:
    """The one rule for "is this feed location a URL (else a file path)"."""
    return "://" in location or location.lower().startswith(("http:", "https:"))


_DEFAULT_PORTS = {"http": 80, "https": 443}
_ORIGIN = re.compile(r"^(https?)://([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?/?$")


def url_origin(url: str) -> str:
    """``scheme://host:port`` of an http(s) URL, the port always written
    (``https://Example.org/f.json`` → ``https://example.org:443``): two URLs
    are of one origin when these are equal. ValueError for anything else."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{parts.port or _DEFAULT_PORTS[scheme]}"


def _as_redirect_origins(value, feed: str) -> tuple[str, ...]:
    where = f"{SETTINGS_KEY}['redirect_origins']"
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise SettingsError(f"{where} must be a list of origins such as 'https://cdn.example.org', not {value!r}")
    origins = []
    for entry in value:
        if not isinstance(entry, str) or not _ORIGIN.match(entry.strip().lower()):
            raise SettingsError(
                f"{where}: {entry!r} is not an origin such as 'https://cdn.example.org' "
                "(http(s), host, optional port, no path)"
            )
        try:
            origin = url_origin(entry)
        except ValueError:  # a port out of range
            raise SettingsError(f"{where}: {entry!r} is not an origin such as 'https://cdn.example.org'") from None
        if origin.startswith("http:") and feed.lower().startswith("https:"):
            raise SettingsError(
                f"{where}: {entry!r} is http but the feed is https; a redirect from https to http is never followed"
            )
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _as_live_url(value) -> str:
    """A public address for the browser. Errors never repeat the value: it
    may hold the very token this check keeps out of the pages."""
    where = f"{SETTINGS_KEY}['live_url']"
    text = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError:
        parts = None
    if parts is None or not parts.hostname or any(c.isspace() or not c.isprintable() for c in text):
        raise SettingsError(f"{where} must be a URL such as 'https://counts.example.org/feed.json'")
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS):
        raise SettingsError(f"{where} must be an https:// URL (http only for localhost)")
    public = "it is put in every page for the readers' browsers, so it must be a public address"
    if parts.username is not None or parts.password is not None:
        raise SettingsError(f"{where} may not carry a user name or password: {public}")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise SettingsError(f"{where} may not carry a query (?token=…) or fragment: {public}")
    return text


def _as_bool(name, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{SETTINGS_KEY}[{name!r}] must be true or false, not {value!r}")


def _as_number(name, value, kind, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SettingsError(f"{SETTINGS_KEY}[{name!r}] must be a number, not {value!r}")
    try:
        number = kind(value)
    except ValueError:
        raise SettingsError(
            f"{SETTINGS_KEY}[{name!r}] must be a number, not {value!r}"
        ) from None
    if number < minimum:
        raise SettingsError(f"{SETTINGS_KEY}[{name!r}] must be at least {minimum}")
    return number


def _as_ladder(value):
    try:
        steps = tuple(int(step) for step in value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"{SETTINGS_KEY}['goal_ladder'] must be a list of whole numbers"
        ) from None
    if (
        not steps
        or steps[0] < 1
        or any(b <= a for a, b in itertools.pairwise(steps))
        or steps[-1] >= steps[0] * 10
    ):
        raise SettingsError(
            f"{SETTINGS_KEY}['goal_ladder'] must rise within one decade, "
            f"e.g. [100, 250, 500], not {list(value)!r}"
        )
    return steps


def _as_pair(where, value):
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(v, str) and "%(num)s" in v for v in value)
    ):
        raise SettingsError(
            f"{where} must be ngettext_noop(\"%(num)s <singular>\", \"%(num)s <plural>\"), not {value!r}"
        )
    return tuple(value)


def _as_units(value) -> tuple[tuple[str, Unit], ...]:
    raw = {**BUILTIN_UNITS, **(value or {})}
    units = []
    for name, forms in raw.items():
        where = f"{SETTINGS_KEY}['units'][{name!r}]"
        if not isinstance(name, str) or not _ID.match(name):
            raise SettingsError(f"{SETTINGS_KEY}['units']: {name!r} is not a unit name (a-z, 0-9, -)")
        if not isinstance(forms, dict) or "count" not in forms or set(forms) - set(UNIT_FORMS):
            raise SettingsError(f"{where} must be a dict with 'count' and optionally {', '.join(UNIT_FORMS[1:])}")
        units.append((name, Unit(name=name, **{
            form: _as_pair(f"{where}[{form!r}]", forms[form]) for form in UNIT_FORMS if forms.get(form)
        })))
    return tuple(units)


def _as_goal(where, value):
    if value in GOAL_MODES:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise SettingsError(f"{where} must be one of {', '.join(GOAL_MODES)} or a whole number, not {value!r}")


def _as_https(where, value):
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
        raise SettingsError(f"{where} must be an https:// URL, not {value!r}")
    return value


def _as_campaigns(value, units) -> tuple[tuple[str, CampaignOptions], ...]:
    if not isinstance(value, dict):
        raise SettingsError(f"{SETTINGS_KEY}['campaigns'] must be a dict of campaign id → options")
    result = []
    for campaign_id, options in value.items():
        where = f"{SETTINGS_KEY}['campaigns'][{campaign_id!r}]"
        if not isinstance(campaign_id, str) or not _ID.match(campaign_id):
            raise SettingsError(f"{SETTINGS_KEY}['campaigns']: {campaign_id!r} is not a campaign id")
        unknown = sorted(set(options) - {"unit", "goal", "sign_url"}) if isinstance(options, dict) else None
        if unknown is None or unknown:
            raise SettingsError(f"{where} may have only 'unit', 'goal' and 'sign_url'")
        unit = options.get("unit")
        if unit is not None and unit not in dict(units):
            raise SettingsError(f"{where}['unit']: unknown unit {unit!r}; known: {', '.join(dict(units))}")
        goal = _as_goal(f"{where}['goal']", options["goal"]) if "goal" in options else None
        sign = options.get("sign_url") or {}
        if isinstance(sign, str):
            sign = {"*": sign}
        if not isinstance(sign, dict):
            raise SettingsError(f"{where}['sign_url'] must be a URL or a dict of language → URL")
        urls = tuple(sorted((lang, _as_https(f"{where}['sign_url'][{lang!r}]", url)) for lang, url in sign.items()))
        result.append((campaign_id, CampaignOptions(unit=unit, goal=goal, sign_url=urls)))
    return tuple(result)


def _as_adapter(value) -> AdapterSettings:
    from .feed_presets import PRESETS  # data only

    where = f"{SETTINGS_KEY}['adapter']"
    if not isinstance(value, dict) or not isinstance(value.get("campaign"), str) or not _ID.match(value["campaign"]):
        raise SettingsError(f"{where} must be a dict naming the 'campaign' id the data is shown as")
    unknown = sorted(set(value) - {"campaign", "preset", "pointers", "status_open"})
    if unknown:
        raise SettingsError(f"{where} has unknown key(s) {unknown}; known: campaign, preset, pointers, status_open")
    preset = value.get("preset", "")
    if preset and preset not in PRESETS:
        raise SettingsError(f"{where}['preset']: unknown preset {preset!r}; known: {', '.join(sorted(PRESETS))}")
    base = PRESETS.get(preset, {})
    pointers = {**base.get("pointers", {}), **(value.get("pointers") or {})}
    fields_known = {"count", "count_at", "status", "goal", "ended_at"}
    if "count" not in pointers or set(pointers) - fields_known:
        raise SettingsError(f"{where}['pointers'] needs 'count' and may have only {', '.join(sorted(fields_known))}")
    for name, pointer in pointers.items():
        if not isinstance(pointer, str) or not (pointer == "" or pointer.startswith("/")):
            raise SettingsError(f"{where}['pointers'][{name!r}] must be a JSON pointer such as '/data/count'")
    status_open = value.get("status_open", base.get("status_open", ("open",)))
    return AdapterSettings(
        campaign=value["campaign"],
        pointers=tuple(sorted(pointers.items())),
        status_open=tuple(str(s) for s in status_open),
        preset=preset,
    )


def from_pelican_settings(settings) -> CounterSettings:
    """Read ``settings["CAMPAIGN_COUNTER"]``; SettingsError names a wrong key."""
    raw = dict(settings.get(SETTINGS_KEY) or {})
    known = {f.name for f in dataclasses.fields(CounterSettings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(
            f"{SETTINGS_KEY} has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"known keys: {', '.join(sorted(known))}"
        )
    values = {}
    feed = raw.get("feed") or ""
    values["feed"] = str(feed).strip()
    if "cache_path" in raw:
        values["cache_path"] = str(raw["cache_path"] or "")
    for name in ("strict", "live_refresh"):
        if name in raw:
            values[name] = _as_bool(name, raw[name])
    for name, kind, minimum in (
        ("max_age_hours", float, 0),
        ("timeout", float, 0.1),
        ("max_bytes", int, 1),
        ("max_redirects", int, 0),
        ("min_count", int, 0),
    ):
        if name in raw:
            values[name] = _as_number(name, raw[name], kind, minimum)
    if raw.get("live_url"):
        values["live_url"] = _as_live_url(raw["live_url"])
    if values.get("live_refresh") and not values.get("live_url"):
        raise SettingsError(
            f"{SETTINGS_KEY}['live_refresh'] needs 'live_url': the public address (https, no token) "
            "the readers' browsers read the counts from; the build's feed URL is never put in pages"
        )
    if raw.get("redirect_origins"):
        values["redirect_origins"] = _as_redirect_origins(raw["redirect_origins"], values["feed"])
    if "goal_ladder" in raw:
        values["goal_ladder"] = _as_ladder(raw["goal_ladder"])
    if "user_agent" in raw:
        values["user_agent"] = str(raw["user_agent"])
    values["units"] = _as_units(raw.get("units"))
    if "goal" in raw:
        if raw["goal"] not in GOAL_MODES:
            raise SettingsError(f"{SETTINGS_KEY}['goal'] must be one of {', '.join(GOAL_MODES)}, not {raw['goal']!r}")
        values["goal"] = raw["goal"]
    if raw.get("campaigns"):
        values["campaigns"] = _as_campaigns(raw["campaigns"], values["units"])
    if raw.get("count_max_age_hours") is not None:
        values["count_max_age_hours"] = _as_number("count_max_age_hours", raw["count_max_age_hours"], float, 0)
    if "stale_counts" in raw:
        if raw["stale_counts"] not in STALE_MODES:
            raise SettingsError(
                f"{SETTINGS_KEY}['stale_counts'] must be one of {', '.join(STALE_MODES)}, not {raw['stale_counts']!r}"
            )
        values["stale_counts"] = raw["stale_counts"]
    if raw.get("adapter"):
        values["adapter"] = _as_adapter(raw["adapter"])
    for campaign_id, options in values.get("campaigns", ()):
        for lang, _url in options.sign_url:
            if lang != "*" and lang not in (settings.get("LANGUAGES") or ()):
                raise SettingsError(
                    f"{SETTINGS_KEY}['campaigns'][{campaign_id!r}]['sign_url'] names {lang!r}, "
                    "which is not in LANGUAGES"
                )
    return CounterSettings(**values)

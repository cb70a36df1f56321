"""The plugin's settings: every default in one place, read once per build.

Configured in pelicanconf.py / publishconf.py through one dict::

    CAMPAIGN_COUNTER = {"feed": "...", "strict": True, ...}

The environment (``CAMPAIGN_FEED``) is read by pelicanconf.py and
publishconf.py only; this module reads the settings and nothing else.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

SETTINGS_KEY = "CAMPAIGN_COUNTER"

# 100 → 250 → 500 → 1,000 → 2,500 → 5,000 → 10,000 → …: the steps of the
# first decade, repeated times ten for ever.
DEFAULT_GOAL_LADDER = (100, 250, 500)


class SettingsError(ValueError):
    """A CAMPAIGN_COUNTER setting has a wrong value."""


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
    # Below this total no counter is shown (a petition that has just started).
    min_count: int = 0
    goal_ladder: tuple[int, ...] = DEFAULT_GOAL_LADDER
    # Add the small external script that refreshes the count in the browser
    # from the feed URL (which must then allow cross-origin reads).
    live_refresh: bool = False
    user_agent: str = "campaign-counter (Pelican site build)"

    @property
    def feed_is_url(self) -> bool:
        return is_url(self.feed)


def is_url(location: str) -> bool:
    """The one rule for "is this feed location a URL (else a file path)"."""
    return "://" in location or location.lower().startswith(("http:", "https:"))


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
        or any(b <= a for a, b in zip(steps, steps[1:]))
        or steps[-1] >= steps[0] * 10
    ):
        raise SettingsError(
            f"{SETTINGS_KEY}['goal_ladder'] must rise within one decade, "
            f"e.g. [100, 250, 500], not {list(value)!r}"
        )
    return steps


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
    if "goal_ladder" in raw:
        values["goal_ladder"] = _as_ladder(raw["goal_ladder"])
    if "user_agent" in raw:
        values["user_agent"] = str(raw["user_agent"])
    return CounterSettings(**values)

"""The sanitize plugin's settings (part of the site configuration, config.py).

``SANITIZE = {"embed_origins": ["https://www.youtube-nocookie.com"]}``: the
https origins whose frames, video and audio a page that opts in with
``Embeds: trusted`` may keep (also allowed by the Content-Security-Policy).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

SETTINGS_KEY = "SANITIZE"


class SanitizeSettingsError(ValueError):
    """SANITIZE in the settings is malformed; the message says how."""


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, lower-case ("" when it has none)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class SanitizeSettings:
    embed_origins: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: dict) -> SanitizeSettings:
        raw = settings.get(SETTINGS_KEY) or {}
        if not isinstance(raw, dict):
            raise SanitizeSettingsError(f"{SETTINGS_KEY} must be a dict, not {raw!r}")
        unknown = sorted(set(raw) - {"embed_origins"})
        if unknown:
            raise SanitizeSettingsError(f"{SETTINGS_KEY} has unknown key(s) {unknown}; known: embed_origins")
        items = raw.get("embed_origins") or ()
        if isinstance(items, str):
            items = [items]
        origins = set()
        for item in items:
            value = str(item).strip().rstrip("/")
            if not value.startswith("https://") or origin(value) != value.lower():
                raise SanitizeSettingsError(
                    f"{SETTINGS_KEY}['embed_origins']: {value!r} is not an https origin (https://host, no path)"
                )
            origins.add(value.lower())
        return cls(embed_origins=frozenset(origins))

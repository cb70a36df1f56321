"""The Content-Security-Policy: one setting, every place it is written.

``CONTENT_SECURITY_POLICY`` lists the other origins a campaign needs::

    CONTENT_SECURITY_POLICY = {
        "form_action": ["https://sign.example.org"],   # a form posting elsewhere
        "frame_src": ["https://www.youtube-nocookie.com"],  # an embedded video
        "connect_src": [],  # more origins the browser may fetch from
        "img_src": [],
    }

The origin of the live counter's public ``CAMPAIGN_COUNTER["live_url"]``
(never the build's feed URL) is added to connect-src by itself when
``CAMPAIGN_COUNTER["live_refresh"]`` is on, and the origins of trusted
embeds (``SANITIZE["embed_origins"]``, which the sanitizer lets through) to
frame-src and media-src. The same policy goes into
every page's ``<meta>`` tag (templates: ``SITE_CONFIG.csp.meta``), the
``_headers`` file written into the output and the nginx example
(pelican.plugins.security_headers), so they cannot disagree. Only
``https://host[:port]`` origins are accepted: no paths, wildcards or
keywords that would let a page load scripts from elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

SETTINGS_KEY = "CONTENT_SECURITY_POLICY"
KEYS = ("form_action", "frame_src", "connect_src", "img_src")
_ORIGIN = re.compile(r"^https://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?$")


class CspError(ValueError):
    """A CONTENT_SECURITY_POLICY value that is not an https origin."""


@dataclass(frozen=True)
class ContentSecurityPolicy:
    form_action: tuple[str, ...] = ()
    frame_src: tuple[str, ...] = ()
    connect_src: tuple[str, ...] = ()
    img_src: tuple[str, ...] = ()
    media_src: tuple[str, ...] = ()

    def directives(self) -> list[tuple[str, tuple[str, ...]]]:
        """The policy a page can carry in a meta tag, in a fixed order."""
        result = [
            ("default-src", ("'self'",)),
            ("img-src", ("'self'", "data:", *self.img_src)),
            ("style-src", ("'self'",)),
            ("script-src", ("'self'",)),
            ("font-src", ("'self'",)),
            ("connect-src", ("'self'", *self.connect_src)),
        ]
        if self.frame_src:
            result.append(("frame-src", self.frame_src))
        if self.media_src:
            result.append(("media-src", ("'self'", *self.media_src)))
        result += [
            ("object-src", ("'none'",)),
            ("base-uri", ("'self'",)),
            ("form-action", ("'self'", *self.form_action)),
        ]
        return result

    @property
    def meta(self) -> str:
        """For ``<meta http-equiv="Content-Security-Policy">``."""
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in self.directives())

    @property
    def header(self) -> str:
        """For the HTTP header: the meta policy plus frame-ancestors, which
        only a header can carry."""
        return f"{self.meta}; frame-ancestors 'none'"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _origins(name: str, values) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise CspError(f"site_config: {SETTINGS_KEY}[{name!r}] must be a list of origins, not {values!r}")
    result = []
    for value in values:
        if not isinstance(value, str) or not _ORIGIN.match(value.lower()):
            raise CspError(
                f"site_config: {SETTINGS_KEY}[{name!r}]: {value!r} is not an origin such as "
                "'https://sign.example.org' (https, no path, no wildcard)"
            )
        if value.lower() not in result:
            result.append(value.lower())
    return tuple(result)


def _add(origins: tuple[str, ...], more) -> tuple[str, ...]:
    return (*origins, *(origin for origin in more if origin not in origins))


def from_settings(settings: dict, live_feed_url: str | None = None, embed_origins=()) -> ContentSecurityPolicy:
    raw = settings.get(SETTINGS_KEY) or {}
    if not isinstance(raw, dict):
        raise CspError(f"site_config: {SETTINGS_KEY} must be a dict with keys {', '.join(KEYS)}")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise CspError(f"site_config: {SETTINGS_KEY} has unknown key(s) {unknown}; known: {', '.join(KEYS)}")
    values = {name: _origins(name, raw.get(name) or ()) for name in KEYS}
    if live_feed_url:
        values["connect_src"] = _add(values["connect_src"], [origin_of(live_feed_url)])
    embeds = [origin.lower() for origin in embed_origins]
    values["frame_src"] = _add(values["frame_src"], embeds)
    return ContentSecurityPolicy(**values, media_src=tuple(embeds))

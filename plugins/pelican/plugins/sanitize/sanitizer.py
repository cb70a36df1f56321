"""The allowlist sanitizer: HTML in, safe HTML and what was removed out.

nh3 (ammonia) does the cleaning; a standard-library parse of the same
input names what the allowlist drops, so editors can be told what to fix.
Pure functions, no Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from pelican.plugins.site_config.sanitize import origin

# What Markdown (with the extra and toc extensions) produces, and no more.
TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
GENERIC_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title"})
ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "del": {"cite", "datetime"},
    "img": {"src", "alt", "width", "height"},
    "ins": {"cite", "datetime"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "time": {"datetime"},
}
# Removed together with everything inside them.
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "select",
    "title", "svg", "math", "frame", "frameset", "noembed", "applet",
})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"

# Trusted embeds (a page that opts in): these elements, from the configured
# https origins only, which the site's Content-Security-Policy then allows.
EMBED_TAGS = {
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen", "loading"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
}
_URL_ATTRIBUTES = {"href", "src", "cite", "poster"}


@dataclass(frozen=True)
class Removal:
    """One thing the sanitizer took out: a plain description and a text to
    look for in the source (to find its line)."""

    what: str
    needle: str


def _allowed_url(value: str) -> bool:
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return False
    return not scheme or scheme in URL_SCHEMES


class _Inventory(HTMLParser):
    """Lists what the policy will drop from a piece of HTML."""

    def __init__(self, tags, attributes, embed_origins):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.embed_origins = tags, attributes, embed_origins
        self.removed: list[Removal] = []

    def _add(self, what, needle):
        removal = Removal(what, needle)
        if removal not in self.removed:
            self.removed.append(removal)

    def handle_starttag(self, tag, attrs):
        if tag not in self.tags:
            self._add(f"<{tag}> element", f"<{tag}")
            return
        allowed = self.attributes.get(tag, set()) | GENERIC_ATTRIBUTES
        for name, raw in attrs:
            value = raw or ""
            if name == "rel" and tag == "a":
                continue  # replaced by rel="noopener noreferrer"
            if name not in allowed:
                self._add(f"{name}= attribute on <{tag}>", f"{name}=")
            elif name in _URL_ATTRIBUTES and not _allowed_url(value):
                scheme = value.strip().split(":", 1)[0].lower()
                self._add(f"{scheme}: link in {name}= on <{tag}>", f"{scheme}:")
            elif name == "src" and tag == "img" and origin(value):
                self._add(f"picture from {origin(value)!r} (pictures must be files of the site, "
                          "linked with {static})", value[:60])
            elif name == "src" and tag in EMBED_TAGS and origin(value) not in self.embed_origins:
                self._add(f"<{tag}> from {origin(value) or value[:40]!r}, an origin not in the "
                          "embed allowlist", value[:60] or f"<{tag}")

    handle_startendtag = handle_starttag


def _policy(embed_origins: frozenset[str] | None):
    tags, attributes = set(TAGS), {k: set(v) for k, v in ATTRIBUTES.items()}
    if embed_origins is not None:
        tags |= set(EMBED_TAGS)
        attributes.update({k: set(v) for k, v in EMBED_TAGS.items()})
    return tags, attributes


def clean(html: str, embed_origins: frozenset[str] | None = None) -> tuple[str, list[Removal]]:
    """Sanitized ``html`` and what was removed from it.

    ``embed_origins`` is None for an ordinary page; a page that opts in to
    trusted embeds passes the https origins its embeds may come from.
    """
    if not html:
        return html, []
    tags, attributes = _policy(embed_origins)
    origins = embed_origins or frozenset()

    def keep(element, attribute, value):
        if attribute in _URL_ATTRIBUTES and not _allowed_url(value):
            return None
        if attribute == "src" and element in EMBED_TAGS and origin(value) not in origins:
            return None
        if attribute == "src" and element == "img" and origin(value):
            return None  # pictures come from the site itself, never from a third party
        return value

    cleaned = nh3.clean(
        html,
        tags=tags,
        clean_content_tags=set(DROP_WITH_CONTENT - tags),
        attributes={**{tag: attrs for tag, attrs in attributes.items()}, "*": set(GENERIC_ATTRIBUTES)},
        attribute_filter=keep,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    inventory = _Inventory(tags, attributes, origins)
    inventory.feed(html)
    inventory.close()
    return cleaned, inventory.removed

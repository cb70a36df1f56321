"""Old URLs that keep working: ``Aliases: /old/path/, /other/`` in a page's
front matter becomes a static redirect page at each old path (meta refresh,
canonical link and a plain link, in the page's language, no JavaScript) and
a line in ``_redirects`` for hosts that read one (Netlify, Cloudflare Pages).

An alias is a path on this site, never an address elsewhere: nothing an
editor types can send a reader to another host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

REDIRECTS_FILE = "_redirects"
# a path of this site: /segments/ of unreserved characters, no "..", no "//"
_PATH = re.compile(r"^/(?:[A-Za-z0-9._~%-]+/?)*$")


class AliasError(ValueError):
    """An alias that cannot be written; the message says why."""


@dataclass(frozen=True)
class Redirect:
    alias: str  # the old path, as written: /en/sign-now/
    save_as: str  # where the redirect page goes in output/
    target: object  # the page (its .url, .title, .lang)
    source_path: str


def parse(value) -> tuple[str, ...]:
    """The aliases in a front matter value ("/a/, /b/"), each checked to be a path of this site."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,\s]+", str(value))
    aliases = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if not _PATH.match(item) or "/../" in item + "/" or "/./" in item + "/":
            raise AliasError(f"alias {item!r} must be a path of this site such as /old/page/")
        aliases.append(item)
    return tuple(aliases)


def save_as(alias: str) -> str:
    """The output file for an old path: /old/ and /old → old/index.html, /old.html → old.html."""
    path = alias.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    if path.rsplit("/", 1)[-1].endswith((".html", ".htm")):
        return path
    return path + "/index.html"


def plan(contents, taken: set[str]) -> tuple[list[Redirect], list[str]]:
    """Redirects for every alias of the given pages, and one message per alias that cannot be written
    (bad syntax, an address the site already uses, or claimed by two pages)."""
    redirects: dict[str, Redirect] = {}
    problems = []
    for content in sorted(contents, key=lambda c: c.source_path):
        try:
            aliases = parse(content.metadata.get("aliases"))
        except AliasError as exc:
            problems.append(f"{content.relative_source_path}: {exc}")
            continue
        for alias in aliases:
            target = save_as(alias)
            if target in taken:
                problems.append(f"{content.relative_source_path}: alias {alias} is the address of another page")
            elif target in redirects:
                other = redirects[target].source_path
                problems.append(f"{content.relative_source_path}: alias {alias} is also claimed by {other}")
            else:
                redirects[target] = Redirect(alias, target, content, content.relative_source_path)
    return [redirects[key] for key in sorted(redirects)], problems


def redirects_file(redirects, siteurl: str) -> str:
    """_redirects: one `old new 301` line per alias, sorted (byte-identical for the same site)."""
    prefix = urlsplit(siteurl).path.rstrip("/")
    lines = [f"{r.alias} {prefix}/{r.target.url} 301" for r in redirects]
    return "".join(line + "\n" for line in sorted(lines))

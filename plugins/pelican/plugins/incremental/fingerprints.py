"""What a page can show, reduced to digests.

- ``base_digest``: the whole site's setup: settings (minus where the output
  goes), the theme's files, the catalogs, the data files and the plugins'
  code with the library versions (cache_guard's fingerprint). Any change:
  everything is rendered again.
- ``structure_digest``: what pages show of *other* pages: every content
  object's URL, title, summary, date, metadata, translations and status.
  Any change: everything is rendered again.
- ``own_digest``: what a page shows of itself beyond that: its rendered
  text and the views plugins attached to it (a counter's figures).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable

from pelican.contents import Content

from pelican.plugins.cache_guard.guard import setup_fingerprint

# where the output goes and this plugin's own state: not part of what a page shows
VOLATILE_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", "TEMPLATE_CACHE_PATH", "INCREMENTAL", "SITE_CONFIG", "WRITE_SELECTED"}
# views plugins attach to a content object for its own template
VIEW_ATTRIBUTES = ("campaign_counter",)


def _slow_stable(value) -> str:
    """A repr that is the same in every process for equal values."""
    if isinstance(value, Content):
        return f"<{type(value).__name__} {value.source_path}>"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ", ".join(f"{_slow_stable(k)}: {_slow_stable(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        values = sorted(value, key=_slow_stable) if isinstance(value, (set, frozenset)) else value
        return "[" + ", ".join(_slow_stable(v) for v in values) + "]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return f"{type(value).__name__}{_slow_stable(fields)}"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__name__)}"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    return f"{type(value).__name__}:{value}"


def _json_default(value):
    """What the JSON encoder cannot write itself, as something it can."""
    if isinstance(value, Content):
        return f"<{type(value).__name__} {value.source_path}>"
    if isinstance(value, (set, frozenset)):
        return ["set", *sorted(stable(v) for v in value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return f"{type(value).__name__}:{value}"


# JSON's C encoder does the common cases (dicts, lists, strings, numbers)
# without a Python call per value: a fingerprint of every page is computed
# on every build, so this is on the warm build's critical path.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_json_default)


def stable(value) -> str:
    """A text that is the same in every process for equal values."""
    try:
        return _ENCODER.encode(value)
    except (TypeError, ValueError):  # keys of mixed types, a reference cycle
        return _slow_stable(value)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _tree_digest(paths: Iterable[str]) -> str:
    h = hashlib.sha256()
    for root in paths:
        if not root or not os.path.exists(root):
            h.update(f"missing {root}\0".encode())
            continue
        files = [root] if os.path.isfile(root) else sorted(
            os.path.join(d, f) for d, dirs, fs in os.walk(root)
            for f in fs if not f.endswith((".mo", ".pyc")) and "__pycache__" not in d
        )
        for path in files:
            h.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(path, "rb") as fp:
                    h.update(hashlib.sha256(fp.read()).digest())
            except OSError as exc:  # a dangling link: the build reports the missing file, not this digest
                h.update(f"unreadable {exc.errno}\0".encode())
    return h.hexdigest()


def base_digest(settings: dict, translations_path: str) -> str:
    visible = {k: v for k, v in settings.items() if k.isupper() and k not in VOLATILE_SETTINGS}
    return _digest(
        stable(visible),
        setup_fingerprint(settings),
        _tree_digest([settings.get("THEME", ""), translations_path, settings.get("DATA_PATH", "")]),
    )


def describe(content: Content) -> str:
    """What other pages can show of this one."""
    return stable({
        "kind": type(content).__name__,
        "source": content.source_path,
        "lang": getattr(content, "lang", None),
        "slug": getattr(content, "slug", None),
        "url": content.url,
        "save_as": content.save_as,
        "title": getattr(content, "title", None),
        "summary": getattr(content, "summary", None),
        "date": getattr(content, "date", None),
        "status": getattr(content, "status", None),
        "template": getattr(content, "template", None),
        "metadata": content.metadata,
        "alternates": getattr(content, "alternates", None),
        "freshness": getattr(content, "freshness", None),
        "translations": [t.source_path for t in getattr(content, "translations", ())],
    })


def structure_digest(contents: Iterable[Content]) -> str:
    return _digest(*sorted(describe(c) for c in contents))


def own_digest(content: Content, source_text: bool = False) -> str:
    """What this page shows of itself: its text and the views attached to it.

    ``source_text``: the text before Pelican resolves its ``{filename}`` and
    ``{static}`` links (``_content``), which spares resolving every page's
    links on every build. Only sound when every link target's URL is in the
    common digest (link_targets_digest) and no page uses ``{attach}``, which
    moves a file while a page is rendered (uses_attach).
    """
    views = {name: getattr(content, name, None) for name in VIEW_ATTRIBUTES}
    text = getattr(content, "_content", None) if source_text else content.content
    return _digest(text or "", stable(views))


def page_fingerprint(common: str, name: str, template_name: str, arguments: dict,
                     source_text: bool = False) -> str:
    """One output file: the site's setup and structure, where it is written,
    with which template, and the content objects it is given."""
    parts = [common, name, template_name]
    for key, value in sorted(arguments.items()):
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            parts.append(f"{key}={own_digest(item, source_text) if isinstance(item, Content) else stable(item)}")
    return _digest(*parts)


def link_targets_digest(context: dict) -> str:
    """Every path a ``{filename}``/``{static}`` link can name, with the URL it
    resolves to (content, fallbacks for untranslated pages, static files)."""
    parts = []
    for key in ("generated_content", "static_content"):
        for path, target in sorted((context.get(key) or {}).items(), key=lambda kv: str(kv[0])):
            parts.append(f"{key} {path} {getattr(target, 'url', None)}")
    return _digest(*parts)


def uses_attach(contents: Iterable[Content]) -> bool:
    """Whether any text may hold an ``{attach}`` link (conservatively: the word)."""
    return any("attach" in (getattr(c, "_content", None) or "") for c in contents)


def listed_digest(content: Content) -> str:
    """What a listing shows of one of its entries beyond the structure: the
    views plugins attached to it (a counter's figures)."""
    return f"{content.source_path} {stable({name: getattr(content, name, None) for name in VIEW_ATTRIBUTES})}"


def paginated_fingerprint(common: str, name: str, template_name: str, arguments: dict, lists: dict) -> str:
    """A paginated listing (every page of it): as page_fingerprint, plus the
    entries it lists, in order; what it shows of each entry is in the
    structure digest."""
    parts = [page_fingerprint(common, name, template_name, arguments)]
    for key, values in sorted(lists.items()):
        parts.append(key)
        parts.extend(listed_digest(v) if isinstance(v, Content) else stable(v) for v in values)
    return _digest(*parts)

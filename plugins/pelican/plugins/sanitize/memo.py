"""What clean() answered in the last build, so an unchanged text is not
sanitized again.

Pelican sends ``content_object_init`` for every page on every build, also
when the page comes from the content cache, so without this every warm
build sanitized the whole site again. The record lives next to Pelican's
content cache (CACHE_PATH, which cache_guard already names after the
plugins' code and settings, so a changed allowlist starts from an empty
record), is keyed by a digest of the HTML and the embed origins, holds only
what this build used, and is plain JSON: a damaged record is ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile

from .sanitizer import Removal, clean

logger = logging.getLogger(__name__)

FORMAT = 1
CONTEXT_KEY = "sanitize_memo"


def _key(html: str, origins: frozenset[str] | None) -> str:
    h = hashlib.sha256(html.encode("utf-8", "surrogatepass"))
    h.update(b"\0" + ("-" if origins is None else "\n".join(sorted(origins))).encode())
    return h.hexdigest()


class CleanMemo:
    def __init__(self, path: str | None):
        self.path = path
        self.previous: dict[str, list] = self._load() if path else {}
        self.current: dict[str, list] = {}

    def _load(self) -> dict[str, list]:
        try:
            with open(self.path, encoding="utf-8") as fp:
                data = json.load(fp)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            logger.debug("sanitize: ignoring unreadable record %s (%s)", self.path, exc)
            return {}
        entries = data.get("entries") if isinstance(data, dict) and data.get("format") == FORMAT else None
        return entries if isinstance(entries, dict) else {}

    def clean(self, html: str, origins: frozenset[str] | None) -> tuple[str, list[Removal]]:
        if not html or self.path is None:
            return clean(html, origins)
        key = _key(html, origins)
        entry = self.previous.get(key)
        try:
            cleaned, removed = entry[0], [Removal(str(w), str(n)) for w, n in entry[1]]
            if not isinstance(cleaned, str):
                raise TypeError
        except (TypeError, ValueError, IndexError):
            cleaned, removed = clean(html, origins)
            entry = [cleaned, [[r.what, r.needle] for r in removed]]
        self.current[key] = entry
        return cleaned, removed

    def save(self) -> None:
        if self.path is None:
            return
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path), suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fp:
                json.dump({"format": FORMAT, "entries": self.current}, fp, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError as exc:
            logger.debug("sanitize: record %s not kept (%s)", self.path, exc)


def memo_for(settings, context) -> CleanMemo:
    """This build's memo, kept in the generators' shared context. Only with
    the content cache on (CACHE_CONTENT), where Pelican writes its own cache."""
    if not isinstance(context, dict):
        return CleanMemo(None)
    memo = context.get(CONTEXT_KEY)
    if memo is None:
        path = None
        if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
            path = os.path.join(settings["CACHE_PATH"], "sanitize", "clean.json")
        memo = context[CONTEXT_KEY] = CleanMemo(path)
    return memo


def on_all_generators_finalized(generators) -> None:
    seen = set()
    for generator in generators:
        memo = getattr(generator, "context", {}).get(CONTEXT_KEY)
        if memo is not None and id(memo) not in seen:
            seen.add(id(memo))
            memo.save()

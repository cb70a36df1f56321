"""Is each translation up to date with its original?

The original of a page is its version in DEFAULT_LANG. A translation
records the fingerprint of the original it was translated from in its
front matter (`Translation-of: 3f9a1c2b7e`, see sources.fingerprint). When
the original's title or text changes, its fingerprint changes and the
translation is outdated until a translator updates it and the field.
No Git history is needed, so shallow CI clones give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sources import read_source, source_fingerprint

CURRENT = "current"
OUTDATED = "outdated"
UNMARKED = "unmarked"  # a translation without Translation-of
ORIGINAL = "original"


@dataclass(frozen=True)
class Freshness:
    status: str
    original: object | None  # the original content object
    recorded: str | None  # the fingerprint the translation was made from
    current: str | None  # the original's fingerprint now

    @property
    def outdated(self) -> bool:
        """Not known to match the original: changed since, or never marked."""
        return self.status in (OUTDATED, UNMARKED)

    @property
    def original_changed(self) -> bool:
        """The original changed after this translation was marked current:
        the one case readers are told about. A translation never marked
        (no Translation-of) says nothing: nobody knows which version it
        was made from, so "changed since" would be a guess."""
        return self.status == OUTDATED


def status_of(recorded: str | None, current: str) -> str:
    """A translation's status from its Translation-of and the original's fingerprint."""
    if not recorded:
        return UNMARKED
    return CURRENT if recorded == current else OUTDATED


def assess(by_lang: dict, default_lang: str, fingerprints: dict) -> dict[str, Freshness]:
    """Freshness of every language version of one page.

    fingerprints: a dict shared by the build, source path → fingerprint,
    so every original is read at most once.
    """
    original = by_lang.get(default_lang)
    result = {}
    for lang, content in by_lang.items():
        if original is None:
            result[lang] = Freshness(UNMARKED, None, None, None)
            continue
        if lang == default_lang:
            result[lang] = Freshness(ORIGINAL, None, None, None)
            continue
        path = original.source_path
        if path not in fingerprints:
            fingerprints[path] = source_fingerprint(read_source(path))
        current = fingerprints[path]
        recorded = (content.metadata.get("translation-of") or "").strip() or None
        result[lang] = Freshness(status_of(recorded, current), original, recorded, current)
    return result

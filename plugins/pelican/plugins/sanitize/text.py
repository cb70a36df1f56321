"""Plain text from outside (a feed's source names, signatory names, roles
and group names) made safe to show: one rule for every plugin.

Removed: control characters (as spaces), the bidi embeddings, overrides and
isolates (U+202A–U+202E, U+2066–U+2069), the direction marks (U+200E/F),
zero-width and other invisible format characters (Unicode category Cf, which
includes ZWSP and the BOM), surrogates, private-use and unassigned code
points and line/paragraph separators; runs of white space become one space.
The joiners ZWNJ and ZWJ stay where they join two visible characters, as
Persian words (می‌خواهم), Indic conjuncts and emoji sequences need them;
anywhere else they are dropped too. The templates still wrap such text in ``<bdi>``, so a
right-to-left name cannot reorder the text around it.
"""

from __future__ import annotations

import unicodedata

# U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates); the
# marks U+200E/U+200F and the zero-width characters are category Cf.
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
_VISIBLE = ("L", "M", "N", "S")  # letters, marks, digits, symbols (emoji)
_DROPPED = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
_AS_SPACE = ("Cc", "Zl", "Zp")


def _joins(kept: list[str], following: str) -> bool:
    """A joiner between two visible characters (what was kept before it, what follows)."""
    before = next((c for c in reversed(kept) if c), "")
    return bool(before and following) and unicodedata.category(before)[0] in _VISIBLE \
        and unicodedata.category(following)[0] in _VISIBLE


def clean_text(value: str, limit: int | None = None) -> str:
    """``value`` without control, format (bidi, zero-width) and unassigned
    characters, white space collapsed, cut to ``limit`` characters ("…")."""
    kept = []
    for index, char in enumerate(value):
        if ord(char) in BIDI_CONTROLS:
            continue
        category = unicodedata.category(char)
        if char in JOINERS and _joins(kept, value[index + 1: index + 2]):
            kept.append(char)
            continue
        if category in _DROPPED:
            kept.append(" " if category in _AS_SPACE else "")
            continue
        kept.append(char)
    text = " ".join("".join(kept).split())
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"

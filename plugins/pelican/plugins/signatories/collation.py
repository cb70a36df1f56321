"""Alphabetical order for readers: the Unicode Collation Algorithm.

pyuca implements the UCA with the Default Unicode Collation Element Table,
which CLDR's root collation is built on: accents are secondary differences
(Émile sorts with E, before F), case is tertiary, Cyrillic, Greek, kana and
Han each sort as their script does by default (Han ideographs by radical
and stroke order of the Unicode blocks). It is pure Python, so a fresh
machine needs no ICU library. Not applied: the per-language tailorings of
CLDR (Swedish å ä ö after z, German phone-book order, pinyin or stroke order
for Chinese); see docs/architecture.md.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from pyuca import Collator


@cache
def _collator() -> Collator:
    # the table is read once per process; it never changes
    return Collator()


def sort_key(text: str, lang: str | None = None) -> tuple:
    """The collation key of ``text``. ``lang`` is accepted for the day a
    tailored collation is used; the root order serves every language now."""
    normalized = unicodedata.normalize("NFC", text)
    return (_collator().sort_key(normalized), normalized)

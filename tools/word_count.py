"""How much there is to translate: the words of a page's title and text as
a translator translates (link targets, HTML tags, code and counter markers
such as `[[counter pmpc]]` not counted)."""

from __future__ import annotations

import re

LINK_TARGET_RE = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|^\s*\[[^\]]+\]:.*$", re.M)
TAG_RE = re.compile(r"<[^>]+>")
UNTRANSLATED_RE = re.compile(r"\[\[[^\]]*\]\]|`[^`]*`")  # counter markers, code
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


def word_count(title: str, body: str) -> int:
    """Words in a title and a Markdown body: `Free [Maria](https://x.org/m)` is two."""
    text = UNTRANSLATED_RE.sub(" ", f"{title}\n{body}")
    text = TAG_RE.sub(" ", LINK_TARGET_RE.sub("]", text))
    return len(WORD_RE.findall(text))

"""Outside text (a server's status line, an error message) made safe for
one log line: control and bidi characters are shown as escapes and CI
command prefixes (``::error::``, ``##[error]``) are broken up, so a server
cannot add lines, recolour the terminal or annotate a CI run."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_CI_COMMANDS = re.compile(r"::|##\[")


def plain(text: str, limit: int = 200) -> str:
    text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))
    text = _CI_COMMANDS.sub(lambda m: ": :" if m.group() == "::" else "# #[", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"

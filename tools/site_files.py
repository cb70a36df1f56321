"""The content tree as editors see it: one folder per language."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property

from pelican.plugins.multilang.sources import Source, parse_source

KINDS = {"pages": "page", "news": "news"}
FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class SourceFile:
    path: str  # absolute
    rel: str  # relative to the repository root, for messages
    lang: str
    kind: str  # "page" or "news"
    name: str  # file name without .md: the translation link
    source: Source | None  # None when the file could not be read
    read_error: str | None = None

    @cached_property
    def prose_lines(self) -> tuple[tuple[int, str], ...]:
        """(line number, text) of the body outside fenced and indented code, where
        links and markers are written; worked out once per file (several checks read it)."""
        if self.source is None:
            return ()
        lines, in_fence = [], False
        for offset, text in enumerate(self.source.body.split("\n")):
            if ("`" in text or "~" in text) and FENCE.match(text):
                in_fence = not in_fence
            elif not in_fence and not text.startswith("    "):
                lines.append((self.source.body_line + offset, text))
        return tuple(lines)


def language_folders(content_path: str, reserved: set[str]) -> list[str]:
    return sorted(
        name for name in os.listdir(content_path)
        if os.path.isdir(os.path.join(content_path, name)) and name not in reserved and not name.startswith(".")
    )


def iter_sources(root: str, content_path: str, lang: str):
    """Every Markdown file of a language folder, with where it belongs."""
    base = os.path.join(content_path, lang)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for filename in sorted(filenames):
            if not filename.endswith(".md"):
                continue
            path = os.path.join(dirpath, filename)
            rel = os.path.relpath(path, root)
            sub = os.path.relpath(dirpath, base).split(os.sep)[0]
            kind = KINDS.get(sub)
            try:
                with open(path, encoding="utf-8") as fp:
                    source = parse_source(path, fp.read())
                error = None
            except UnicodeDecodeError as exc:
                source, error = None, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8"
            except OSError as exc:
                source, error = None, f"cannot read: {exc.strerror}"
            yield SourceFile(path, rel, lang, kind, filename[:-3], source, error)

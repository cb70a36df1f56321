"""The content tree as editors see it: one folder per language."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.plugins.multilang.sources import Source, parse_source

KINDS = {"pages": "page", "news": "news"}


@dataclass(frozen=True)
class SourceFile:
    path: str  # absolute
    rel: str  # relative to the repository root, for messages
    lang: str
    kind: str  # "page" or "news"
    name: str  # file name without .md: the translation link
    source: Source | None  # None when the file could not be read
    read_error: str | None = None


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

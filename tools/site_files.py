"""The content tree as editors see it: one folder per language."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cached_property

from pelican.plugins.multilang.sources import Source, parse_source

KINDS = {"pages": "page", "news": "news"}
FENCE = re.compile(r"^ {0,3}(```|~~~)")
# Links as Markdown reads them: [text](target "title") and ![alt](target), and [ref]: target
INLINE_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")


@dataclass(frozen=True)
class SourceFile:
    path: str  # absolute
    rel: str  # relative to the repository root, for messages
    lang: str
    kind: str  # "page" or "news"
    name: str  # file name without .md: the translation link
    source: Source | None  # None when the file could not be read
    read_error: str | None = None

    def prose_lines(self):
        """(line number, text) of the body outside fenced and indented code, where links and
        markers are written (not kept: it is most of the body again)."""
        if self.source is None:
            return
        in_fence = False
        for offset, text in enumerate(self.source.body.split("\n")):
            if ("`" in text or "~" in text) and FENCE.match(text):
                in_fence = not in_fence
            elif not in_fence and not text.startswith("    "):
                yield self.source.body_line + offset, text

    @cached_property
    def _written(self) -> tuple[tuple, tuple]:
        """What the checks look for in the prose, found in one pass and kept (it is small):
        (line, target, is_image) of every link and image, and (line, text) of every line
        with a [[marker]]."""
        links, marker_lines = [], []
        for lineno, line in self.prose_lines():
            if "[" not in line:
                continue
            links += [(lineno, match.group(2), bool(match.group(1))) for match in INLINE_LINK.finditer(line)]
            ref = REFERENCE_LINK.match(line)
            if ref:
                links.append((lineno, ref.group(1), False))
            if "[[" in line:
                marker_lines.append((lineno, line))
        return tuple(links), tuple(marker_lines)

    @property
    def links(self) -> tuple[tuple[int, str, bool], ...]:
        """(line, target, is_image) for every link and image in the body, outside code."""
        return self._written[0]

    @property
    def marker_lines(self) -> tuple[tuple[int, str], ...]:
        """(line, text) of the lines outside code that hold a [[marker]]."""
        return self._written[1]


def language_folders(content_path: str, reserved: set[str]) -> list[str]:
    return sorted(
        name for name in os.listdir(content_path)
        if os.path.isdir(os.path.join(content_path, name)) and name not in reserved and not name.startswith(".")
    )


class SourceMemo:
    """What the checks learned about each source file, kept between builds by a
    long-lived process (the preview): a file whose text did not change is not
    parsed again (its SourceFile is the same object, with what it worked out),
    and its own checks are not run again while what they compare it with (the
    context: templates, languages, feed campaigns, signatory lists) is the same."""

    def __init__(self):
        self._files: dict[str, tuple[bytes, SourceFile]] = {}
        self._checked: dict[str, tuple[SourceFile, object, tuple]] = {}

    def source_file(self, path: str, rel: str, kind: str | None, text: str, make) -> SourceFile:
        """The SourceFile kept for this file when its text is the same as then, else make()."""
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=20).digest()
        known = self._files.get(path)
        if known and known[0] == digest and known[1].rel == rel and known[1].kind == kind:
            return known[1]
        item = make()
        self._files[path] = (digest, item)
        return item

    def retain(self, paths: set[str]) -> None:
        """Forget the files that are gone (deleted or renamed since the last build)."""
        for kept in (self._files, self._checked):
            for path in [path for path in kept if path not in paths]:
                del kept[path]

    def checked(self, item: SourceFile, context, check) -> list:
        """check(item), or what it returned for this very item in the same context before."""
        known = self._checked.get(item.path)
        if known and known[0] is item and known[1] == context:
            return list(known[2])
        problems = check(item)
        self._checked[item.path] = (item, context, tuple(problems))
        return problems


def iter_sources(root: str, content_path: str, lang: str, memo: SourceMemo | None = None):
    """Every Markdown file of a language folder, with where it belongs."""
    base = os.path.join(content_path, lang)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        kind = KINDS.get(os.path.relpath(dirpath, base).split(os.sep)[0])
        for filename in sorted(filenames):
            if not filename.endswith(".md"):
                continue
            path = os.path.join(dirpath, filename)
            rel = os.path.join(rel_dir, filename)
            try:
                with open(path, encoding="utf-8") as fp:
                    text = fp.read()
            except UnicodeDecodeError as exc:
                yield SourceFile(path, rel, lang, kind, filename[:-3], None,
                                 f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")
                continue
            except OSError as exc:
                yield SourceFile(path, rel, lang, kind, filename[:-3], None, f"cannot read: {exc.strerror}")
                continue
            def make(path=path, rel=rel, kind=kind, name=filename[:-3], text=text):
                return SourceFile(path, rel, lang, kind, name, parse_source(path, text))

            yield make() if memo is None else memo.source_file(path, rel, kind, text, make)

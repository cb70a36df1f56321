"""Reading a Markdown source file the way Python-Markdown's `meta` extension
does, but keeping line numbers, so that editors get `path:line: message`.

Also the fingerprint that ties a translation to the version of the original
it was translated from (front matter `Translation-of:`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

# The same patterns as markdown.extensions.meta
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")

FINGERPRINT_LENGTH = 10


@dataclass
class Source:
    path: str
    meta: dict[str, str] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)  # key → 1-based line
    body: str = ""
    body_line: int = 1  # line where the body starts
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_source(path: str, text: str) -> Source:
    """Split front matter from body, recording where each key stands.

    Problems are the ways a front matter silently goes wrong with
    Python-Markdown: a line that is not `Key: value` ends the front matter
    and turns everything after it into body text.
    """
    source = Source(path=path)
    lines = text.split("\n")
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    last_key = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or (index > 0 and END_RE.match(line)):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            last_key = match.group("key").lower()
            if last_key in source.meta:
                source.problems.append((index + 1, f"front matter key {match.group('key')!r} appears twice"))
            source.meta[last_key] = match.group("value").strip()
            source.meta_lines[last_key] = index + 1
        elif last_key and META_MORE_RE.match(line):
            source.meta[last_key] += " " + META_MORE_RE.match(line).group("value").strip()
        else:
            if index == 0:
                source.problems.append((1, "no front matter: the file must start with 'Title: …'"))
            else:
                source.problems.append(
                    (index + 1, f"not a 'Key: value' line in the front matter: {line.strip()[:60]!r} "
                                "(leave a blank line between the front matter and the text)")
                )
            return _finish(source, lines, index)
        index += 1
    return _finish(source, lines, index)


def _finish(source: Source, lines: list[str], index: int) -> Source:
    source.body_line = index + 1
    source.body = "\n".join(lines[index:])
    return source


def read_source(path: str) -> Source:
    with open(path, encoding="utf-8") as fp:
        return parse_source(path, fp.read())


def normalize(text: str) -> str:
    """Text whose fingerprint must not change for whitespace-only edits."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def fingerprint(title: str, body: str) -> str:
    """Short, stable hash of what a translator translates: title and body.

    Front matter other than the title (menu position, summary, template)
    does not count, and neither do changes of white space or line breaks.
    """
    digest = hashlib.sha256(normalize(title).encode() + b"\n" + normalize(body).encode())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def source_fingerprint(source: Source) -> str:
    return fingerprint(source.meta.get("title", ""), source.body)

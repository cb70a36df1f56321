"""Write `Translation-of:` into translations: the record of which version of
the original a translation matches."""

from __future__ import annotations

import os
import re
import subprocess

from pelican.plugins.multilang.sources import parse_source, read_source, source_fingerprint

LINE_RE = re.compile(r"^Translation-of:.*$", re.M | re.I)


def set_translation_of(path: str, value: str) -> bool:
    """Set the field (adding it after the title when absent). True if changed."""
    with open(path, encoding="utf-8") as fp:
        text = fp.read()
    line = f"Translation-of: {value}"
    if LINE_RE.search(text.split("\n\n", 1)[0]):
        head, sep, body = text.partition("\n\n")
        new = LINE_RE.sub(line, head, count=1) + sep + body
    else:
        first, nl, rest = text.partition("\n")
        new = first + "\n" + line + nl + rest
    if new != text:
        with open(path, "w", encoding="utf-8") as fp:
            fp.write(new)
    return new != text


def translations_of(original: str, languages, default_lang: str) -> list[str]:
    """Paths of the translations of an original in content/<default_lang>/…"""
    parts = original.split(os.sep)
    index = parts.index(default_lang)
    paths = []
    for lang in languages:
        if lang == default_lang:
            continue
        candidate = os.sep.join(parts[:index] + [lang] + parts[index + 1:])
        if os.path.exists(candidate):
            paths.append(candidate)
    return paths


def mark_current(original: str, translations: list[str]) -> list[str]:
    """Translations now match the original as it is on disk."""
    value = source_fingerprint(read_source(original))
    return [path for path in translations if set_translation_of(path, value)]


def minor_edit(root: str, original: str, translations: list[str]) -> list[str]:
    """After a typo-level edit of the original: translations that matched
    the committed version (HEAD) now match the edited one too."""
    rel = os.path.relpath(original, root)
    try:
        committed = subprocess.run(["git", "-C", root, "show", f"HEAD:{rel}"], capture_output=True,
                                   text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RuntimeError(f"{rel}: no committed version to compare with (git show HEAD:{rel} failed)") from exc
    before = source_fingerprint(parse_source(rel, committed))
    after = source_fingerprint(read_source(original))
    changed = []
    for path in translations:
        recorded = read_source(path).meta.get("translation-of")
        if recorded == before and set_translation_of(path, after):
            changed.append(path)
    return changed

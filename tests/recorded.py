"""Recorded-output comparison for fixture sites, as Pelican's own functional tests do.

A fixture site's whole output tree is compared with the tree committed in
``tests/data/<site>/expected/``; a change anywhere in a page (not only in
the parts a test asserts) fails with the first differing lines. After a
deliberate change, re-record with ``invoke record-fixtures`` and review
the diff in Git like any other change.
"""

from __future__ import annotations

import difflib
import os
import pathlib
import shutil

RECORD_ENV = "RECORD_FIXTURES"
# copies of the theme's static files: checked by the link gates, not recorded
SKIPPED_DIRS = ("theme",)


def tree(root: pathlib.Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel.split("/", 1)[0] not in SKIPPED_DIRS:
            files[rel] = path.read_bytes()
    return files


def record(actual: pathlib.Path, expected: pathlib.Path) -> None:
    shutil.rmtree(expected, ignore_errors=True)
    for rel, data in tree(actual).items():
        target = expected / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def differences(actual: pathlib.Path, expected: pathlib.Path, context: int = 2) -> list[str]:
    """Human-readable differences between the built tree and the recorded one."""
    if os.environ.get(RECORD_ENV) == "1":
        record(actual, expected)
        return []
    got, want = tree(actual), tree(expected)
    problems = [f"new file, not recorded: {rel}" for rel in sorted(set(got) - set(want))]
    problems += [f"recorded file no longer written: {rel}" for rel in sorted(set(want) - set(got))]
    for rel in sorted(set(got) & set(want)):
        if got[rel] == want[rel]:
            continue
        try:
            diff = difflib.unified_diff(want[rel].decode().splitlines(), got[rel].decode().splitlines(),
                                        f"expected/{rel}", f"built/{rel}", n=context, lineterm="")
            problems.append("\n".join(list(diff)[:40]))
        except UnicodeDecodeError:
            problems.append(f"{rel}: binary content differs")
    return problems

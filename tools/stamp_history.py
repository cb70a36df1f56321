"""Which commit of an original a translation's `Translation-of:` stamp refers
to: the newest commit of the original whose fingerprint is the stamp."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from pelican.plugins.multilang.sources import parse_source, source_fingerprint


@dataclass(frozen=True)
class StampCommit:
    commit: str  # full hash
    day: str  # commit date, YYYY-MM-DD
    since: int  # commits to the original after it (0: edited, not committed yet)


def _git(root: str, *args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                              check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def history_length(root: str, original_path: str) -> int | None:
    """Commits that touched the original; None without Git history."""
    log = _git(root, "log", "--format=%H", "--", os.path.relpath(original_path, root))
    return len(log.split()) if log else None


def stamp_commit(root: str, original_path: str, recorded: str) -> StampCommit | None:
    """The commit of the original the translation was made from, or None when
    no commit in the history here has that fingerprint (or there is no Git)."""
    rel = os.path.relpath(original_path, root)
    log = _git(root, "log", "--format=%H %cs", "--", rel)
    for count, line in enumerate((log or "").splitlines()):
        sha, day = line.split()
        text = _git(root, "show", f"{sha}:{rel}")
        if text is not None and source_fingerprint(parse_source(rel, text)) == recorded:
            return StampCommit(sha, day, count)
    return None


def diff_command(commit: str, original_rel: str) -> str:
    """What to run to see the original's changes since the translated version."""
    return f"git diff {commit} -- {original_rel}"

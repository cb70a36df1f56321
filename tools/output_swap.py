"""Replace output/ with a freshly built site in one step.

The new site is built beside output/ and swapped in only after the build
succeeded, so a failed build leaves the last good site untouched. Files
whose bytes did not change keep their old modification time, so rsync and
deploy tools that compare size and time see only the real changes.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from typing import Callable


def keep_unchanged_times(new_root: str, old_root: str) -> tuple[int, int]:
    """Give files identical to their old version the old mtime.
    Returns (unchanged, changed or new)."""
    unchanged = changed = 0
    for dirpath, _dirnames, filenames in os.walk(new_root):
        for name in filenames:
            new = os.path.join(dirpath, name)
            old = os.path.join(old_root, os.path.relpath(new, new_root))
            if os.path.isfile(old) and filecmp.cmp(new, old, shallow=False):
                stat = os.stat(old)
                os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                unchanged += 1
            else:
                changed += 1
    return unchanged, changed


def build_and_swap(build: Callable[[str], None], output: str) -> tuple[int, int]:
    """Run build(staging_dir), then atomically put staging_dir at `output`."""
    output = os.path.abspath(output)
    parent = os.path.dirname(output)
    staging = tempfile.mkdtemp(prefix=".output-new-", dir=parent)
    try:
        build(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    counts = (0, 0)
    retired = None
    if os.path.isdir(output):
        counts = keep_unchanged_times(staging, output)
        retired = tempfile.mkdtemp(prefix=".output-old-", dir=parent)
        os.rmdir(retired)
        os.replace(output, retired)
    else:
        counts = (0, sum(len(files) for _, _, files in os.walk(staging)))
    os.replace(staging, output)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
    return counts

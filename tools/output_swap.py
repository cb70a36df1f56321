"""Replace output/ with a freshly built site in one step.

The new site is built beside output/ and swapped in only after the build
succeeded, so a failed build leaves the last good site untouched. Files
whose bytes did not change keep their old modification time, so rsync and
deploy tools that compare size and time see only the real changes.

"Succeeded" includes: nothing is missing. Pelican only warns when it cannot
copy a static file (a dangling symbolic link in ``theme/static`` or
``content/images``, an unreadable file) and exits 0 with the file absent.
``python -m tools.output_swap <pelican arguments>`` (what ``invoke build``
and ``invoke publish`` run) runs Pelican and turns those warnings into a
failed build: one line per missing file, exit status 1, so the staging
directory is dropped and output/ stays as it was.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence

# Pelican's own warnings (their format strings, as logged by pelican.utils
# and pelican.cache) that mean a file of the site was not written, and which
# argument names the file.
MISSING_OUTPUT = {
    "Skipped copy %s (not a file or directory) to %s": (0, "not a file (a dangling symbolic link?), so not copied"),
    "A problem occurred copying file %s to %s; %s": (0, "could not be copied"),
    "While copying %s: %s: %s": (1, "could not be read while copying"),
    "Cannot copy %s (a directory) to %s (a file)": (0, "a directory where the site has a file, so not copied"),
    "Cannot get modification stamp for %s\n\t%s": (0, "cannot be read (a dangling symbolic link?), so it is missing"),
}


class MissingOutputWatch(logging.Handler):
    """Collects, in one Pelican run, the warnings that mean missing output."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        known = MISSING_OUTPUT.get(record.msg) if isinstance(record.msg, str) else None
        if known is None:
            return
        index, what = known
        args = record.args if isinstance(record.args, tuple) else ()
        source = str(args[index]) if len(args) > index else "a file"
        problem = f"{source}: {what}"
        if problem not in self.problems:
            self.problems.append(problem)


def run_pelican(argv: Sequence[str]) -> int:
    """``pelican argv…``; exit status 1 when a file of the site is missing."""
    import pelican

    watch = MissingOutputWatch()
    pelican_logger = logging.getLogger("pelican")  # not the root: Pelican sets that up itself
    pelican_logger.addHandler(watch)
    try:
        pelican.main(list(argv))
    except SystemExit as exc:
        if exc.code:
            return exc.code if isinstance(exc.code, int) else 1
    finally:
        pelican_logger.removeHandler(watch)
    for problem in watch.problems:
        print(f"output_swap: build failed, a file is missing from the site: {problem}", file=sys.stderr)
    return 1 if watch.problems else 0


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


if __name__ == "__main__":
    sys.exit(run_pelican(sys.argv[1:]))

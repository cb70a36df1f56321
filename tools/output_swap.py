"""Replace output/ with a freshly built site in one step.

The new site is built in a staging directory beside the directory that
output/ names (its target, when output/ is a symlink) and swapped in only
after the build succeeded, so a failed build leaves the last good site
untouched. The swap is one system call where the platform has it
(Linux ``renameat2(RENAME_EXCHANGE)``): a reader of output/ sees either the
whole old site or the whole new one, never a missing file. A symlinked
output/ stays a symlink; its target directory gets the new content.

Builds that share an output/ take turns (an exclusive lock file beside it),
and staging directories left by a killed build are removed by the next one.
The site an exchange retires is kept as ``.output-spare``: the next build
empties its files and builds in it, so its thousand page folders are not
made again (creating folders is most of what a small rebuild writes). A
build that fails there on the file system (a new file where the retired
site had a folder of that name) is run again in a fresh folder.
Files whose bytes did not change keep their old modification time, so rsync
and deploy tools that compare size and time see only the real changes.

"Succeeded" includes: nothing is missing. Pelican only warns when it cannot
copy a static file (a dangling symbolic link in ``theme/static`` or
``content/images``, an unreadable file) and exits 0 with the file absent.
``MissingOutputWatch`` collects those warnings during a run; ``invoke
build`` and ``invoke publish`` (tools/build.py) turn them into a failed build,
one line per missing file, so the staging directory is dropped and output/
stays as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import filecmp
import glob
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator

STAGING_PREFIX = ".output-new-"
RETIRED_PREFIX = ".output-old-"
LOCK_NAME = ".output.lock"
SPARE_NAME = ".output-spare"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

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
        self.files: list[tuple[str, str]] = []  # (source path, what went wrong)

    def emit(self, record: logging.LogRecord) -> None:
        known = MISSING_OUTPUT.get(record.msg) if isinstance(record.msg, str) else None
        if known is None:
            return
        index, what = known
        args = record.args if isinstance(record.args, tuple) else ()
        source = str(args[index]) if len(args) > index else "a file"
        if (source, what) not in self.files:
            self.files.append((source, what))


def keep_unchanged_times(new_root: str, old_root: str) -> tuple[int, int]:
    """Give files identical to their old version the old mtime.
    Returns (unchanged, changed or new)."""
    unchanged = changed = 0
    for dirpath, _dirnames, filenames in os.walk(new_root):
        for name in filenames:
            new = os.path.join(dirpath, name)
            old = os.path.join(old_root, os.path.relpath(new, new_root))
            try:
                stat = os.stat(old)
            except OSError:
                changed += 1
                continue
            if os.path.samestat(stat, os.stat(new)):
                unchanged += 1  # a page the build reused: the old file itself (a hard link)
            elif os.path.isfile(old) and filecmp.cmp(new, old, shallow=False):
                os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                unchanged += 1
            else:
                changed += 1
    return unchanged, changed


def exchange(a: str, b: str) -> bool:
    """Swap two paths in one atomic step. False where the platform or the
    file system cannot (the caller then falls back to two renames)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), a, None, b)


@contextlib.contextmanager
def exclusive(lock_path: str) -> Iterator[None]:
    """Hold an exclusive lock on lock_path: a second build on the same
    output/ waits until the first has swapped its site in."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def remove_stale(parent: str) -> int:
    """Staging and retired directories left by killed builds (the caller
    holds the lock, so none of them belongs to a running build)."""
    stale = glob.glob(os.path.join(parent, STAGING_PREFIX + "*")) + glob.glob(
        os.path.join(parent, RETIRED_PREFIX + "*")
    )
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return len(stale)


def empty_files(root: str) -> None:
    """Remove every file (and symbolic link) under root, keeping the folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            os.unlink(os.path.join(dirpath, name))
        for name in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            os.unlink(os.path.join(dirpath, name))
            dirnames.remove(name)


def remove_empty_folders(root: str) -> None:
    """Folders the build left empty (a page that is gone): removed, deepest first."""
    for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
        if dirpath != root and not filenames:
            with contextlib.suppress(OSError):  # not empty: a subfolder holds files
                os.rmdir(dirpath)


def claim_spare(parent: str) -> str | None:
    """The retired site's folder as a new staging directory, its files removed; None if there is none."""
    spare = os.path.join(parent, SPARE_NAME)
    if os.path.islink(spare) or not os.path.isdir(spare):
        return None
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent)
    os.rmdir(staging)  # the name only: the caller holds the lock
    os.replace(spare, staging)
    try:
        empty_files(staging)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return None
    return staging


def _retire(old: str, parent: str) -> None:
    """Keep the retired site's folders for the next build (SPARE_NAME)."""
    spare = os.path.join(parent, SPARE_NAME)
    if os.path.islink(spare) or os.path.isfile(spare):
        os.unlink(spare)  # not ours: a link is removed, never what it points to
    elif os.path.isdir(spare):
        shutil.rmtree(spare, ignore_errors=True)
    try:
        os.replace(old, spare)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def swap_in(staging: str, target: str) -> None:
    """Put the complete directory `staging` at `target`; afterwards `staging`
    no longer exists (the old site is kept as SPARE_NAME beside it)."""
    parent = os.path.dirname(target)
    if not os.path.isdir(target):
        os.replace(staging, target)
        return
    if exchange(staging, target):
        _retire(staging, parent)  # now holds the old site
        return
    retired = tempfile.mkdtemp(prefix=RETIRED_PREFIX, dir=parent)
    os.rmdir(retired)
    os.replace(target, retired)
    os.replace(staging, target)
    _retire(retired, parent)


def build_and_swap(build: Callable[[str], None], output: str) -> tuple[int, int]:
    """Run build(staging_dir), then put staging_dir's content at `output` in
    one step. Returns (files unchanged, files new or changed)."""
    output = os.path.abspath(output)
    # a symlinked output/ keeps pointing where it did; its target gets the new site
    target = os.path.realpath(output) if os.path.islink(output) else output
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    with exclusive(os.path.join(parent, LOCK_NAME)):
        remove_stale(parent)
        recycled = claim_spare(parent)
        staging = recycled or tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent)
        try:
            try:
                build(staging)
            except OSError:
                if recycled is None:
                    raise
                # a file where the retired site had a folder of that name: build again from nothing
                shutil.rmtree(staging, ignore_errors=True)
                staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent)
                build(staging)
            remove_empty_folders(staging)
            os.chmod(staging, 0o755)
            if os.path.isdir(target):
                counts = keep_unchanged_times(staging, target)
            else:
                counts = (0, sum(len(files) for _, _, files in os.walk(staging)))
            swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return counts


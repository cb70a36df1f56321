"""`make serve` / `invoke livereload`: serve output/ and rebuild when a source changes.

The port is tried before anything is built, so a busy port is one line.
Each rebuild goes through the same checks and staging directory as
`invoke build`: a mistake prints its `path:line: message` lines, the last
good site keeps being served, and nothing is rebuilt until a file changes
again (never in a loop). The web server (tools/preview_server.py) reloads
the open tab after each rebuild and shows a failed one's lines in the page.
"""

from __future__ import annotations

import errno
import os
import socket
import time
from collections.abc import Callable, Iterable

# what a change to triggers a rebuild (relative to the project root)
WATCHED = ("content", "theme", "translations", "plugins", "pelicanconf.py")
IGNORED_SUFFIXES = (".mo", ".pyc", ".tmp", "~", ".swp")


def port_problem(host: str, port: int) -> str | None:
    """Why the preview cannot listen on host:port, in one line; None if it can."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} is already in use (another preview still running?): stop it, "
                        f"or pick another port: make serve PORT={port + 1} / invoke livereload --port {port + 1}")
            if exc.errno == errno.EACCES:
                return f"port {port} needs administrator rights: pick one above 1023, e.g. make serve PORT=8000"
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def snapshot(root: str, watched: Iterable[str] = WATCHED) -> dict[str, tuple[int, int]]:
    """Path → (mtime, size) of every watched file."""
    state = {}
    for name in watched:
        path = os.path.join(root, name)
        if os.path.isfile(path):
            stat = os.stat(path)
            state[name] = (stat.st_mtime_ns, stat.st_size)
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            for filename in filenames:
                if filename.startswith(".") or filename.endswith(IGNORED_SUFFIXES):
                    continue
                full = os.path.join(dirpath, filename)
                try:
                    stat = os.stat(full)
                except OSError:
                    continue
                state[os.path.relpath(full, root)] = (stat.st_mtime_ns, stat.st_size)
    return state


def changed_files(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def watch(build: Callable[[], object], take_snapshot: Callable[[], dict], report: Callable[[str], None], *,
          interval: float = 0.5, rounds: int | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
    """Call build() once per change of the watched files; a failed build waits
    for the next change like a good one. `rounds` bounds the loop (tests)."""
    state = take_snapshot()
    count = 0
    while rounds is None or count < rounds:
        count += 1
        sleep(interval)
        new = take_snapshot()
        changed = changed_files(state, new)
        if not changed:
            continue
        state = new
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        report(f"changed: {shown}; rebuilding")
        build()
        # files the build itself wrote (compiled catalogs) do not count as a change
        state = take_snapshot()

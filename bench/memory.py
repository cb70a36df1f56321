"""Where a cold build's memory goes: tracemalloc of this project's build.

`python -m bench --profile-memory --pages 400` runs one cold build of the
bench site (the same command as the benchmark, in a subprocess) with
tracemalloc on from the first source read (imports, settings and CLDR data
are left out: a tiny site's RSS shows them), takes a snapshot when the
build has written every page (before anything frees the pages' memoized
HTML) and prints the live memory by where it was allocated, as a Markdown
table. tracemalloc slows the build
about tenfold and counts only what Python allocates (not the allocator's own
overhead), so the peak RSS of the benchmark is the figure to compare with a
target; this table says what makes it up.
"""

from __future__ import annotations

import collections
import pathlib
import shutil
import sys
import tracemalloc

from .profile import _short
from .runners import ROOT, SAMPLE_FEED, _env, project_command, run_measured
from .sitegen import Manifest

FRAMES = 8


def _label(traceback: tracemalloc.Traceback) -> str:
    """The innermost frame in this project's code or templates, else the innermost one."""
    frames = list(reversed(traceback))  # tracemalloc lists the oldest frame first
    chosen = next((f for f in frames if str(ROOT) in f.filename and "/.venv/" not in f.filename), frames[0])
    return f"{_short(chosen.filename)}:{chosen.lineno}"


def snapshot_table(snapshot: tracemalloc.Snapshot, sources: int, top: int = 15) -> str:
    by_place: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    total = 0
    for stat in snapshot.statistics("traceback"):
        entry = by_place[_label(stat.traceback)]
        entry[0] += stat.size
        entry[1] += stat.count
        total += stat.size
    rows = sorted(by_place.items(), key=lambda kv: -kv[1][0])[:top]
    lines = [f"Python memory allocated since the first source was read and still live when the last page "
             f"was written: {total / 2**20:.1f} MB "
             f"({total / max(sources, 1) / 1024:.1f} KB per source file)", "",
             "| allocated at | MB | blocks | KB per source |", "| --- | --- | --- | --- |"]
    lines += [f"| `{place}` | {size / 2**20:.1f} | {count} | {size / max(sources, 1) / 1024:.2f} |"
              for place, (size, count) in rows]
    return "\n".join(lines)


def run_traced(pelican_args: list[str], sources: int, out: pathlib.Path) -> None:
    """In this process: the build with tracemalloc, the table written to `out`."""
    from pelican import main, signals

    tables = []

    def from_the_first_read(_generator):  # imports, settings and CLDR data are not counted
        if not tracemalloc.is_tracing():
            tracemalloc.start(FRAMES)

    # blinker calls receivers in the order they connected: these come before the plugins', so the
    # snapshot is taken before any plugin frees memory at `finalized`
    def at_the_end(_pelican):
        tables.append(snapshot_table(tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]), sources))
        tracemalloc.stop()

    handlers = [(signals.article_generator_preread, from_the_first_read),
                (signals.page_generator_preread, from_the_first_read), (signals.finalized, at_the_end)]
    for signal, handler in handlers:
        signal.connect(handler)
    try:
        main(pelican_args)
    finally:
        for signal, handler in handlers:
            signal.disconnect(handler)
    if not tables:
        raise SystemExit("bench.memory: the build did not finish")
    out.write_text(tables[0] + "\n", encoding="utf-8")


def profile_memory(manifest: Manifest, work: pathlib.Path) -> str:
    work.mkdir(parents=True, exist_ok=True)
    for path in (work / "output", work / "cache", work / "feed-cache"):
        shutil.rmtree(path, ignore_errors=True)
    cmd = project_command(manifest, work)
    assert cmd[1:3] == ["-m", "pelican"]
    table = work / "memory.md"
    traced = [cmd[0], "-m", "bench.memory", str(manifest.sources), str(table), *cmd[3:]]
    seconds, _cpu, rss = run_measured(traced, env=_env(CAMPAIGN_FEED=str(SAMPLE_FEED)), cwd=ROOT,
                                      log_path=work / "memory.log")
    head = (f"# tracemalloc, project cold build, {manifest.pages_per_lang}×{len(manifest.languages)} "
            f"({manifest.sources} sources): {seconds:.1f} s traced, peak RSS {rss:.0f} MB with the tracing\n")
    return head + "\n" + table.read_text("utf-8")


if __name__ == "__main__":
    run_traced(sys.argv[3:], int(sys.argv[1]), pathlib.Path(sys.argv[2]))

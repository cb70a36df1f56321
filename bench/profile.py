"""cProfile of this project's cold build, for the optimisation work.

`python -m bench --profile --pages 200` writes the profile to
<workdir>/project-cold.prof and prints the top functions by cumulative and by
own time. The build runs in a subprocess, exactly as in the benchmark
(`python -m cProfile -o FILE -m pelican …`).
"""

from __future__ import annotations

import io
import pathlib
import pstats
import shutil
import sys

from .runners import ROOT, SAMPLE_FEED, _env, project_command, run_measured
from .sitegen import Manifest


def _short(path: str) -> str:
    for marker in ("site-packages/", "/work/main/", str(ROOT) + "/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1] if "/" in path else path


def markdown_table(prof: pathlib.Path, top: int = 15, key: str = "cumulative",
                   skip=("<frozen runpy>", "builtins.exec", "pelican/__main__.py", "__init__.py:633(main)")) -> str:
    """Top functions as a Markdown table, with their share of the whole run."""
    stats = pstats.Stats(str(prof))
    total = max(ct for (_cc, _nc, _tt, ct, _callers) in stats.stats.values())
    rows = []
    index = 3 if key == "cumulative" else 2
    for func, (cc, nc, tt, ct, _callers) in sorted(stats.stats.items(), key=lambda kv: -kv[1][index]):
        filename, line, name = func
        label = f"{_short(filename)}:{line}({name})" if line else name
        if any(s in label for s in skip):
            continue
        calls = f"{nc}/{cc}" if nc != cc else str(nc)
        rows.append(f"| {len(rows) + 1} | `{label}` | {calls} | {tt:.2f} | {ct:.2f} | {100 * ct / total:.0f} % |")
        if len(rows) == top:
            break
    head = ["| # | function | calls | own s | cumulative s | share |", "| --- | --- | --- | --- | --- | --- |"]
    return "\n".join(head + rows)


def profile_project(manifest: Manifest, work: pathlib.Path, top: int = 15, *,
                    force_cache: bool = False, without_plugins=()) -> tuple[pathlib.Path, str]:
    work.mkdir(parents=True, exist_ok=True)
    for path in (work / "output", work / "cache", work / "feed-cache"):
        shutil.rmtree(path, ignore_errors=True)
    prof = work / "project-cold.prof"
    cmd = project_command(manifest, work, force_cache=force_cache, without_plugins=without_plugins)
    assert cmd[1:3] == ["-m", "pelican"]
    cmd = [cmd[0], "-m", "cProfile", "-o", str(prof), *cmd[1:]]
    seconds, _cpu, rss = run_measured(cmd, env=_env(CAMPAIGN_FEED=str(SAMPLE_FEED)), cwd=ROOT,
                                      log_path=work / "profile.log")
    out = io.StringIO()
    out.write(f"# cProfile, project cold build, {manifest.pages_per_lang}×{len(manifest.languages)}: "
              f"{seconds:.2f} s wall under the profiler, peak RSS {rss:.0f} MB\n")
    for key in ("cumulative", "tottime"):
        out.write(f"\n## top {top} by {key}\n")
        stats = pstats.Stats(str(prof), stream=out)
        stats.sort_stats(key).print_stats(top)
    out.write(f"\n## top {top} by cumulative time (Markdown)\n\n{markdown_table(prof, top)}\n")
    return prof, out.getvalue()


if __name__ == "__main__":  # python -m bench.profile FILE.prof [N] [cumulative|tottime] [filter]
    stats = pstats.Stats(sys.argv[1])
    stats.sort_stats(sys.argv[3] if len(sys.argv) > 3 else "cumulative")
    stats.print_stats(*( [sys.argv[4]] if len(sys.argv) > 4 else []), int(sys.argv[2]) if len(sys.argv) > 2 else 30)

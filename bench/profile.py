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
    return prof, out.getvalue()


if __name__ == "__main__":  # python -m bench.profile FILE.prof [N] [cumulative|tottime] [filter]
    stats = pstats.Stats(sys.argv[1])
    stats.sort_stats(sys.argv[3] if len(sys.argv) > 3 else "cumulative")
    stats.print_stats(*( [sys.argv[4]] if len(sys.argv) > 4 else []), int(sys.argv[2]) if len(sys.argv) > 2 else 30)

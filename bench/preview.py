"""The preview's rebuild after one saved file, measured inside one long-lived process.

`make serve` keeps one Python process: it builds, then rebuilds on every
change through the same checks, build and swap as `invoke build`
(tasks._build_and_swap). This probe does the same with the bench's content:
a first build, a second one (nothing changed: caches settled), then one
source file edited as an editor would, and the rebuild timed, wall and
CPU of this process. The preview's file watcher polls every 0.5 s
(tools/preview.py) and adds up to that much before the rebuild starts.
Prints one JSON line: seconds, cpu_seconds, peak_rss_mb.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time

from tools.build import build_site
from tools.output_swap import build_and_swap
from tools.site_files import SourceMemo

from . import ROOT
from .sitegen import edit_source


def rebuild(output: str, overrides: dict, memo: SourceMemo) -> None:
    # as tasks._build_and_swap does for the preview: pages whose inputs did not change are
    # linked from the live output, sources the checks saw unchanged are not checked again
    override = {**overrides, "INCREMENTAL": {"previous_output": output}}
    build_and_swap(lambda staging: build_site(str(ROOT), "pelicanconf.py", staging, override, memo=memo), output)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", required=True, help="the preview's output directory")
    parser.add_argument("--edit", required=True, help="the source file the editor saves")
    parser.add_argument("--overrides", required=True, help="settings (JSON) on top of pelicanconf.py")
    parser.add_argument("--run", type=int, default=0, help="which edit (each run adds another sentence)")
    args = parser.parse_args(argv)
    overrides = json.loads(args.overrides)
    output = os.path.abspath(args.output)
    memo = SourceMemo()
    rebuild(output, overrides, memo)
    rebuild(output, overrides, memo)
    original = edit_source(args.edit, args.run)
    try:
        started, cpu = time.perf_counter(), cpu_seconds()
        rebuild(output, overrides, memo)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    finally:
        with open(args.edit, "w", encoding="utf-8") as fp:
            fp.write(original)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "peak_rss_mb": round(peak, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

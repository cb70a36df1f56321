"""python -m bench --pages 200 --runs 3 --json --only project,floor,peer,hugo

Prints the table and the speed targets; with --json, stdout gets one JSON
object per measurement (tool, scenario, output_pages, seconds, peak_rss_mb,
…) and the table goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import sys
import tempfile
import time

from . import DEFAULT_TOOLS, LANGUAGES, TOOLS
from .report import json_lines, machine, summary, table, targets, targets_table
from .runners import MIN_CPU_SHARE, BuildFailed, Result, run_tool
from .sitegen import generate

_LAYOUT_OF = {"project": "project", "project-cached": "project", "floor": "floor",
              "peer": "peer", "hugo": "hugo"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", default="200",
                   help="source files per language; a comma list runs several sizes (200,2000)")
    p.add_argument("--runs", type=int, default=3, help="runs per scenario; the median is reported")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", default=",".join(DEFAULT_TOOLS),
                   help=f"comma list of {', '.join(TOOLS)} (default: {','.join(DEFAULT_TOOLS)})")
    p.add_argument("--json", action="store_true", help="JSON lines on stdout, the table on stderr")
    p.add_argument("--out", help="also append the JSON lines to this file")
    p.add_argument("--workdir", help="where to generate and build (default: a temporary directory)")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--no-install", action="store_true",
                   help="never create the peer venv (peer is skipped if it does not exist)")
    p.add_argument("--without-plugin", action="append", default=[], metavar="NAME",
                   help="drop a plugin from PLUGINS for the project builds (e.g. campaign_counter)")
    p.add_argument("--min-cpu-share", type=float,
                   default=float(os.environ.get("BENCH_MIN_CPU_SHARE", MIN_CPU_SHARE)),
                   help="re-take a Pelican run that got less than this share of a CPU "
                        f"(another process was busy; default {MIN_CPU_SHARE}, 0 turns it off)")
    p.add_argument("--profile", action="store_true",
                   help="instead of the benchmark: cProfile one cold project build at the first size")
    p.add_argument("--profile-memory", action="store_true",
                   help="instead of the benchmark: what holds the memory of one cold project build "
                        "(tracemalloc) at the first size")
    p.add_argument("--top", type=int, default=15, help="--profile: functions to list")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(x) for x in args.pages.split(",") if x.strip()]
    except ValueError:
        p.error("--pages takes numbers, e.g. 200 or 200,2000")
    if not args.sizes or min(args.sizes) < 1:
        p.error("--pages must be at least 1")
    args.tools = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = set(args.tools) - set(TOOLS)
    if unknown:
        p.error(f"unknown tool(s) {', '.join(sorted(unknown))}; choose from {', '.join(TOOLS)}")
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    log = sys.stderr if args.json else sys.stdout
    work = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="campaign-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    without = tuple(args.without_plugin)
    rows: list[dict] = []
    failed = False
    try:
        if args.profile_memory:
            from .memory import profile_memory

            size = args.sizes[0]
            manifest = generate(work / f"site-{size}", size, args.seed, layouts=("project",))
            print(profile_memory(manifest, work / f"run-{size}" / "memory"))
            return 0
        if args.profile:
            from .profile import profile_project

            size = args.sizes[0]
            manifest = generate(work / f"site-{size}", size, args.seed, layouts=("project",))
            prof, text = profile_project(manifest, work / f"run-{size}" / "profile", args.top,
                                         force_cache="project-cached" in args.tools,
                                         without_plugins=without)
            print(text)
            print(f"profile: {prof}" + ("" if args.keep or args.workdir else " (deleted: use --keep)"))
            return 0
        print(f"bench: {json.dumps(machine())}", file=log)
        for size in args.sizes:
            layouts = tuple(dict.fromkeys(_LAYOUT_OF[t] for t in args.tools))
            started = time.perf_counter()
            manifest = generate(work / f"site-{size}", size, args.seed, layouts=layouts)
            print(f"bench: {size}×{len(LANGUAGES)} = {manifest.sources} sources per layout "
                  f"generated in {time.perf_counter() - started:.1f} s under {work}", file=log)
            # Runs are interleaved (run 1 of every tool, then run 2, …) so that a
            # busy spell on a shared machine does not fall on one tool only.
            merged: dict[tuple[str, str], Result] = {}
            broken: set[str] = set()
            for run in range(args.runs):
                for tool in args.tools:
                    if tool in broken:
                        continue
                    started = time.perf_counter()
                    try:
                        results = run_tool(tool, manifest, work / f"run-{size}" / tool, 1,
                                           install=not args.no_install, without_plugins=without,
                                           min_share=args.min_cpu_share)
                    except BuildFailed as exc:
                        print(f"bench: {tool} FAILED: {exc}", file=sys.stderr)
                        failed = True
                        broken.add(tool)
                        continue
                    for result in results:
                        key = (result.tool, result.scenario)
                        if key not in merged:
                            merged[key] = result
                        else:
                            merged[key].samples += result.samples
                            merged[key].retries += result.retries
                        if result.skipped:
                            broken.add(tool)
                    print(f"bench: {size}×{len(LANGUAGES)} run {run + 1}/{args.runs} {tool}: "
                          f"{time.perf_counter() - started:.1f} s", file=log)
            for result in merged.values():
                row = summary(result)
                rows.append(row)
                if args.json:
                    sys.stdout.write(json_lines([row]))
                    sys.stdout.flush()
                if args.out:
                    with open(args.out, "a", encoding="utf-8") as fp:
                        fp.write(json_lines([row]))
        print("\n" + table(rows) + "\n", file=log)
        for project_tool in ("project", "project-cached"):
            if project_tool in args.tools:
                print(targets_table(targets(rows, project_tool), project_tool) + "\n", file=log)
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            print(f"bench: kept {work}", file=log)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

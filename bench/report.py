"""Medians, the table, JSON lines and the speed targets."""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import dataclass

from . import LANGUAGES
from .runners import Result, hugo_version


def machine() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fp:
            for line in fp:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as fp:
            for line in fp:
                if line.startswith("MemTotal:"):
                    mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        from importlib.metadata import version

        pelican = version("pelican")
        markdown = version("markdown")
    except Exception:  # pragma: no cover - not installed
        pelican = markdown = "?"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pelican": pelican,
        "markdown": markdown,
        "hugo": hugo_version(),
    }


def summary(result: Result) -> dict:
    """One JSON object: medians over the runs, the largest peak RSS."""
    out = {
        "tool": result.tool,
        "scenario": result.scenario,
        "pages_per_lang": result.pages_per_lang,
        "languages": len(LANGUAGES),
        "sources": result.sources,
    }
    if result.skipped or not result.samples:
        out.update(output_pages=None, content_pages=None, seconds=None, peak_rss_mb=None,
                   runs=0, skipped=result.skipped or "no samples")
        return out
    samples = result.samples
    seconds = statistics.median(s.seconds for s in samples)
    output_pages = samples[-1].output_pages
    out.update(
        output_pages=output_pages,
        content_pages=samples[-1].content_pages,
        seconds=round(seconds, 3),
        seconds_runs=[round(s.seconds, 3) for s in samples],
        cpu_seconds=round(statistics.median(s.cpu_seconds for s in samples), 3),
        peak_rss_mb=round(max(s.peak_rss_mb for s in samples), 1),
        ms_per_output_page=round(1000 * seconds / output_pages, 3) if output_pages else None,
        runs=len(samples),
        load_avg=round(max(s.load_before for s in samples), 2),
        retries=result.retries,
    )
    if result.note:
        out["note"] = result.note
    return out


def json_lines(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def table(rows: list[dict]) -> str:
    head = ("size", "tool", "scenario", "output pages", "median s", "min–max s", "ms/page",
            "peak RSS MB", "CPU s", "runs", "load")
    lines = []
    for r in rows:
        size = f"{r['pages_per_lang']}×{r['languages']}"
        if r.get("skipped"):
            lines.append((size, r["tool"], r["scenario"], "–", "skipped", r["skipped"], "", "", "", "0", ""))
            continue
        runs = r["seconds_runs"]
        lines.append((
            size, r["tool"], r["scenario"], str(r["output_pages"]), f"{r['seconds']:.2f}",
            f"{min(runs):.2f}–{max(runs):.2f}", f"{r['ms_per_output_page']:.2f}",
            f"{r['peak_rss_mb']:.0f}", f"{r['cpu_seconds']:.2f}", str(r["runs"]),
            f"{r.get('load_avg', -1):.1f}",
        ))
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(head)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
           "| " + " | ".join("-" * w for w in widths) + " |"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |" for line in lines]
    return "\n".join(out)


# --- speed targets ----------------------------------------------------------
@dataclass
class Check:
    size: str
    name: str
    value: float | None
    limit: float
    op: str  # "<=" or ">="
    detail: str
    cpu_value: float | None = None  # the same ratio from CPU seconds (less noisy on a busy machine)

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.limit if self.op == "<=" else self.value >= self.limit

    def line(self) -> str:
        status = {True: "met", False: "NOT met", None: "n/a"}[self.met]
        value = "–" if self.value is None else f"{self.value:.2f}"
        cpu = "–" if self.cpu_value is None else f"{self.cpu_value:.2f}"
        return (f"| {self.size} | {self.name} | {value} | {cpu} | {self.op} {self.limit:g} | {status} "
                f"| {self.detail} |")


def _find(rows, pages, tool, scenario):
    for r in rows:
        if (r["pages_per_lang"], r["tool"], r["scenario"]) == (pages, tool, scenario) and r.get("seconds"):
            return r
    return None


def _ratio(a, b):
    return a["seconds"] / b["seconds"] if a and b else None


def _cpu_ratio(a, b):
    return a["cpu_seconds"] / b["cpu_seconds"] if a and b and b["cpu_seconds"] else None


def targets(rows: list[dict], project_tool: str = "project") -> list[Check]:
    checks: list[Check] = []
    sizes = sorted({r["pages_per_lang"] for r in rows})
    for pages in sizes:
        size = f"{pages}×{len(LANGUAGES)}"
        cold = _find(rows, pages, project_tool, "cold")
        if not cold:
            continue
        warm = _find(rows, pages, project_tool, "warm")
        changed = _find(rows, pages, project_tool, "one-changed")
        feed_only = _find(rows, pages, project_tool, "feed-only")
        cold_j1 = _find(rows, pages, project_tool, "cold-j1")
        preview = _find(rows, pages, project_tool, "preview")
        floor = _find(rows, pages, "floor", "cold")
        peer = _find(rows, pages, "peer", "cold")
        hugo = _find(rows, pages, "hugo", "cold")

        def s(r):
            return f"{r['seconds']:.2f} s" if r else "not measured"

        checks += [
            Check(size, "cold / floor", _ratio(cold, floor), 1.1, "<=", f"{s(cold)} vs floor {s(floor)}",
                  _cpu_ratio(cold, floor)),
            Check(size, "peer / cold (speed-up)", _ratio(peer, cold), 3.0, ">=", f"peer {s(peer)}",
                  _cpu_ratio(peer, cold)),
            Check(size, "warm / cold", _ratio(warm, cold), 0.4, "<=", f"warm {s(warm)}",
                  _cpu_ratio(warm, cold)),
            Check(size, "one-changed / cold", _ratio(changed, cold), 0.15, "<=",
                  f"one changed {s(changed)}", _cpu_ratio(changed, cold)),
            Check(size, "feed-only / cold", _ratio(feed_only, cold), 0.1, "<=",
                  f"feed only {s(feed_only)}", _cpu_ratio(feed_only, cold)),
            Check(size, "cold / hugo", _ratio(cold, hugo), 2.5, "<=", f"hugo {s(hugo)} (Hugo uses every core)",
                  _cpu_ratio(cold, hugo)),
            Check(size, "cold every core / cold one core", _ratio(cold, cold_j1), 0.8, "<=",
                  f"one core {s(cold_j1)}", _cpu_ratio(cold, cold_j1)),
            Check(size, "preview: one saved file, seconds", preview["seconds"] if preview else None, 1.0, "<=",
                  "rebuild in the preview's process (+ up to 0.5 s until its watcher looks)",
                  preview["cpu_seconds"] if preview else None),
        ]
        rss = [r["peak_rss_mb"] for r in (cold, cold_j1, warm, changed, feed_only, preview) if r]
        checks.append(Check(size, "peak RSS MB", max(rss), 600, "<=", f"{project_tool}, all scenarios"))
    if len(sizes) > 1:
        small = _find(rows, sizes[0], project_tool, "cold")
        large = _find(rows, sizes[-1], project_tool, "cold")
        if small and large:
            growth = large["ms_per_output_page"] / small["ms_per_output_page"]
            cpu_growth = (large["cpu_seconds"] / large["output_pages"]) / (
                small["cpu_seconds"] / small["output_pages"])
            checks.append(Check(
                f"{sizes[-1]} vs {sizes[0]}", "ms per output page, growth", growth, 1.15, "<=",
                f"{small['ms_per_output_page']:.2f} → {large['ms_per_output_page']:.2f} ms/page",
                cpu_growth,
            ))
    return checks


def targets_table(checks: list[Check], project_tool: str = "project") -> str:
    head = [f"| size | target ({project_tool}) | wall ratio | CPU ratio | limit | status (wall) | detail |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    return "\n".join(head + [c.line() for c in checks])


def main(argv=None) -> int:
    """python -m bench.report RESULTS.jsonl [MORE.jsonl …]: the tables again,
    from JSON lines written by --out (e.g. one run at 200 and one at 2000)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.report", description=main.__doc__)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    rows = []
    for name in args.files:
        with open(name, encoding="utf-8") as fp:
            rows += [json.loads(line) for line in fp if line.strip()]
    print(table(rows) + "\n")
    for project_tool in ("project", "project-cached"):
        if any(r["tool"] == project_tool for r in rows):
            print(targets_table(targets(rows, project_tool), project_tool) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

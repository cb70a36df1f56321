"""`python -m bench` (invoke bench) works: a tiny run, not a timing test.

3 source files × 5 languages, one run, this project and the single-language
floor (and the i18n_subsites peer only when its venv already exists: the
test never creates a venv or downloads anything).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from bench import LANGUAGES, sitegen
from bench.runners import ensure_peer_venv

pytestmark = pytest.mark.slow(seconds=9)  # about how long this module takes

ROOT = pathlib.Path(__file__).resolve().parent.parent

PAGES = 3
REQUIRED = {"tool": str, "scenario": str, "output_pages": int, "seconds": float, "peak_rss_mb": float}


def test_generator_is_deterministic_and_complete(tmp_path):
    one = sitegen.generate(tmp_path / "a", PAGES, seed=7)
    sitegen.generate(tmp_path / "b", PAGES, seed=7)  # the same seed: the same files
    sitegen.generate(tmp_path / "c", PAGES, seed=8)
    for layout in sitegen.LAYOUTS:
        files_one = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / layout / "content").rglob("*.md"))
        files_two = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b" / layout / "content").rglob("*.md"))
        assert files_one == files_two
        assert len(files_one) == PAGES * len(LANGUAGES) == one.sources
        for rel in files_one:
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
        assert len(one.content_outputs[layout]) == one.sources
    assert (tmp_path / "a/project/content/de/pages/index.md").read_text() != (
        tmp_path / "c/project/content/de/pages/index.md"
    ).read_text()
    # the project layout: same file names in every language, this project's front matter
    for lang in LANGUAGES:
        names = sorted(p.name for p in (tmp_path / "a/project/content" / lang).rglob("*.md"))
        assert names == sorted(p.name for p in (tmp_path / "a/project/content/en").rglob("*.md"))
    home = (tmp_path / "a/project/content/fr/pages/index.md").read_text(encoding="utf-8")
    assert home.startswith("Title: ") and "\nTemplate: home\n" in home and "\nSummary: " in home
    news = next((tmp_path / "a/project/content/ru/news").glob("*.md")).read_text(encoding="utf-8")
    assert "\nDate: " in news and "Lang:" not in news


def test_counter_marker_and_dates_at_realistic_size(tmp_path):
    manifest = sitegen.generate(tmp_path, 20, seed=1, layouts=("project",))
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "project/content").rglob("*.md")]
    assert sum(sitegen.COUNTER_MARKER in t for t in texts) >= 5
    assert sum("\nDate: " in t for t in texts) == len(LANGUAGES) * sum(d.kind == "news" for d in manifest.docs)
    assert any("{filename}" in t for t in texts)


def test_bench_runs_at_a_tiny_size(tmp_path):
    tools = ["project", "floor"]
    if ensure_peer_venv(install=False) is None:
        tools.append("peer")
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--pages", str(PAGES), "--runs", "1", "--json",
         "--no-install", "--min-cpu-share", "0", "--only", ",".join(tools),
         "--workdir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    expected = {("project", scenario) for scenario in
                ("cold", "cold-j1", "warm", "one-changed", "feed-only", "template-changed", "preview")} | {("floor", "cold")}
    if "peer" in tools:
        expected.add(("peer", "cold"))
    assert {(r["tool"], r["scenario"]) for r in rows} == expected
    sources = PAGES * len(LANGUAGES)
    for row in rows:
        for key, kind in REQUIRED.items():
            assert isinstance(row[key], kind), (key, row)
        assert row["seconds"] > 0 and row["peak_rss_mb"] > 10
        assert row["sources"] == sources
        # every generated source became its page, plus the listings
        assert row["content_pages"] == sources, row
        assert row["output_pages"] >= sources, row
    project = [r for r in rows if r["tool"] == "project"]
    # same content, same settings: every scenario writes the same pages
    assert len({r["output_pages"] for r in project}) == 1
    # root picker + 404 + per language: content, news index, 404
    assert project[0]["output_pages"] == sources + 2 + 2 * len(LANGUAGES)
    assert "| project" in proc.stderr and "cold / floor" in proc.stderr


def test_bench_rejects_unknown_tool():
    proc = subprocess.run([sys.executable, "-m", "bench", "--only", "jekyll"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "unknown tool" in proc.stderr


@pytest.mark.parametrize("layout", sitegen.LAYOUTS)
def test_links_point_at_generated_files(tmp_path, layout):
    manifest = sitegen.generate(tmp_path, 12, seed=3, layouts=(layout,))
    content = manifest.content_path(layout)
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for chunk in text.split("{filename}")[1:]:
            target = chunk.split(")", 1)[0]
            assert (path.parent / target).resolve().is_file(), (path, target)


def test_invoke_bench_task_when_present(tmp_path):
    """`invoke bench` (tasks.py) wraps `python -m bench`; skipped until the task exists."""
    invoke = pathlib.Path(sys.executable).with_name("invoke")
    if not invoke.exists():
        pytest.skip("invoke is not installed next to this Python")
    listing = subprocess.run([str(invoke), "--list"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if not any(line.split()[:1] == ["bench"] for line in listing.stdout.splitlines()):
        pytest.skip("tasks.py has no `bench` task yet")
    env = {**os.environ, "BENCH_MIN_CPU_SHARE": "0"}
    proc = subprocess.run(
        [str(invoke), "bench", "--pages", "2", "--runs", "1", "--only", "floor", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [(r["tool"], r["scenario"], r["content_pages"]) for r in rows] == [("floor", "cold", 2 * len(LANGUAGES))]


def _hold_two_megabytes() -> list[bytes]:
    return [bytes(1024) for _ in range(2048)]  # the line the memory table must name


def test_memory_table_names_the_line_of_the_project_that_holds_the_memory():
    import tracemalloc

    from bench.memory import snapshot_table

    tracemalloc.start(8)
    try:
        held = _hold_two_megabytes()
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    table = snapshot_table(snapshot, sources=4)
    first_row = next(line for line in table.splitlines() if line.startswith("| `"))
    line = _hold_two_megabytes.__code__.co_firstlineno + 1
    assert first_row.startswith(f"| `tests/test_bench.py:{line}` | 2.") and len(held) == 2048

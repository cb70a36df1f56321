"""output/ is replaced only by a complete build, keeping the times of
files whose bytes did not change."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest

from tools import output_swap
from tools.output_swap import LOCK_NAME, STAGING_PREFIX, build_and_swap


def site(files):
    def build(root):
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fp:
                fp.write(text)
    return build


def test_failed_build_leaves_the_last_good_output_untouched(tmp_path):
    output = tmp_path / "output"
    build_and_swap(site({"index.html": "good", "de/index.html": "gut"}), str(output))

    def broken(root):
        with open(os.path.join(root, "index.html"), "w") as fp:
            fp.write("half")
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        build_and_swap(broken, str(output))
    assert (output / "index.html").read_text() == "good"
    assert (output / "de/index.html").read_text() == "gut"
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME)
    assert left == ["output"], "no staging directory left behind"


def test_unchanged_files_keep_their_time_changed_ones_do_not(tmp_path):
    output = tmp_path / "output"
    build_and_swap(site({"a.html": "same", "b.html": "old", "gone.html": "x"}), str(output))
    os.utime(output / "a.html", (1_000_000, 1_000_000))
    os.utime(output / "b.html", (1_000_000, 1_000_000))
    unchanged, changed = build_and_swap(site({"a.html": "same", "b.html": "new", "c.html": "added"}), str(output))
    assert (unchanged, changed) == (1, 2)
    assert (output / "a.html").stat().st_mtime == 1_000_000
    assert (output / "b.html").stat().st_mtime != 1_000_000
    assert (output / "b.html").read_text() == "new"
    assert not (output / "gone.html").exists()


def _read_until_stopped(output, stop, reads, missing):
    while not stop.is_set():
        for rel in ("index.html", "de/index.html"):
            try:
                with open(os.path.join(output, rel)) as fp:
                    fp.read()
                reads.value += 1
            except FileNotFoundError:
                missing.value += 1


def test_a_reader_never_sees_a_missing_file_while_sites_are_swapped_in(tmp_path):
    output = tmp_path / "output"
    build_and_swap(site({"index.html": "0", "de/index.html": "0"}), str(output))
    ctx = multiprocessing.get_context("fork")
    stop, reads, missing = ctx.Event(), ctx.Value("i", 0), ctx.Value("i", 0)
    reader = ctx.Process(target=_read_until_stopped, args=(str(output), stop, reads, missing))
    reader.start()
    try:
        while reads.value == 0:
            time.sleep(0.01)
        for n in range(1, 150):
            build_and_swap(site({"index.html": str(n), "de/index.html": str(n)}), str(output))
    finally:
        stop.set()
        reader.join()
    assert missing.value == 0, f"{missing.value} of {reads.value + missing.value} reads found no file"
    assert (output / "index.html").read_text() == "149"


def test_the_two_rename_fallback_also_replaces_the_site(tmp_path, monkeypatch):
    monkeypatch.setattr(output_swap, "exchange", lambda a, b: False)  # a platform without renameat2
    output = tmp_path / "output"
    build_and_swap(site({"index.html": "old", "old.html": "x"}), str(output))
    build_and_swap(site({"index.html": "new"}), str(output))
    assert (output / "index.html").read_text() == "new"
    assert not (output / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME) == ["output"]


def test_a_symlinked_output_stays_a_symlink_and_its_target_gets_the_new_site(tmp_path):
    served = tmp_path / "srv" / "site"
    build_and_swap(site({"index.html": "old"}), str(served))
    output = tmp_path / "project" / "output"
    output.parent.mkdir()
    output.symlink_to(served)
    build_and_swap(site({"index.html": "new"}), str(output))
    assert output.is_symlink()
    assert os.path.realpath(output) == str(served)
    assert (served / "index.html").read_text() == "new"


def test_staging_directories_of_a_killed_build_are_removed_by_the_next_build(tmp_path):
    output = tmp_path / "output"
    stale = tmp_path / (STAGING_PREFIX + "killed")
    (stale / "de").mkdir(parents=True)
    (stale / "de" / "index.html").write_text("half")
    build_and_swap(site({"index.html": "good"}), str(output))
    assert not stale.exists()
    assert (output / "index.html").read_text() == "good"


def test_two_builds_on_one_output_take_turns(tmp_path):
    output = tmp_path / "output"
    events = []

    def slow(name):
        def build(root):
            events.append(f"{name} starts")
            time.sleep(0.3)
            site({"index.html": name})(root)
            events.append(f"{name} ends")
        return build

    first = threading.Thread(target=build_and_swap, args=(slow("a"), str(output)))
    first.start()
    time.sleep(0.1)
    build_and_swap(slow("b"), str(output))
    first.join()
    assert events == ["a starts", "a ends", "b starts", "b ends"]
    assert (output / "index.html").read_text() == "b"

"""output/ is replaced only by a complete build, keeping the times of
files whose bytes did not change."""

from __future__ import annotations

import os

import pytest

from tools.output_swap import build_and_swap


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
    assert [p.name for p in tmp_path.iterdir()] == ["output"], "no staging directory left behind"


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

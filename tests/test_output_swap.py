"""output/ is replaced only by a complete build, keeping the times of
files whose bytes did not change."""

from __future__ import annotations

import json
import multiprocessing
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tools import output_swap
from tools.output_swap import LOCK_NAME, SPARE_NAME, STAGING_PREFIX, build_and_swap

ROOT = pathlib.Path(__file__).resolve().parent.parent


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
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME) == [SPARE_NAME, "output"]


def test_the_next_build_reuses_the_retired_sites_folders_and_leaves_no_trace_of_its_files(tmp_path):
    output = tmp_path / "output"
    build_and_swap(site({"a/index.html": "1", "b/index.html": "1", "b/c/x.html": "1"}), str(output))
    folder = (output / "a").stat().st_ino
    build_and_swap(site({"a/index.html": "2", "b/index.html": "2", "b/c/x.html": "2"}), str(output))
    assert (tmp_path / SPARE_NAME / "a" / "index.html").read_text() == "1", "the retired site is kept"
    build_and_swap(site({"a/index.html": "3"}), str(output))
    assert (output / "a").stat().st_ino == folder, "the first site's folder was built in again"
    assert sorted(str(p.relative_to(output)) for p in output.rglob("*")) == ["a", "a/index.html"]
    assert (output / "a" / "index.html").read_text() == "3"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME) == [SPARE_NAME, "output"]


@pytest.mark.parametrize("in_the_way", ["file", "symlink"])
def test_a_file_or_link_named_like_the_spare_is_replaced_and_what_a_link_names_is_kept(tmp_path, in_the_way):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("kept")
    if in_the_way == "file":
        (tmp_path / SPARE_NAME).write_text("not a site")
    else:
        (tmp_path / SPARE_NAME).symlink_to(elsewhere)
    build_and_swap(site({"a/index.html": "1"}), str(output))
    build_and_swap(site({"a/index.html": "2"}), str(output))
    assert (tmp_path / SPARE_NAME).is_dir() and not (tmp_path / SPARE_NAME).is_symlink()
    assert (tmp_path / SPARE_NAME / "a" / "index.html").read_text() == "1"
    assert (elsewhere / "keep.txt").read_text() == "kept"


def test_a_file_where_the_retired_site_had_a_folder_builds_as_from_scratch(tmp_path):
    """The spare keeps the old site's folders; a new site with a file of that name must still build."""
    output = tmp_path / "output"
    build_and_swap(site({"report/index.html": "old"}), str(output))
    build_and_swap(site({"report/index.html": "old"}), str(output))  # the spare now holds report/
    build_and_swap(site({"report": "new"}), str(output))  # IsADirectoryError in the spare's report/
    assert (output / "report").read_text() == "new"

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


# --- a file Pelican could not copy fails the build -----------------------------


def small_site(root):
    """A site of one page and one picture with a theme of its own (Pelican's
    simple templates and one stylesheet): what matters here is Pelican's
    copying of static files, not any campaign."""
    import pelican

    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(pathlib.Path(pelican.__file__).parent / "themes" / "simple", root / "theme")
    (root / "theme" / "static" / "css").mkdir(parents=True)
    (root / "theme" / "static" / "css" / "site.css").write_text("body { margin: 0; }\n")
    (root / "content" / "pages").mkdir(parents=True)
    (root / "content" / "pages" / "about.md").write_text("Title: About\n\nText.\n")
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "settings.py").write_text(
        f"PATH = {str(root / 'content')!r}\nTHEME = {str(root / 'theme')!r}\n"
        "STATIC_PATHS = ['images']\nPLUGINS = []\nCACHE_CONTENT = False\nTIMEZONE = 'UTC'\n"
        "SITENAME = 'Small'\nAUTHOR = 'Test'\nSITEURL = ''\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
    )
    return root


_WATCHED_RUN = """
import json, logging, sys
from pelican import Pelican
from pelican.settings import read_settings
from tools.output_swap import MissingOutputWatch
watch = MissingOutputWatch()
logging.getLogger().addHandler(watch)
Pelican(read_settings(sys.argv[1], override={"OUTPUT_PATH": sys.argv[2]})).run()
print(json.dumps(watch.files))
"""


def pelican_into(settings):
    """Pelican into the staging directory, watched as tools/build.py watches
    invoke build: a warning that means a missing file fails the build. In a
    process of its own, as signal handlers of other tests' plugins would
    otherwise join this plugin-less run."""

    def build(staging):
        done = subprocess.run([sys.executable, "-c", _WATCHED_RUN, str(settings), staging], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        files = [tuple(pair) for pair in json.loads(done.stdout.splitlines()[-1])]
        if files:
            raise BuildFailed(files)

    return build


class BuildFailed(Exception):
    def __init__(self, files):
        super().__init__(files)
        self.files = files


def snapshot(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", ["theme/static/css/gone.css", "content/images/gone.png"])
def test_a_static_file_pelican_cannot_copy_fails_the_build_and_leaves_output_untouched(tmp_path, where):
    site = small_site(tmp_path / "site")
    output = tmp_path / "output"
    build_and_swap(pelican_into(site / "settings.py"), str(output))
    assert (output / "theme" / "css" / "site.css").exists() and (output / "images" / "photo.png").exists()
    before = snapshot(output)

    (site / where).symlink_to(tmp_path / "nowhere")  # a dangling symbolic link
    with pytest.raises(BuildFailed) as failed:
        build_and_swap(pelican_into(site / "settings.py"), str(output))
    ((source, what),) = failed.value.files  # one line for the one missing file
    assert source == str(site / where)
    assert "dangling symbolic link" in what
    assert snapshot(output) == before, "output/ is the last complete site"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME) == ["output", "site"], "no staging directory left behind"


def test_a_dangling_link_in_the_theme_does_not_crash_the_incremental_fingerprint(tmp_path):
    """The incremental plugin hashes the theme: a link to nowhere must leave
    the one-line missing-file report above to say what is wrong, not a traceback."""
    from pelican.plugins.incremental.fingerprints import base_digest

    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "static" / "site.css").write_text("body {}")
    settings = {"THEME": str(theme), "DATA_PATH": str(tmp_path / "data")}
    before = base_digest(settings, str(tmp_path / "translations"))
    (theme / "static" / "gone.css").symlink_to(tmp_path / "nowhere")
    assert base_digest(settings, str(tmp_path / "translations")) != before

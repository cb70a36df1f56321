"""output/ is replaced only by a complete build, keeping the times of
files whose bytes did not change."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tools.output_swap import build_and_swap

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


def pelican_into(settings):
    """What invoke build runs: python -m tools.output_swap (Pelican) into the staging directory."""

    def build(staging):
        done = subprocess.run(
            [sys.executable, "-m", "tools.output_swap", "-s", str(settings), "-o", staging, "--fatal", "errors"],
            check=False, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"},
        )
        if done.returncode:
            raise BuildFailed(done.stderr)

    return build


class BuildFailed(Exception):
    pass


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
    lines = [line for line in str(failed.value).splitlines() if line.startswith("output_swap:")]
    assert len(lines) == 1, str(failed.value)
    assert lines[0].startswith(f"output_swap: build failed, a file is missing from the site: {site / where}: ")
    assert "dangling symbolic link" in lines[0]
    assert snapshot(output) == before, "output/ is the last complete site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "site"], "no staging directory left behind"


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

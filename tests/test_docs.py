"""The architecture document stays true: every path it names exists."""

from __future__ import annotations

import re

import pytest

from tests.sitebuild import ROOT

DOC = ROOT / "docs" / "architecture.md"
# `plugins/…`, `theme/…`, `tools/…`, `docs/…`, top-level files such as `pelicanconf.py`
PATH = re.compile(r"`((?:plugins|theme|tools|docs|tests|deploy|bench|content|translations|\.github)/[^`\s:]*"
                  r"|[A-Za-z_]+\.(?:py|toml|cfg|md))`")


def _named_paths() -> list[str]:
    return sorted(set(PATH.findall(DOC.read_text(encoding="utf-8"))))


def test_the_architecture_document_names_paths():
    assert len(_named_paths()) > 10


@pytest.mark.parametrize("path", _named_paths())
def test_every_path_in_the_architecture_document_exists(path):
    if "*" in path:  # a glob: at least one file matches
        assert list(ROOT.glob(path)), f"docs/architecture.md names {path}, which matches nothing"
        return
    placeholder = "<" in path  # content/<lang>/… stands for a family of paths
    target = ROOT / path.split("<")[0] if placeholder else ROOT / path
    if "/" not in path and not (ROOT / path).exists():
        # a bare module name (`config.py`) lives in the folder named in the same row
        matches = list((ROOT / "plugins").rglob(path)) + list((ROOT / "tools").glob(path))
        assert matches, f"docs/architecture.md names {path}, which no longer exists"
        return
    assert target.exists(), f"docs/architecture.md names {path}, which no longer exists"


PROCESS_WORDS = re.compile(r"\b(?:issue|ticket|task)[ -]?#?\d+\b", re.IGNORECASE)
PRODUCT_SUFFIXES = {".py", ".md", ".html", ".css", ".js", ".cfg", ".toml", ".yml", ".yaml", ".po", ".txt"}


def test_product_files_name_no_issue_numbers():
    """Files a campaign team reads and keeps say what the code does, not which issue it came from."""
    import subprocess

    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a Git checkout")
    found = []
    for name in listed.stdout.splitlines():
        path = ROOT / name
        if path.suffix not in PRODUCT_SUFFIXES or "/expected/" in name or not path.is_file():
            continue
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if PROCESS_WORDS.search(line):
                found.append(f"{name}:{number}: {line.strip()[:80]}")
    assert found == []

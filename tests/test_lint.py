"""The code stays as ruff (pyproject.toml) wants it, so no change lands with
an unused import, a shadowed fixture or an unsorted import block."""

from __future__ import annotations

import subprocess
import sys

from tests.sitebuild import ROOT


def test_ruff_finds_nothing_in_the_project():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr

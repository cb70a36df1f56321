"""`make help` (and `make` alone) lists every Makefile target with its `## ...` description."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.sitebuild import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def described_targets() -> dict[str, str]:
    text = (ROOT / "Makefile").read_text("utf-8")
    return dict(re.findall(r"^([a-z][a-z-]*):[^#\n]*## (.+)$", text, re.M))


def listed(*args) -> dict[str, str]:
    out = subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return dict(re.findall(r"^  make (\S+) +(.+)$", out, re.M))


def test_make_help_lists_every_described_target_with_its_description():
    targets = described_targets()
    assert {"build", "test", "serve", "check", "publish", "clean", "help"} <= set(targets)
    shown = listed("help")
    assert set(shown) == set(targets)
    for name, description in targets.items():
        assert shown[name] == description.replace("$(PORT)", "8000")


def test_every_phony_target_has_a_description_and_make_alone_shows_help():
    phony = re.search(r"^\.PHONY: (.+)$", (ROOT / "Makefile").read_text("utf-8"), re.M).group(1).split()
    assert set(phony) <= set(described_targets())
    assert listed() == listed("help")
    assert listed("help", "PORT=8123")["serve"].startswith("Build and preview on http://127.0.0.1:8123 ")

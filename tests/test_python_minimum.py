"""The Python the Makefile demands is the oldest one every pinned requirement accepts,
and an older one is refused with one plain line before anything is installed."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
from importlib import metadata

from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parent.parent


def makefile_minimum() -> str:
    return re.search(r"^PYTHON_MIN := (\S+)$", (ROOT / "Makefile").read_text("utf-8"), re.M).group(1)


def pinned(requirements: str) -> list[str]:
    names = []
    for raw in (ROOT / requirements).read_text("utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.append(re.split(r"[=<>!~\[ ]", line, maxsplit=1)[0])
    return names


def oldest_accepted(specifiers: list[SpecifierSet]) -> Version:
    candidates = [Version(f"3.{minor}.{patch}") for minor in range(8, 20) for patch in range(0, 30)]
    return next(v for v in candidates if all(v in s for s in specifiers))


def test_makefile_minimum_is_the_oldest_python_the_pinned_requirements_accept():
    specifiers = {}
    for name in pinned("requirements.txt") + pinned("requirements-dev.txt"):
        requires = metadata.metadata(name).get("Requires-Python")
        if requires:
            specifiers[name] = SpecifierSet(requires)
    assert "soupsieve" in specifiers and len(specifiers) > 20
    assert str(oldest_accepted(list(specifiers.values()))) == makefile_minimum()
    declared = re.search(r'^requires-python = "([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8"), re.M).group(1)
    assert declared == f">={makefile_minimum()}"


def test_an_older_python_is_refused_with_one_line_before_any_install(tmp_path):
    venv = tmp_path / "venv"
    run = subprocess.run(["make", "-s", "build", "PYTHON_MIN=3.99.0", f"VENV={venv}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode != 0
    ours = [line for line in run.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert len(ours) == 1 and "needs Python 3.99.0 or newer" in ours[0] and "make PYTHON=" in ours[0], run.stderr
    assert not venv.exists(), "nothing may be installed with a Python that is too old"


def test_the_current_python_passes_the_check():
    run = subprocess.run(["make", "-s", "python-version", f"PYTHON={sys.executable}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0 and run.stdout == run.stderr == ""

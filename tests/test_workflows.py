"""The GitHub workflows and the Dependabot configuration, checked by tools made for them, offline.

- zizmor (security audit; .github/zizmor.yml: every action pinned by commit);
- check-jsonschema with its vendored schemas for workflows and Dependabot;
- actionlint (expressions, job graph, runner labels, the shell in `run:`), where
  it is installed: its package fetches the binary from GitHub, so the GitHub
  workflow installs requirements-actionlint.txt and sets ACTIONLINT_REQUIRED=1,
  and elsewhere the test skips with a message.

Each tool is also shown a broken copy, so a tool that checks nothing fails here.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"
VENV_BIN = pathlib.Path(sys.executable).parent


def tool(name: str) -> str | None:
    candidate = VENV_BIN / name
    return str(candidate) if candidate.is_file() else shutil.which(name)


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


def broken_copy(tmp_path: pathlib.Path, old: str, new: str) -> pathlib.Path:
    """site.yml with one change, in a .github/workflows folder as the tools expect."""
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8")
    assert old in text, f"the control edit needs {old!r} in site.yml"
    path = tmp_path / ".github" / "workflows" / "site.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def check_jsonschema(schema: str, path: pathlib.Path) -> subprocess.CompletedProcess:
    return run(tool("check-jsonschema") or "check-jsonschema", "--builtin-schema", schema, str(path))


def zizmor(*paths: pathlib.Path) -> subprocess.CompletedProcess:
    return run(tool("zizmor") or "zizmor", "--offline", "--no-progress", "--config", str(ZIZMOR_CONFIG),
               *map(str, paths))


def test_there_are_workflows_to_check():
    assert WORKFLOWS and DEPENDABOT.is_file()


def test_zizmor_finds_nothing_in_the_workflows():
    result = zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_refuses_an_action_pinned_to_a_moving_tag(tmp_path):
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8")
    pinned = next(line.split("uses: ")[1] for line in text.splitlines() if "uses: actions/checkout@" in line)
    result = zizmor(broken_copy(tmp_path, pinned, "actions/checkout@v4"))
    assert result.returncode != 0 and "unpinned-uses" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path):
    result = check_jsonschema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_configuration_matches_its_schema():
    result = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_refuses_a_misspelt_key(tmp_path):
    path = broken_copy(tmp_path, "    runs-on: ubuntu-24.04\n", "    run-on: ubuntu-24.04\n")
    result = check_jsonschema("vendor.github-workflows", path)
    assert result.returncode != 0


@pytest.fixture(scope="module")
def actionlint():
    found = tool("actionlint")
    if found is None:
        message = ("actionlint is not installed (pip install -r requirements-actionlint.txt, "
                   "which downloads it from GitHub); the GitHub workflow runs it")
        if os.environ.get("ACTIONLINT_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_actionlint_finds_nothing_in_the_workflows(actionlint):
    result = run(actionlint, "-no-color", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_refuses_a_reference_to_an_unknown_step(actionlint, tmp_path):
    path = broken_copy(tmp_path, "steps.decision.outputs.deploy == 'true'", "steps.decided.outputs.deploy == 'true'")
    result = run(actionlint, "-no-color", str(path))
    assert result.returncode != 0 and "decided" in result.stdout

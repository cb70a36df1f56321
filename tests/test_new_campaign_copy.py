"""A new campaign starts from a copy of this repository: it replaces content/,
its catalogs and its settings (docs/new-campaign.md), touches no code, and its
own CI must be green and meaningful.

This test does exactly that with the second campaign (tests/data/open-campaign)
in a throw-away copy, then runs `invoke check` and the quality gates there
through `invoke test`, the entry point `make test` uses. The browser and
publish gates run too when their tools are installed (they skip, or fail
under GATES_REQUIRED=1, like the gates of this campaign). Tests marked
`engine` (a gate's control page, the publish build's failure handling, the
hash-seed probe) prove the same thing whatever content/ holds and already ran
in this suite: the copy skips them (-m "not engine").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import OPEN_CAMPAIGN
from tests.gates import VNU_DEFAULT_JAR
from tests.sitebuild import ROOT

IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "output", "cache", "screenshots", "node_modules", ".pytest_cache", "__pycache__", "*.pyc",
    "*.mo", ".output-*", "expected", "*.egg-info",
)
# The gates and the site-wide checks: what CI runs on whatever content/ holds.
GATES = ["tests/test_site.py", "tests/test_gates_links.py", "tests/test_gates_weight.py",
         "tests/test_gates_html.py", "tests/test_gates_browser.py", "tests/test_gates_publish.py"]


def replace_campaign(project) -> None:
    """What docs/new-campaign.md tells a new team to do: content, catalogs, settings."""
    shutil.rmtree(project / "content")
    shutil.copytree(OPEN_CAMPAIGN / "content", project / "content")
    translations = project / "translations"
    for folder in translations.iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    for folder in (OPEN_CAMPAIGN / "translations").iterdir():
        shutil.copytree(folder, translations / folder.name)
    settings = (OPEN_CAMPAIGN / "campaign.py").read_text("utf-8")
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as fp:
        fp.write("\n\n# --- The new campaign -------------------------------------------------\n" + settings)


def run(project, *args, timeout=900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CAMPAIGN_FEED", "SITEURL", "PYTEST_ADDOPTS")}
    if VNU_DEFAULT_JAR.is_file():
        env.setdefault("VNU_JAR", str(VNU_DEFAULT_JAR))
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, env=env, check=False,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def campaign_copy(tmp_path_factory):
    project = tmp_path_factory.mktemp("new-campaign") / "campaign"
    shutil.copytree(ROOT, project, ignore=IGNORED)
    replace_campaign(project)
    return project


def test_the_copy_holds_the_new_campaign_and_no_trace_of_the_first(campaign_copy):
    assert sorted(p.name for p in (campaign_copy / "content").iterdir()) == sorted(
        p.name for p in (OPEN_CAMPAIGN / "content").iterdir())
    assert not (campaign_copy / "translations" / "de").exists()


def test_check_passes_in_a_copy_where_the_second_campaign_replaces_the_first(campaign_copy):
    result = run(campaign_copy, "check", timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "check: no problems" in result.stdout


@pytest.mark.slow(seconds=50)
def test_the_quality_gates_pass_in_a_copy_where_the_second_campaign_replaces_the_first(campaign_copy):
    result = run(campaign_copy, "test", "--args", "-q -n 0 -p no:cacheprovider -m 'not engine' " + " ".join(GATES))
    summary = result.stdout[-4000:]
    assert result.returncode == 0, summary + result.stderr[-3000:]
    assert " passed" in summary and " failed" not in summary and " error" not in summary

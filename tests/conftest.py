import os
import pathlib
import sys

import pytest

from tests.sitebuild import ROOT, build_site

MINI_SITE = ROOT / "tests" / "data" / "mini-site"
MINI_SETTINGS = str(MINI_SITE / "pelicanconf.py")
OPEN_CAMPAIGN = ROOT / "tests" / "data" / "open-campaign"
OPEN_CAMPAIGN_SETTINGS = str(OPEN_CAMPAIGN / "pelicanconf.py")

# the quality gates' session fixtures (site_url, browser_session, publish_site)
pytest_plugins = ("tests.gates",)


def pytest_configure(config):
    """Hypothesis keeps its files in pytest's temporary area, not in the project."""
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(pathlib.Path(tempfile.gettempdir()) / "campaign-site-hypothesis")


def pytest_collection_modifyitems(config, items):
    """Longest modules first (`@pytest.mark.slow(seconds=N)` says about how long a module takes), so
    the test processes start the long ones at once and finish together; file order otherwise."""
    def seconds(item) -> float:
        return max((mark.kwargs.get("seconds", 1) for mark in item.iter_markers("slow")), default=0)

    def module(item) -> str:
        return item.nodeid.split("::")[0]

    longest: dict[str, float] = {}
    for item in items:
        longest[module(item)] = max(longest.get(module(item), 0), seconds(item))
    items.sort(key=lambda item: -longest[module(item)])


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, started once per session: its sync API runs one
    event loop per thread, so every browser fixture shares this one (skips
    without a browser, fails in CI)."""
    from tests.gates import tool_missing
    from tools.screenshots import browser_problem

    problem = browser_problem()
    if problem:
        tool_missing(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site (content/, theme/, sample feed), built once per session."""
    result = build_site(tmp_path_factory.mktemp("site") / "output")
    if result.error is not None:
        pytest.fail(f"the real site did not build: {result.error}\n{result.log[-3000:]}")
    return result


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory):
    """The fixture site tests/data/mini-site, built once per session."""
    result = build_site(tmp_path_factory.mktemp("mini") / "output", settings_file=MINI_SETTINGS)
    assert result.error is None, result.log
    return result


@pytest.fixture(scope="session")
def open_campaign(tmp_path_factory):
    """The second campaign tests/data/open-campaign (eight languages, no news), built once per session."""
    result = build_site(tmp_path_factory.mktemp("open-campaign") / "output", settings_file=OPEN_CAMPAIGN_SETTINGS)
    assert result.error is None, result.log
    return result


def project_state() -> dict[str, str]:
    """Every file under the project's own cache/ and output/, by path: its sha256."""
    import hashlib

    root = pathlib.Path(__file__).resolve().parent.parent
    state = {}
    for name in ("cache", "output"):
        base = root / name
        if base.is_symlink():
            state[name] = "symlink -> " + os.readlink(base)
        for path in sorted(base.rglob("*")) if base.exists() else ():
            rel = str(path.relative_to(root))
            if path.is_symlink():
                state[rel] = "symlink -> " + os.readlink(path)
            elif path.is_file():
                state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def pytest_sessionstart(session):
    session.config._project_state = project_state()


def pytest_sessionfinish(session, exitstatus):
    """The whole run must leave cache/ and output/ byte-identical."""
    before = getattr(session.config, "_project_state", None)
    if before is None:
        return
    after = project_state()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        sys.stderr.write("\nthe test run changed the project's own cache/ or output/: "
                         + ", ".join(changed[:10]) + "\n")
        session.exitstatus = 1


ANY_CAMPAIGN = ROOT / "tests" / "data" / "any-campaign"
ANY_CAMPAIGN_SETTINGS = str(ANY_CAMPAIGN / "pelicanconf.py")


@pytest.fixture(scope="session")
def any_campaign(tmp_path_factory):
    """The fixture site tests/data/any-campaign (region tags, one-form
    languages, own units, sign form, CSP origins), built once per session."""
    result = build_site(tmp_path_factory.mktemp("any-campaign") / "output", settings_file=ANY_CAMPAIGN_SETTINGS)
    assert result.error is None, result.log
    return result

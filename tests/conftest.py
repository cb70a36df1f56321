import pytest

from tests.sitebuild import ROOT, build_site

MINI_SITE = ROOT / "tests" / "data" / "mini-site"
MINI_SETTINGS = str(MINI_SITE / "pelicanconf.py")

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

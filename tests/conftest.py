import pytest

from tests.sitebuild import build_site

@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site (content/, theme/, sample feed), built once per session."""
    result = build_site(tmp_path_factory.mktemp("site") / "output")
    if result.error is not None:
        pytest.fail(f"the real site did not build: {result.error}\n{result.log[-3000:]}")
    return result

import sys
import pathlib

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "plugins"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from sitebuild import build_site  # noqa: E402

LANGUAGES = ["de", "fr", "ru", "it", "en"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site (content/, theme/, sample feed), built once per session."""
    result = build_site(tmp_path_factory.mktemp("site") / "output")
    if result.error is not None:
        pytest.fail(f"the real site did not build: {result.error}\n{result.log[-3000:]}")
    return result

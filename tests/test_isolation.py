"""Tests never write into the project's own cache/ or output/: in CI,
cache/ holds the last good feed restored for the production build that
runs after the tests."""

from __future__ import annotations

from tests.conftest import project_state
from tests.sitebuild import ROOT, build_site


def test_a_test_build_leaves_the_project_cache_and_output_byte_identical(tmp_path):
    feed_cache = ROOT / "cache" / "campaign-feed.json"
    before = project_state()
    result = build_site(tmp_path / "output")
    assert result.error is None, result.log
    assert any((tmp_path / "output-cache").rglob("*Readers")), "the build kept its content cache in its own place"
    assert project_state() == before
    assert feed_cache.exists() == ("cache/campaign-feed.json" in before)


def test_the_check_build_leaves_the_project_cache_and_output_byte_identical():
    import shutil

    from tools.check import build_for_check, load_settings

    before = project_state()
    _, error, output, _ = build_for_check(load_settings(str(ROOT)), str(ROOT))
    shutil.rmtree(output, ignore_errors=True)
    assert error is None
    assert project_state() == before

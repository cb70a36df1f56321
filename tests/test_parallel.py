"""Markdown parsed by worker processes gives the same site, byte for byte."""

from __future__ import annotations

import pytest
from pelican.settings import read_settings

from pelican.plugins.site_config.config import ConfigError, build_config
from tests.conftest import MINI_SETTINGS
from tests.recorded import tree
from tests.sitebuild import build_site


def _build(tmp_path, name, jobs):
    """The mini fixture site with the parallel plugin, the content cache on and no file threshold."""
    plugins = [*read_settings(MINI_SETTINGS)["PLUGINS"], "pelican.plugins.parallel"]
    return build_site(tmp_path / name, {
        "PLUGINS": plugins, "PARALLEL": {"jobs": jobs, "min_files": 1},
        "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
    }, settings_file=MINI_SETTINGS)


def test_workers_write_the_same_site_as_one_process(tmp_path):
    one = _build(tmp_path, "one", 1)
    two = _build(tmp_path, "two", 2)
    assert one.error is None and two.error is None, two.log
    assert "parallel: " in two.log and "parsed by 2 worker processes" in two.log
    assert "parallel: " not in one.log
    assert tree(one.output_path) == tree(two.output_path)


@pytest.mark.parametrize("value", [{"jobs": -1}, {"jobs": "2"}, {"workers": 2}])
def test_a_wrong_parallel_setting_is_one_error(value):
    with pytest.raises(ConfigError, match=r"^parallel: PARALLEL"):
        build_config({"LANGUAGES": ["en"], "DEFAULT_LANG": "en", "PATH": "content", "PARALLEL": value})

"""Fixture site: a second, invented campaign (open petition, eight languages
among them Arabic written right to left, Japanese with one plural form and
the region-tagged zh-hk; no news section) built with the project's theme and
plugins. Its own settings are in campaign.py, which the copy-the-repo test
also appends to a copy of the project's pelicanconf.py."""

import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
_BASE = runpy.run_path(str(PROJECT / "pelicanconf.py"))
_SETTINGS = {name: value for name, value in _BASE.items() if name.isupper()}
# campaign settings start from the engine's defaults, not from the campaign in pelicanconf.py
_SETTINGS.update(MULTILANG={}, LANGUAGE_OPTIONS={})
_SETTINGS.update(runpy.run_path(str(HERE / "campaign.py"), init_globals=_SETTINGS))
globals().update({name: value for name, value in _SETTINGS.items() if name.isupper()})

PATH = str(HERE / "content")
THEME = str(PROJECT / "theme")
DATA_PATH = str(HERE / "content" / "data")
MULTILANG = {**MULTILANG, "translations_path": str(HERE / "translations")}  # noqa: F821
CAMPAIGN_COUNTER = {
    "feed": str(HERE / "content" / "data" / "campaign-feed.sample.json"),
    "cache_path": "",
    "min_count": 10,
}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

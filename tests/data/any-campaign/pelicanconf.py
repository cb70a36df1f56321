"""Fixture site: a campaign unlike the first one. Languages with region tags
and one plural form (ja, tr, zh-hk), catalogs untranslated (ja, tr) or
partly translated (zh-hk); counters in people, organisations and the
site's own unit (postcards), with and without a goal, counts inside
sentences, a sign form per language, extra CSP origins, and a letter signed
by organisations grouped by type."""

import runpy
from pathlib import Path

from pelican.plugins.site_config.counter import ngettext_noop

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
_BASE = runpy.run_path(str(PROJECT / "pelicanconf.py"))
globals().update({name: value for name, value in _BASE.items() if name.isupper()})

SITENAME = "Any campaign"
AUTHOR = "Fixture"
PATH = str(HERE / "content")
THEME = str(PROJECT / "theme")
DATA_PATH = str(HERE / "content" / "data")
LANGUAGES = ["en", "de", "ja", "zh-hk", "tr"]
DEFAULT_LANG = "en"
LANGUAGE_OPTIONS = {}  # the first campaign's (British English) are not this one's
PAGE_PATHS = [f"{lang}/pages" for lang in LANGUAGES]
ARTICLE_PATHS = [f"{lang}/news" for lang in LANGUAGES]
MULTILANG = {**_BASE["MULTILANG"], "translations_path": str(HERE / "translations")}
CAMPAIGN_COUNTER = {
    "feed": str(HERE / "content" / "data" / "feed.json"),
    "cache_path": "",  # never the project's cache
    "units": {
        "postcards": {"count": ngettext_noop("%(num)s postcard", "%(num)s postcards")},
    },
    "campaigns": {
        "pmpc": {
            "unit": "people",
            "sign_url": {"*": "https://sign.example.org/pmpc", "de": "https://sign.example.org/de/pmpc"},
        },
        "orgs": {"unit": "organisations"},
        "cards": {"unit": "postcards", "goal": 2000},
        "closed-one": {"sign_url": "https://sign.example.org/closed"},
    },
}
CONTENT_SECURITY_POLICY = {
    "form_action": ["https://sign.example.org"],
    "frame_src": ["https://video.example.org"],
}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# The campaign's own settings: what a new campaign changes in pelicanconf.py
# (docs/new-campaign.md). Appended to the project's pelicanconf.py, they
# replace the first campaign's; tests/data/open-campaign/pelicanconf.py
# reads them the same way.
SITENAME = "Fixture campaign"
AUTHOR = "Fixture"
TIMEZONE = "Europe/Athens"
LANGUAGES = ["en", "ar", "ja", "zh-hk", "el", "ca", "eu", "uk"]
DEFAULT_LANG = "en"
# the name CLDR gives zh-hk is long for a menu
LANGUAGE_OPTIONS = {"zh-hk": {"name": "繁體中文（香港）"}}
PAGE_PATHS = [f"{lang}/pages" for lang in LANGUAGES]
ARTICLE_PATHS = [f"{lang}/news" for lang in LANGUAGES]
MULTILANG = {
    **MULTILANG,  # noqa: F821
    # no news section: no news pages, no menu entry, no feeds
    "news": False,
    # catalogs translate only some theme strings yet: the rest shows in English
    "complete_catalogs": False,
}

"""Development settings: `make build`, `invoke build`, `invoke livereload`.

Everything here is read by Pelican once per build. Production overrides live
in publishconf.py.
"""

import os

from markdown.extensions.toc import slugify_unicode

ROOT = os.path.dirname(os.path.abspath(__file__))

AUTHOR = "Libereco – Partnership for Human Rights"
SITENAME = "Free Belarus's political prisoners"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Berlin"

# --- Languages -------------------------------------------------------------
# One entry per language: the ISO code is the folder name in content/ and
# translations/, and the URL prefix. Order is the order of the switcher.
LANGUAGES = ["de", "fr", "ru", "be", "it", "en"]
DEFAULT_LANG = "en"
# Dates and numbers in British English ("9 December 2022", "10:17"), as the
# English pages are written.
LANGUAGE_OPTIONS = {"en": {"locale": "en_GB"}}

# Content layout: content/<lang>/pages/*.md are static pages,
# content/<lang>/news/*.md are dated news articles. The language comes from
# the path; the file name is the slug and links translations together.
PAGE_PATHS = [f"{lang}/pages" for lang in LANGUAGES]
ARTICLE_PATHS = [f"{lang}/news" for lang in LANGUAGES]
STATIC_PATHS = ["images"]
PATH_METADATA = r"(?P<lang>[a-z]{2,3}(?:-[A-Za-z]+)?)/(?:pages|news)/.*"
SLUGIFY_SOURCE = "basename"
ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"
DEFAULT_DATE_FORMAT = "long"  # a Babel format name, see the `date` filter
# Non-translatable data shared by all languages (signatories, ...).
DATA_PATH = os.path.join(ROOT, "content", "data")

# --- URLs: every language under its own prefix, clean URLs ----------------
ARTICLE_URL = "{lang}/news/{slug}/"
ARTICLE_SAVE_AS = "{lang}/news/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{lang}/{slug}/"
PAGE_SAVE_AS = "{lang}/{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

# Pelican's own single-language listings are replaced by per-language ones
# (plugins/pelican/plugins/multilang/listings.py): home, news index, Atom feed, 404.
DIRECT_TEMPLATES = []
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"news": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Theme -----------------------------------------------------------------
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    # generators (and so environments) are new for every build: no need to
    # stat every template on every render
    "auto_reload": False,
}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False, "slugify": slugify_unicode},
    },
    "output_format": "html5",
}
TYPOGRIFY = False

# --- Plugins ---------------------------------------------------------------
# Installed as namespace packages (pyproject.toml, `make` installs them editable).
PLUGINS = [
    "pelican.plugins.site_config",
    "pelican.plugins.cache_guard",
    "pelican.plugins.reproducible",
    "pelican.plugins.sanitize",
    "pelican.plugins.multilang",
    "pelican.plugins.signatories",
    "pelican.plugins.campaign_counter",
    "pelican.plugins.security_headers",
    # after multilang: each language's link-preview picture from its site name
    "pelican.plugins.share_image",
    # parses the sources that are not in the content cache on every core
    "pelican.plugins.parallel",
    # last: copies unchanged pages from the previous output instead of rendering them
    "pelican.plugins.incremental",
]

# sanitize: rendered Markdown keeps only what Markdown writes (no raw
# scripts, meta, forms, frames, event attributes, javascript:/data: links).
# A page with "Embeds: trusted" in its front matter may also embed
# iframe/video/audio from these https origins, which the pages'
# Content-Security-Policy then allows (frame-src, media-src).
SANITIZE = {
    "embed_origins": [],
}

# multilang: theme catalogs and the per-language listings.
MULTILANG = {
    "translations_path": os.path.join(ROOT, "translations"),
    "domain": "messages",
    # where the site root (/) goes: a page naming every language in itself
    "root_page": True,
    # `invoke check` fails while a theme string is untranslated in any catalog
    "complete_catalogs": True,
}

# campaign_counter: the signature feed. CAMPAIGN_FEED may be a file path or
# an http(s):// URL; the embedded sample makes `make build` work offline.
CAMPAIGN_COUNTER = {
    "feed": os.environ.get("CAMPAIGN_FEED")
    or os.path.join(ROOT, "content", "data", "campaign-feed.sample.json"),
    "cache_path": os.path.join(ROOT, "cache", "campaign-feed.json"),
    "strict": False,
    # no counter below this total; the browser refresh from the feed URL
    # (needs an http(s) feed allowing cross-origin reads). All keys and
    # defaults: plugins/pelican/plugins/campaign_counter/settings.py, docs/campaign-feed.md.
    "min_count": 10,
    "live_refresh": False,
}

# --- Security headers ------------------------------------------------------
# Other origins the pages may use (https://host only): a sign form posting
# elsewhere (form_action), an embedded video (frame_src), more fetch origins
# (connect_src), images (img_src). One setting for the pages' <meta> CSP,
# output/_headers and deploy/nginx.conf.example (`invoke deploy-config`);
# the live counter's feed origin is added by itself. Readers' browsers
# contact nothing else.
CONTENT_SECURITY_POLICY = {}

# --- Caching ---------------------------------------------------------------
# Parsed content is kept between builds and reused while a source file's
# bytes (sha256, so a fresh CI checkout still hits) and the code and settings
# that read it (plugins/pelican/plugins/cache_guard) are unchanged. CI keeps cache/.
CACHE_PATH = os.path.join(ROOT, "cache", "pelican")
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha256"
GZIP_CACHE = False  # Pelican rewrites the cache every build: compressing it cost more than it saved

DELETE_OUTPUT_DIRECTORY = False

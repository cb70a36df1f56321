"""Build-speed benchmark for the campaign site.

`python -m bench` (or `invoke bench`) generates a synthetic campaign site in
a temporary directory -- N source files per language in the site's languages,
deterministic from a seed -- and times, each build in its own subprocess:

- ``project``: this repository's build (pelicanconf.py, theme, plugins) --
  cold, warm (nothing changed) and after one changed source file;
- ``project-cached``: the same with CACHE_CONTENT / LOAD_CONTENT_CACHE forced
  on, to compare with whatever pelicanconf.py says;
- ``peer``: stock Pelican 4.12 + pelican-i18n-subsites 1.0.0 (own venv);
- ``floor``: plain single-language Pelican writing the same number of pages;
- ``hugo``: Hugo on the same content, when ``hugo`` is on the PATH.

See docs/performance.md for the results and how to read them.
"""

from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH_DIR = pathlib.Path(__file__).resolve().parent


def _site_languages() -> tuple[tuple[str, ...], str]:
    """The project's LANGUAGES and DEFAULT_LANG: the synthetic site has the
    same languages as the real one, so the project build writes no extra
    fallback pages."""
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return tuple(settings["LANGUAGES"]), settings["DEFAULT_LANG"]


LANGUAGES, DEFAULT_LANG = _site_languages()
TOOLS = ("project", "project-cached", "peer", "floor", "hugo")
DEFAULT_TOOLS = ("project", "floor", "peer", "hugo")

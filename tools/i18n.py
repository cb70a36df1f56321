"""Catalog tasks for any language tag: the folder is the site's tag
(``zh-hk``), Babel is given the locale it understands (``zh_Hant_HK``)."""

from __future__ import annotations

import os

from pelican.plugins.multilang.catalogs import compile_po, po_path
from pelican.plugins.site_config.config import site_config
from pelican.plugins.site_config.languages import language


def babel_locale(code: str) -> str:
    """The locale identifier pybabel needs for a site language tag."""
    return str(language(code).locale)


def compile_all(settings: dict) -> list[str]:
    """Compile every configured language's catalog (untranslated entries left
    out, see multilang.catalogs); returns the .mo paths written."""
    config = site_config(settings).multilang
    written = []
    for lang in config.languages:
        path = po_path(config, lang)
        if os.path.exists(path):
            written.append(compile_po(path, force=True))
    return written


def update_commands(settings: dict, pot: str) -> list[list[str]]:
    """One ``pybabel update`` per existing catalog, each with its own locale
    (``-d`` would make Babel parse every folder name as a locale)."""
    config = site_config(settings).multilang
    commands = []
    for lang in config.languages:
        path = po_path(config, lang)
        if os.path.exists(path):
            commands.append(["update", "-i", pot, "-o", path, "-l", babel_locale(lang),
                             "-D", config.domain, "--no-wrap", "--ignore-obsolete"])
    return commands


def init_command(settings: dict, pot: str, lang: str) -> list[str]:
    config = site_config(settings).multilang
    path = po_path(config, lang)
    return ["init", "-i", pot, "-o", path, "-l", babel_locale(lang), "-D", config.domain, "--no-wrap"]

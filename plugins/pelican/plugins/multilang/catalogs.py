"""Theme catalogs: compile each .po to .mo when it changed, load each once.

The catalogs for all languages are held by one `Catalogs` object, stored on
the Pelican settings dict so that every generator of a build shares it. It
remembers the modification times of the files it read and reloads itself
when a catalog changes, so an autoreloading preview picks up new
translations without leaking stale ones between builds.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from pelican.plugins.site_config.config import site_config
from pelican.plugins.site_config.multilang import MultilangSettings

logger = logging.getLogger(__name__)

_STATE_KEY = "_multilang_catalogs"


class CatalogError(RuntimeError):
    """A catalog that cannot be compiled; the message names the file."""

    def __init__(self, path: str, line: int, reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


def po_path(config: MultilangSettings, lang: str) -> str:
    return os.path.join(config.translations_path, lang, "LC_MESSAGES", config.domain + ".po")


def compile_po(po_file: str) -> str:
    """Compile po_file to the .mo beside it if that is missing or older.

    Returns the .mo path. Written atomically: a build that dies half-way
    never leaves a truncated .mo behind.
    """
    mo_file = po_file[:-3] + ".mo"
    if os.path.exists(mo_file) and os.path.getmtime(mo_file) >= os.path.getmtime(po_file):
        return mo_file
    try:
        with open(po_file, "rb") as fp:
            catalog = read_po(fp, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(po_file, getattr(exc, "lineno", 0), f"cannot compile catalog: {exc}") from exc
    for message, errors in catalog.check():
        for error in errors:
            raise CatalogError(po_file, message.lineno, str(error))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(mo_file), suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as fp:
            write_mo(fp, catalog, use_fuzzy=False)
        os.replace(tmp, mo_file)
    except BaseException:
        os.unlink(tmp)
        raise
    logger.debug("multilang: compiled %s", mo_file)
    return mo_file


@dataclass
class Catalogs:
    """One gettext Translations object per configured language."""

    config: MultilangSettings
    _translations: dict[str, NullTranslations] = field(default_factory=dict)
    _stamps: dict[str, float] = field(default_factory=dict)

    def _stamp(self, lang: str) -> float:
        try:
            return os.path.getmtime(po_path(self.config, lang))
        except OSError:
            return -1.0

    def load(self) -> None:
        for lang in self.config.languages:
            po_file = po_path(self.config, lang)
            self._stamps[lang] = self._stamp(lang)
            if not os.path.exists(po_file):
                if lang != self.config.default_lang:
                    logger.warning(
                        "multilang: no catalog for %r (%s): theme text stays in the source language",
                        lang,
                        po_file,
                    )
                self._translations[lang] = NullTranslations()
                continue
            with open(compile_po(po_file), "rb") as fp:
                self._translations[lang] = Translations(fp, domain=self.config.domain)

    def is_current(self) -> bool:
        return all(self._stamp(lang) == stamp for lang, stamp in self._stamps.items())

    def translations(self, lang: str) -> NullTranslations:
        try:
            return self._translations[lang]
        except KeyError:
            raise KeyError(f"multilang: {lang!r} is not one of LANGUAGES") from None


def get_catalogs(settings: dict) -> Catalogs:
    """The build's catalogs, loaded on first use and whenever a .po changed."""
    catalogs = settings.get(_STATE_KEY)
    if catalogs is None or not catalogs.is_current():
        catalogs = Catalogs(site_config(settings).multilang)
        catalogs.load()
        settings[_STATE_KEY] = catalogs
    return catalogs

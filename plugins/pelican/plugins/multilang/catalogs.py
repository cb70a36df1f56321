"""Theme catalogs: compile each .po to .mo when it changed, load each once.

An untranslated entry never produces wrong text: it is left out of the
compiled catalog, so gettext shows the original (English) string with
English plurals. (Babel alone compiles an untranslated plural entry into
the *singular* msgid for every form: in a one-form language such as ja or
tr every count then read "36,517 signature".) A plural entry counts as
translated only when all its forms are. Each build logs the coverage of
every catalog: strings translated, shown in the original instead.

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


@dataclass(frozen=True)
class Coverage:
    """How much of a catalog readers see translated."""

    lang: str
    translated: int
    total: int  # entries in the catalog (fuzzy and untranslated included)

    @property
    def fallback(self) -> int:
        return self.total - self.translated

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.translated / self.total)


def is_translated(message) -> bool:
    """Every form filled in and not fuzzy: the one rule for "translated"."""
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def drop_untranslated(catalog) -> None:
    """Remove the entries that are not completely translated, so that gettext
    falls back to the original string per entry (with English plurals)."""
    for message in list(catalog)[1:]:
        if not is_translated(message):
            catalog.delete(message.id, context=message.context)


def coverage(catalog, lang: str) -> Coverage:
    messages = [m for m in list(catalog)[1:] if m.id]
    return Coverage(lang, sum(1 for m in messages if is_translated(m)), len(messages))


def compile_po(po_file: str, force: bool = False) -> str:
    """Compile po_file to the .mo beside it if that is missing or older
    (always with ``force``), leaving out untranslated entries.

    Returns the .mo path. Written atomically: a build that dies half-way
    never leaves a truncated .mo behind.
    """
    mo_file = po_file[:-3] + ".mo"
    if not force and os.path.exists(mo_file) and os.path.getmtime(mo_file) >= os.path.getmtime(po_file):
        return mo_file
    try:
        with open(po_file, "rb") as fp:
            catalog = read_po(fp, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(po_file, getattr(exc, "lineno", 0), f"cannot compile catalog: {exc}") from exc
    for message, errors in catalog.check():
        for error in errors:
            raise CatalogError(po_file, message.lineno, str(error))
    drop_untranslated(catalog)
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
    coverage: dict[str, Coverage] = field(default_factory=dict)

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
            self.coverage[lang] = self._report(lang, po_file)

    def _report(self, lang: str, po_file: str) -> Coverage:
        with open(po_file, "rb") as fp:
            result = coverage(read_po(fp), lang)
        if result.fallback:
            # a warning where the campaign asked for complete catalogs; else
            # a known state, reported (invoke translation-status counts it too)
            log = logger.warning if self.config.complete_catalogs else logger.info
            log(
                "multilang: catalog %s: %d of %d strings translated (%d%%); %d shown in the original language",
                lang, result.translated, result.total, result.percent, result.fallback,
            )
        else:
            logger.info("multilang: catalog %s: all %d strings translated", lang, result.total)
        return result

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

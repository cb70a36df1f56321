"""Theme catalogs: every .po compiles (a broken placeholder is an error),
and untranslated, fuzzy or missing strings are reported: as warnings (readers
see the original text for those), as errors when the campaign sets
``MULTILANG["complete_catalogs"] = True``."""

from __future__ import annotations

import os
from dataclasses import dataclass

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from pelican.plugins.multilang.catalogs import CatalogError, compile_po, is_translated

from .problems import Problem

WORST_FIRST = ("fuzzy", "untranslated", "translated")


@dataclass(frozen=True)
class CatalogStats:
    lang: str
    translated: int
    fuzzy: int
    untranslated: int
    missing: int  # in the templates/plugins but not in the catalog yet

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated + self.missing


def source_strings(root: str) -> set[str]:
    """msgids in the theme and plugins now, as `pybabel extract` finds them."""
    with open(os.path.join(root, "babel.cfg"), encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp, "babel.cfg")
    keywords = {**DEFAULT_KEYWORDS, "ngettext_noop": (1, 2)}  # as `invoke i18n-extract` passes them
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            root, method_map, options_map, keywords=keywords)
    }


def check_catalog(root: str, po_path: str, lang: str, wanted: set[str],
                  complete: bool = False) -> tuple[list[Problem], CatalogStats]:
    """Problems and statistics of one catalog; gaps are warnings unless ``complete``."""
    rel = os.path.relpath(po_path, root)
    problems = []
    try:
        compile_po(po_path)
    except CatalogError as exc:
        return [Problem(rel, exc.line, exc.reason)], CatalogStats(lang, 0, 0, 0, len(wanted))
    with open(po_path, "rb") as fp:
        catalog = read_po(fp)
    # one state per msgid, as `wanted` counts them: a string used in two
    # contexts (msgctxt) is translated when both of its entries are
    state: dict[str, str] = {}
    present = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        present.add(key)
        if key not in wanted:
            continue  # obsolete: `invoke i18n-update` drops it
        if message.fuzzy:
            now = "fuzzy"
            problems.append(Problem(rel, message.lineno, f"fuzzy (check and remove the flag): {key[:70]!r}",
                                    warning=not complete))
        elif not is_translated(message):
            now = "untranslated"
            problems.append(Problem(rel, message.lineno, f"untranslated: {key[:70]!r}", warning=not complete))
        else:
            now = "translated"
        state[key] = min(state.get(key, now), now, key=WORST_FIRST.index)
    translated, fuzzy, untranslated = (sum(1 for value in state.values() if value == name)
                                       for name in ("translated", "fuzzy", "untranslated"))
    missing = sorted(wanted - present)
    if missing:
        problems.append(Problem(rel, 0, f"{len(missing)} string(s) from the theme are not in this catalog "
                                "yet (run: invoke i18n-update), e.g. " + repr(missing[0][:60]), warning=not complete))
    return problems, CatalogStats(lang, translated, fuzzy, untranslated, len(missing))

"""`invoke translation-status`: per language, which pages are translated and
current, outdated (and since when) or missing, and how far the theme
catalog is translated. As a text table, Markdown (CI job summary) or JSON."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from pelican.plugins.multilang.catalogs import po_path
from pelican.plugins.multilang.freshness import OUTDATED, UNMARKED, status_of
from pelican.plugins.multilang.sources import source_fingerprint
from pelican.plugins.site_config.config import site_config

from . import catalog_check
from .site_files import iter_sources
from .stamp_history import StampCommit, diff_command, history_length, stamp_commit
from .word_count import word_count


@dataclass
class PageState:
    page: str  # e.g. "pages/petition"
    status: str  # original | current | outdated | unmarked | missing | no original
    behind: str = ""  # how far behind, for outdated translations
    original: str = ""  # the original's file, e.g. content/en/pages/petition.md
    file: str = ""  # this language's file (the one to create, for a missing page)
    words: int = 0  # words in the original's title and text, for pages to translate or update
    commit: str = ""  # the original's commit the translation was made from, when Git knows it
    diff: str = ""  # the command showing the original's changes since that commit


@dataclass
class LanguageStatus:
    lang: str
    pages: list[PageState] = field(default_factory=list)
    catalog: dict = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for page in self.pages if page.status == status)


def how_far_behind(root: str, original_path: str, recorded: str) -> tuple[str, StampCommit | None]:
    """Edits to the original since the version a translation was made from,
    from Git history when it is there; shallow clones say what they can."""
    found = stamp_commit(root, original_path, recorded)
    if found is not None:
        text = f"{found.since} commit(s) to the original since {found.day}" if found.since \
            else "original edited, not committed yet"
        return text, found
    commits = history_length(root, original_path)
    if not commits:
        return "original changed (no Git history to say since when)", None
    return f"original changed; the translated version is not in the {commits} commit(s) of history here", None


def file_in(root: str, content_path: str, original_path: str, lang: str) -> str:
    """content/en/pages/petition.md → content/<lang>/pages/petition.md (relative to root)."""
    parts = os.path.relpath(original_path, content_path).split(os.sep)
    return os.path.relpath(os.path.join(content_path, lang, *parts[1:]), root)


def _words(item) -> int:
    return word_count(item.source.meta.get("title", ""), item.source.body)


def _page_state(root, content_path, page, lang, original, item, with_history) -> PageState:
    rel = os.path.relpath(original.path, root)
    if item is None:
        return PageState(page, "missing", original=rel, file=file_in(root, content_path, original.path, lang),
                         words=_words(original))
    recorded = item.source.meta.get("translation-of")
    state = status_of(recorded, source_fingerprint(original.source))
    if state == UNMARKED:
        return PageState(page, state, "no Translation-of: field", original=rel, file=item.rel,
                         words=_words(original))
    if state == OUTDATED:
        behind, found = how_far_behind(root, original.path, recorded) if with_history \
            else ("original changed", None)
        return PageState(page, state, behind, original=rel, file=item.rel, words=_words(original),
                         commit=found.commit if found else "",
                         diff=diff_command(found.commit, rel) if found else "")
    return PageState(page, state, original=rel, file=item.rel)


def collect(root: str, settings: dict, with_history: bool = True, langs=()) -> list[LanguageStatus]:
    """The status of every language in LANGUAGES, or only of `langs` (in LANGUAGES order)."""
    config = site_config(settings).multilang
    unknown = [lang for lang in langs if lang not in config.languages]
    if unknown:
        raise ValueError(f"translation-status: {', '.join(unknown)} not in LANGUAGES {list(config.languages)}")
    content_path = settings["PATH"]
    by_page: dict[str, dict] = defaultdict(dict)
    for lang in config.languages:
        if os.path.isdir(os.path.join(content_path, lang)):
            for item in iter_sources(root, content_path, lang):
                if item.source is not None and item.kind is not None:
                    by_page[f"{'pages' if item.kind == 'page' else 'news'}/{item.name}"][lang] = item
    wanted = catalog_check.source_strings(root)
    report = []
    for lang in config.languages:
        if langs and lang not in langs:
            continue
        status = LanguageStatus(lang)
        for page, versions in sorted(by_page.items()):
            original = versions.get(config.default_lang)
            if original is None or lang == config.default_lang:
                if lang in versions:
                    status.pages.append(PageState(page, "original" if original else "no original",
                                                  file=versions[lang].rel))
                continue
            status.pages.append(_page_state(root, content_path, page, lang, original, versions.get(lang),
                                            with_history))
        path = po_path(config, lang)
        if os.path.exists(path):
            stats = catalog_check.check_catalog(root, path, lang, wanted)[1]
            status.catalog = {"translated": stats.translated, "fuzzy": stats.fuzzy,
                              "missing": stats.untranslated + stats.missing, "total": len(wanted)}
        elif lang == config.default_lang:
            status.catalog = {"translated": len(wanted), "fuzzy": 0, "missing": 0, "total": len(wanted),
                              "source": True}
        else:
            status.catalog = {"translated": 0, "fuzzy": 0, "missing": len(wanted), "total": len(wanted)}
        status.catalog["coverage"] = _percent(status.catalog)
        report.append(status)
    return report


def _rows(report):
    for status in report:
        translated = status.count("current") + status.count("original")
        yield (status.lang, str(translated), str(status.count("outdated") + status.count("unmarked")),
               str(status.count("missing")),
               f"{status.catalog['translated']}/{status.catalog['total']}",
               f"{_percent(status.catalog)}%",
               str(status.catalog["fuzzy"]), str(status.catalog["missing"]))


HEAD = ("lang", "pages up to date", "outdated", "missing", "catalog translated", "coverage", "fuzzy", "untranslated")


def _percent(catalog: dict) -> int:
    """Share of theme strings readers see in their language (the rest in the original)."""
    return 100 if not catalog["total"] else int(100 * catalog["translated"] / catalog["total"])


def _details(report):
    for status in report:
        for page in status.pages:
            if page.status in ("outdated", "unmarked", "missing", "no original"):
                yield status.lang, page


def _what_to_do(page: PageState) -> str:
    """The file to create from which original, or the command showing what changed."""
    if page.status == "missing":
        return f"{page.original} → {page.file}"
    if page.diff:
        return f"what changed: {page.diff}"
    return page.file


def _text_line(lang: str, page: PageState) -> str:
    words = f", {page.words} words" if page.words else ""
    behind = f" ({page.behind})" if page.behind else ""
    return f"  {lang}  {page.page}: {page.status}{behind}{words}: {_what_to_do(page)}"


def as_text(report) -> str:
    rows = [HEAD, *_rows(report)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEAD))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    details = list(_details(report))
    if details:
        lines += ["", "To do:"] + [_text_line(lang, page) for lang, page in details]
    return "\n".join(lines) + "\n"


def as_markdown(report) -> str:
    lines = ["## Translation status", "", "| " + " | ".join(HEAD) + " |",
             "|" + "|".join(" --- " for _ in HEAD) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(report)]
    details = list(_details(report))
    if details:
        lines += ["", "| lang | page | status | since | words | to do |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {lang} | `{page.page}` | {page.status} | {page.behind} | {page.words or ''} | "
                  f"`{_what_to_do(page)}` |" for lang, page in details]
    return "\n".join(lines) + "\n"


def as_json(report) -> str:
    return json.dumps([asdict(status) for status in report], ensure_ascii=False, indent=2) + "\n"

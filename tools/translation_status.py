"""`invoke translation-status`: per language, which pages are translated and
current, outdated (and since when) or missing, and how far the theme
catalog is translated. As a text table, Markdown (CI job summary) or JSON."""

from __future__ import annotations

import json
import os
import subprocess
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from pelican.plugins.multilang.catalogs import po_path
from pelican.plugins.multilang.freshness import OUTDATED, UNMARKED, status_of
from pelican.plugins.multilang.sources import parse_source, source_fingerprint
from pelican.plugins.site_config.config import site_config

from . import catalog_check
from .site_files import iter_sources


@dataclass
class PageState:
    page: str  # e.g. "pages/petition"
    status: str  # current | outdated | unmarked | missing
    behind: str = ""  # how far behind, for outdated translations


@dataclass
class LanguageStatus:
    lang: str
    pages: list[PageState] = field(default_factory=list)
    catalog: dict = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for page in self.pages if page.status == status)


def _git(root: str, *args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                              check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def how_far_behind(root: str, original_path: str, recorded: str) -> str:
    """Edits to the original since the version a translation was made from,
    from Git history when it is there; shallow clones say what they can."""
    rel = os.path.relpath(original_path, root)
    log = _git(root, "log", "--format=%H %cs", "--", rel)
    if not log:
        return "original changed (no Git history to say since when)"
    commits = [line.split() for line in log.splitlines() if line.strip()]
    for count, (sha, day) in enumerate(commits):
        text = _git(root, "show", f"{sha}:{rel}")
        if text is not None and source_fingerprint(parse_source(rel, text)) == recorded:
            return f"{count} commit(s) to the original since {day}" if count else "original edited, not committed yet"
    return f"original changed; the translated version is not in the {len(commits)} commit(s) of history here"


def collect(root: str, settings: dict, with_history: bool = True) -> list[LanguageStatus]:
    config = site_config(settings).multilang
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
        status = LanguageStatus(lang)
        for page, versions in sorted(by_page.items()):
            original = versions.get(config.default_lang)
            if original is None or lang == config.default_lang:
                if lang in versions:
                    status.pages.append(PageState(page, "original" if original else "no original"))
                continue
            item = versions.get(lang)
            if item is None:
                status.pages.append(PageState(page, "missing"))
                continue
            recorded = item.source.meta.get("translation-of")
            state = status_of(recorded, source_fingerprint(original.source))
            if state == UNMARKED:
                status.pages.append(PageState(page, state, "no Translation-of: field"))
            elif state == OUTDATED:
                behind = how_far_behind(root, original.path, recorded) if with_history else "original changed"
                status.pages.append(PageState(page, state, behind))
            else:
                status.pages.append(PageState(page, state))
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
                yield status.lang, page.page, page.status, page.behind


def as_text(report) -> str:
    rows = [HEAD, *_rows(report)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEAD))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    details = list(_details(report))
    if details:
        lines += ["", "To do:"] + [f"  {lang}  {page}: {status}{' (' + behind + ')' if behind else ''}"
                                   for lang, page, status, behind in details]
    return "\n".join(lines) + "\n"


def as_markdown(report) -> str:
    lines = ["## Translation status", "", "| " + " | ".join(HEAD) + " |",
             "|" + "|".join(" --- " for _ in HEAD) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(report)]
    details = list(_details(report))
    if details:
        lines += ["", "| lang | page | status | since |", "| --- | --- | --- | --- |"]
        lines += [f"| {lang} | `{page}` | {status} | {behind} |" for lang, page, status, behind in details]
    return "\n".join(lines) + "\n"


def as_json(report) -> str:
    return json.dumps([asdict(status) for status in report], ensure_ascii=False, indent=2) + "\n"

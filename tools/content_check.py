"""Checks on the Markdown sources themselves: front matter, folders and how
translations hang together. Each returns Problems; none builds the site."""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from datetime import datetime

from pelican.utils import get_date

from pelican.plugins.multilang.aliases import AliasError
from pelican.plugins.multilang.aliases import parse as parse_aliases
from pelican.plugins.multilang.sources import FINGERPRINT_LENGTH

from .problems import Problem
from .site_files import SourceFile

KNOWN_KEYS = {
    "title", "date", "modified", "summary", "template", "campaign", "menu", "menu-title",
    "cta", "cta-link", "addressee", "signed-original", "signatories", "translation-of",
    "status", "authors", "author", "counter-label", "next-steps", "aliases",
}
FORBIDDEN_KEYS = {
    "lang": "remove 'Lang:': the language comes from the folder",
    "slug": "remove 'Slug:': the file name is the URL and the translation link",
    "save_as": "remove 'Save_as:': URLs are set in pelicanconf.py",
    "url": "remove 'Url:': URLs are set in pelicanconf.py",
}
NOT_TEMPLATES = {"base", "root", "news", "404", "article", "redirect"}
FINGERPRINT_RE = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")


def page_templates(theme_path: str) -> set[str]:
    folder = os.path.join(theme_path, "templates")
    return {name[:-5] for name in os.listdir(folder) if name.endswith(".html")} - NOT_TEMPLATES


def check_file(item: SourceFile, templates: set[str], languages, campaigns, letters) -> list[Problem]:
    if item.source is None:
        return [Problem(item.rel, 1, item.read_error)]
    if item.kind is None:
        where = f"content/{item.lang}/pages/ or content/{item.lang}/news/"
        return [Problem(item.rel, 0, f"not read by the build: put it in {where}")]
    src = item.source
    problems = [Problem(item.rel, line, message) for line, message in src.problems]
    line = src.meta_lines.get
    for key, lineno in src.meta_lines.items():
        if key in FORBIDDEN_KEYS:
            problems.append(Problem(item.rel, lineno, FORBIDDEN_KEYS[key]))
        elif key not in KNOWN_KEYS:
            problems.append(Problem(item.rel, lineno, f"unknown front matter key {key!r} (a typo?)"))
    misspelt_title = any(key not in KNOWN_KEYS and difflib.get_close_matches(key, ["title"]) for key in src.meta)
    if "title" not in src.meta:
        if not misspelt_title:  # a 'Titel:' is reported once, as a typo
            problems.append(Problem(item.rel, 1, "no 'Title:' in the front matter"))
    elif not src.meta["title"]:
        problems.append(Problem(item.rel, line("title"), "'Title:' is empty: write the page's title after it"))
    if item.kind == "news" and "date" not in src.meta:
            problems.append(Problem(item.rel, 1, "news needs a 'Date:' (e.g. Date: 2022-12-09 09:30)"))
    for key in ("date", "modified"):
        if key in src.meta:
            try:
                is_date(src.meta[key])
            except (ValueError, OverflowError):
                problems.append(
                    Problem(item.rel, line(key), f"{src.meta[key]!r} is not a date (e.g. 2022-12-09 09:30)"))
    template = src.meta.get("template")
    if template and template not in templates:
        problems.append(Problem(item.rel, line("template"),
                                f"unknown template {template!r}; one of: {', '.join(sorted(templates))}"))
    if "aliases" in src.meta:
        try:
            parse_aliases(src.meta["aliases"])
        except AliasError as exc:
            problems.append(Problem(item.rel, line("aliases"), str(exc)))
    if "menu" in src.meta and not src.meta["menu"].isdigit():
        problems.append(Problem(item.rel, line("menu"), f"'Menu:' must be a whole number, not {src.meta['menu']!r}"))
    for key in ("signed-original",):
        if key in src.meta and src.meta[key] not in languages:
            problems.append(
                Problem(item.rel, line(key), f"{src.meta[key]!r} is not one of LANGUAGES {list(languages)}"))
    campaign = src.meta.get("campaign")
    if campaign and campaigns is not None and campaign not in campaigns:
        problems.append(Problem(item.rel, line("campaign"),
                                f"unknown campaign id {campaign!r}; the feed has: {', '.join(sorted(campaigns))}"))
    if campaigns is not None:
        problems += check_markers(item, campaigns)
    letter = src.meta.get("signatories")
    if letter and letters is not None and letter not in letters:
        problems.append(Problem(item.rel, line("signatories"),
                                f"no signatory list {letter!r} in content/data/ (*-signatories.json)"))
    fingerprint = src.meta.get("translation-of")
    if fingerprint is not None and not FINGERPRINT_RE.match(fingerprint):
        problems.append(Problem(item.rel, line("translation-of"),
                                f"'Translation-of:' must be {FINGERPRINT_LENGTH} hex digits; "
                                "set it with: invoke translation-mark-current " + item.rel))
    return problems


def check_translations(items: list[SourceFile], default_lang: str) -> list[Problem]:
    """Translations without an original, and the same page disagreeing about
    its campaign or signatory list across languages."""
    groups: dict[tuple[str, str], dict[str, SourceFile]] = defaultdict(dict)
    for item in items:
        if item.source is not None and item.kind is not None:
            groups[(item.kind, item.name)][item.lang] = item
    problems = []
    for (kind, name), by_lang in sorted(groups.items()):
        original = by_lang.get(default_lang)
        for _lang, item in sorted(by_lang.items()):
            if original is None:
                folder = "pages" if kind == "page" else "news"
                problems.append(Problem(item.rel, 1, f"translation with no original: "
                                        f"content/{default_lang}/{folder}/{name}.md does not exist"))
                continue
            if item is original:
                if "translation-of" in item.source.meta:
                    problems.append(Problem(item.rel, item.source.meta_lines["translation-of"],
                                            "the original has 'Translation-of:'; only translations do"))
                continue
            for key in ("campaign", "signatories", "template"):
                mine, theirs = item.source.meta.get(key), original.source.meta.get(key)
                if mine != theirs:
                    lineno = item.source.meta_lines.get(key, 1)
                    problems.append(Problem(item.rel, lineno, f"{key.title()}: {mine or '(none)'} here, but "
                                            f"{theirs or '(none)'} in the original {original.rel}"))
    return problems


def check_links_to_items(items: list[SourceFile]) -> list[Problem]:
    """'Cta-link:' and every name in 'Next-steps:' must be the file name of
    a page or news article: otherwise the button or link silently vanishes."""
    names = {item.name for item in items if item.source is not None and item.kind is not None}
    problems = []
    for item in items:
        if item.source is None or item.kind is None:
            continue
        meta = item.source.meta
        wanted = []
        if meta.get("cta-link"):
            wanted.append(("cta-link", meta["cta-link"].strip()))
        for name in (meta.get("next-steps") or "").split(","):
            if name.strip():
                wanted.append(("next-steps", name.strip()))
        for key, name in wanted:
            if name not in names:
                problems.append(Problem(item.rel, item.source.meta_lines.get(key, 1),
                                        f"{key.title()}: no page or news article named {name!r} "
                                        "(write the file name without .md, e.g. petition)"))
    return problems


# The form editors write (2022-12-09, 2022-12-09 09:30, …): checked by the standard library;
# anything else goes to Pelican's own parser (dateutil, about 40 times slower).
PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?")


def is_date(text: str) -> None:
    """Raise ValueError (or OverflowError) when Pelican would not read `text` as a date."""
    if PLAIN_DATE.fullmatch(text):
        datetime.fromisoformat(text)
    else:
        get_date(text)


INLINE_CODE = re.compile(r"`[^`]*`")
MARKER = re.compile(r"\[\[(counter|timeline|count) ([a-z0-9-]+)( unit)?\]\]")


def check_markers(item: SourceFile, campaigns: set[str]) -> list[Problem]:
    """Counter, timeline and count markers naming a campaign the feed does not have."""
    problems = []
    for lineno, text in item.marker_lines:
        for match in MARKER.finditer(INLINE_CODE.sub("", text)):
            if match.group(2) not in campaigns:
                problems.append(Problem(item.rel, lineno,
                                        f"unknown campaign id {match.group(2)!r} in {match.group(0)}; "
                                        f"the feed has: {', '.join(sorted(campaigns)) or 'no campaigns'}"))
    return problems


def check_duplicate_names(items: list[SourceFile]) -> list[Problem]:
    """Two files of one language and kind with the same name (in different
    subfolders) would be written to the same address."""
    first: dict[tuple[str, str, str], SourceFile] = {}
    problems = []
    for item in items:
        if item.kind is None:
            continue
        key = (item.lang, item.kind, item.name)
        if key in first:
            problems.append(Problem(item.rel, 1, f"the same file name as {first[key].rel}: both would be "
                                    f"/{item.lang}/…/{item.name}/; rename or delete one"))
        else:
            first[key] = item
    return problems

"""`invoke check`: everything an editor can get wrong, one line each.

Runs the source checks, validates the data files, builds the site once
into a temporary directory (so that links and anchors are checked against
what readers get) and checks the theme catalogs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile

from blinker import ANY
from pelican import Pelican, signals
from pelican.settings import read_settings

from pelican.plugins.multilang.catalogs import CatalogError, compile_po, po_path
from pelican.plugins.signatories.loading import SignatoriesError, load_all
from pelican.plugins.site_config.config import site_config

from . import catalog_check, content_check, link_check
from .problems import Problem
from .site_files import SourceMemo, iter_sources, language_folders

RESERVED_FOLDERS = {"data", "images"}


def load_settings(root: str, settings_file: str = "pelicanconf.py", override: dict | None = None) -> dict:
    return read_settings(os.path.join(root, settings_file), override=override or {})


def feed_campaigns(root: str, settings: dict) -> tuple[set[str] | None, list[Problem]]:
    """Campaign ids in the configured feed when it is a file (the sample,
    offline); None when the feed is a URL (not fetched by the check)."""
    from pelican.plugins.campaign_counter.parsing import ParseError, parse_document
    from pelican.plugins.campaign_counter.validation import validate
    from pelican.plugins.site_config.config import site_config

    counter = site_config(settings).counter
    location = counter.feed
    if counter.feed_is_url:
        return None, []
    rel = os.path.relpath(location, root)
    try:
        with open(location, "rb") as fp:
            document = parse_document(fp.read())
    except (OSError, ParseError) as exc:
        return None, [Problem(rel, 0, f"the campaign feed cannot be read: {exc}")]
    problems = validate(document)
    if problems:
        return None, [Problem(rel, 0, f"the campaign feed is invalid: {p}") for p in problems]
    return {campaign["id"] for campaign in document["campaigns"]}, []


def build_for_check(settings: dict, root: str = ".") -> tuple[dict[str, set[str]], str | None, str, list[Problem]]:
    """Build into a temporary directory; return ids per source, the build
    error (one line) if any, the output path and the raw HTML the sanitizer
    removed (one problem each, at its source line)."""
    output = tempfile.mkdtemp(prefix="campaign-check-")
    # the check never touches the project's caches: its own, thrown away
    counter = {**(settings.get("CAMPAIGN_COUNTER") or {}),
               "cache_path": os.path.join(output, ".cache", "campaign-feed.json")}
    settings = dict(settings, OUTPUT_PATH=output, CACHE_PATH=os.path.join(output, ".cache"),
                    CAMPAIGN_COUNTER=counter)
    contents = []

    def collect(generators):
        for generator in generators:
            for name in ("articles", "translations", "pages"):
                contents.extend(getattr(generator, name, ()))

    error = None
    with signals.all_generators_finalized.connected_to(collect, sender=ANY):
        try:
            Pelican(settings).run()
        except Exception as exc:  # reported as a problem, not a traceback
            error = str(exc) or type(exc).__name__
    ids = {content.source_path: link_check.ids_of(content.content) for content in contents}
    removed = [
        Problem(os.path.relpath(content.source_path, root), line,
                f"raw HTML removed from the page: the {what} (only what Markdown writes is kept)")
        for content in contents
        for line, what in getattr(content, "sanitizer_removed", ())
    ]
    return ids, error, output, removed


def source_problems(root: str, settings: dict, memo: SourceMemo | None = None) -> tuple[list[Problem], list]:
    """Every problem that needs no build (folders, front matter, translations,
    markers, {filename} links, data files, catalogs that do not compile), and
    the source files read. `invoke build` stops on these before building. The
    preview passes the memo it keeps: unchanged files are not parsed or checked again."""
    config = site_config(settings).multilang
    content_path = settings["PATH"]
    problems: list[Problem] = []

    reserved = RESERVED_FOLDERS | {p.split("/")[0] for p in settings.get("STATIC_PATHS", [])}
    for folder in language_folders(content_path, reserved):
        if folder not in config.languages:
            problems.append(Problem(os.path.relpath(os.path.join(content_path, folder), root), 0,
                                    f"language folder {folder!r} is not in LANGUAGES in pelicanconf.py "
                                    f"({', '.join(config.languages)}): add the language there, "
                                    "or move the files into a configured language's folder"))

    items = [item for lang in config.languages if os.path.isdir(os.path.join(content_path, lang))
             for item in iter_sources(root, content_path, lang, memo)]
    if memo is not None:
        memo.retain({item.path for item in items})

    try:
        letters = load_all(settings["DATA_PATH"], config.languages, config.default_lang)
    except SignatoriesError as exc:
        letters = None  # unknown: the pages naming a list are not blamed for the broken file
        path, _, rest = str(exc).partition(": ")
        problems.append(Problem(os.path.relpath(path.split(":")[0], root), 0, rest))
    campaigns, feed_problems = feed_campaigns(root, settings)
    problems += feed_problems

    templates = content_check.page_templates(settings["THEME"])

    def check_file(item):
        return content_check.check_file(item, templates, config.languages, campaigns, letters)

    if memo is None:
        for item in items:
            problems += check_file(item)
    else:
        context = (frozenset(templates), tuple(config.languages), _frozen(campaigns), _frozen(letters))
        for item in items:
            problems += memo.checked(item, context, check_file)
    problems += content_check.check_duplicate_names(items)
    problems += content_check.check_translations(items, config.default_lang)
    problems += content_check.check_links_to_items(items)
    problems += link_check.check_source_links(items, content_path, config.default_lang)
    for lang in config.languages:
        path = po_path(config, lang)
        if os.path.exists(path):
            try:
                compile_po(path)
            except CatalogError as exc:
                problems.append(Problem(os.path.relpath(path, root), exc.line, exc.reason))
    return sorted(set(problems)), items


def _frozen(names) -> frozenset | None:
    return None if names is None else frozenset(names)


def build_problem(root: str, message: str) -> Problem:
    """A build error's message as a Problem: `path[:line]: text` when it
    starts with a file of the site, else `(build): text`."""
    match = re.match(r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?: (?P<text>.+)$", message, re.S)
    if match:
        path = match.group("path")
        absolute = path if os.path.isabs(path) else os.path.join(root, path)
        if os.path.exists(absolute):
            return Problem(os.path.relpath(absolute, root), int(match.group("line") or 0),
                           match.group("text").splitlines()[0])
    return Problem("(build)", 0, message.splitlines()[0] if message else "the build failed")


def run_checks(root: str, settings: dict | None = None, files: list[str] | None = None) -> list[Problem]:
    settings = settings or load_settings(root)
    config = site_config(settings).multilang
    content_path = settings["PATH"]
    problems, items = source_problems(root, settings)
    known = {p.path for p in problems if not p.warning}

    ids, build_error, output, removed = build_for_check(settings, root)
    problems += removed
    try:
        if build_error:
            problem = build_problem(root, build_error)
            if problem.path not in known:  # already reported at its line
                problems.append(problem)
        problems += link_check.check_links(items, content_path, output, ids, config.default_lang)
    finally:
        shutil.rmtree(output, ignore_errors=True)

    wanted = catalog_check.source_strings(root)
    for lang in config.languages:
        path = po_path(config, lang)
        if lang == config.default_lang and not os.path.exists(path):
            continue  # the source language needs no catalog
        if not os.path.exists(path):
            problems.append(Problem(os.path.relpath(path, root), 0,
                                    f"no catalog for {lang!r}: run invoke i18n-init {lang}",
                                    warning=not config.complete_catalogs))
            continue
        problems += [p for p in catalog_check.check_catalog(root, path, lang, wanted, config.complete_catalogs)[0]
                     if p.path not in known]

    problems = sorted(set(problems))
    if files:
        wanted_files = {os.path.normpath(f) for f in files}
        problems = [
            p for p in problems
            if os.path.normpath(p.path) in wanted_files
            or (p.path == "(build)" and any(f in p.message for f in wanted_files))
        ]
    return problems

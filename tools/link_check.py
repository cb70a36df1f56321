"""Links and images in the Markdown sources, checked against the built site.

Every link an editor writes is found with its line number, resolved the
way Pelican resolves it, and checked: the file exists, the #anchor is an
id on the target page, a site path such as /de/petition/ was written by
the build.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .problems import Problem

PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}(.*)$")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def ids_of(html: str) -> set[str]:
    return {tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)}


def check_links(items, content_path: str, output_path: str, ids_by_source: dict[str, set[str]],
                default_lang: str | None = None) -> list[Problem]:
    """ids_by_source: absolute source path → ids in its rendered HTML."""
    problems = []
    for item in items:
        if item.source is None or item.kind is None:
            continue
        for lineno, target, is_image in item.links:
            message = _check_target(item, target, is_image, content_path, output_path, ids_by_source,
                                    default_lang)
            if message:
                problems.append(Problem(item.rel, lineno, message))
    return problems


def check_source_links(items, content_path: str, default_lang: str | None = None) -> list[Problem]:
    """The links that need no build: {filename}/{static} targets that are no file."""
    problems = []
    for item in items:
        if item.source is None or item.kind is None:
            continue
        for lineno, target, is_image in item.links:
            if PELICAN_LINK.match(target):
                message = _check_target(item, target, is_image, content_path, None, {}, default_lang)
                if message:
                    problems.append(Problem(item.rel, lineno, message))
    return problems


def untranslated_target(path: str, content_path: str, default_lang: str | None) -> str | None:
    """For content/de/pages/x.md that does not exist: content/en/pages/x.md if
    it does (the build links to x in the reader's language frame)."""
    if not default_lang:
        return None
    parts = os.path.relpath(path, content_path).split(os.sep)
    if len(parts) < 2 or parts[0] == default_lang or parts[0] == "..":
        return None
    original = os.path.join(content_path, default_lang, *parts[1:])
    return original if os.path.isfile(original) else None


def _check_target(item, target, is_image, content_path, output_path, ids_by_source,
                  default_lang=None) -> str | None:
    what = "image" if is_image else "link"
    pelican = PELICAN_LINK.match(target)
    if pelican:
        kind, rest = pelican.groups()
        parts = urlsplit(rest)
        rel = unquote(parts.path)
        base = content_path if rel.startswith("/") else os.path.dirname(item.path)
        path = os.path.normpath(os.path.join(base, rel.lstrip("/")))
        if not os.path.isfile(path) and kind == "filename":
            path = untranslated_target(path, content_path, default_lang) or path
        if not os.path.isfile(path):
            missing = os.path.relpath(path, os.path.dirname(content_path))
            return f"broken {what}: {target} — no file {missing}; check the file name"
        if parts.fragment and path in ids_by_source and parts.fragment not in ids_by_source[path]:
            return f"broken anchor: {target} — no id {parts.fragment!r} on that page"
        return None
    parts = urlsplit(target)
    if parts.scheme:
        if parts.scheme.lower() not in SAFE_SCHEMES:
            return f"{what} with a {parts.scheme}: address is not allowed: {target[:60]}"
        return None
    if not parts.path:  # "#anchor" on this page
        if parts.fragment and parts.fragment not in ids_by_source.get(item.path, set()):
            return f"broken anchor: {target} — no id {parts.fragment!r} on this page"
        return None
    if parts.path.startswith("/"):
        local = os.path.join(output_path, unquote(parts.path).lstrip("/"))
        if parts.path.endswith("/"):
            local = os.path.join(local, "index.html")
        if not os.path.isfile(local):
            return f"broken {what}: {target} — the build wrote no such page"
        return None
    hint = "{filename}" if parts.path.endswith(".md") else "{static}"
    return f"relative {what} {target!r}: write it as {hint}{parts.path} so the build can check and rewrite it"

"""A Pelican Writer that copies a page from the previous output instead of
rendering it when nothing it shows has changed.

The record of the last successful build (fingerprint and SHA-256 of every
file it rendered) lives in the build's cache directory; it is written only
when Pelican finished (signal ``finalized``). A page is reused only when its
fingerprint matches *and* the previous output still holds exactly the bytes
that build wrote, so a changed, missing or foreign output never leaks into
a new build.

A reused page is a hard link to the previous output's file (a copy where
links are impossible): nothing is copied, and no write ever goes through
the link: a file the writer opens for writing is first unlinked, so the
previous output (the live site, while a build stages the next one) keeps
its bytes whatever this build does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from pelican.plugins.site_config.config import site_config

from .fingerprints import (
    _digest,
    base_digest,
    link_targets_digest,
    page_fingerprint,
    paginated_fingerprint,
    structure_digest,
    uses_attach,
)

logger = logging.getLogger(__name__)

MANIFEST = "incremental.json"
FORMAT = 2


def _sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as fp:
            return hashlib.sha256(fp.read()).hexdigest()
    except OSError:
        return None


def _load_manifest(path: str) -> tuple[dict[str, list[str]], dict[str, list]]:
    """The last build's record: single pages (name: [fingerprint, sha256]) and
    paginated listings (first page's name: [fingerprint, {name: sha256}])."""
    try:
        with open(path, encoding="utf-8") as fp:
            data = json.load(fp)
    except FileNotFoundError:
        return {}, {}
    except (OSError, ValueError) as exc:
        logger.warning("incremental: ignoring unreadable record %s (%s); rendering every page", path, exc)
        return {}, {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}, {}
    files, groups = data.get("files"), data.get("paginated")
    files = {k: v for k, v in files.items()
             if isinstance(k, str) and isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
             } if isinstance(files, dict) else {}
    groups = {k: v for k, v in groups.items()
              if isinstance(k, str) and isinstance(v, list) and len(v) == 2 and isinstance(v[0], str)
              and isinstance(v[1], dict) and v[1]
              and all(isinstance(n, str) and isinstance(d, str) for n, d in v[1].items())
              } if isinstance(groups, dict) else {}
    return files, groups


def _clear_the_way(path: str) -> None:
    """Before a file is written at `path`: a file there is replaced, not written through; a folder
    with no file in it (left by the retired site this build is staged in) is removed."""
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path) and not any(files for _, _, files in os.walk(path)):
        shutil.rmtree(path)


class IncrementalWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        config = site_config(self.settings).incremental
        self.enabled = config.enabled and bool(self.settings.get("CACHE_PATH"))
        self.previous_output = config.previous_output or output_path
        # a folder of its own: cache_guard vets the files directly in CACHE_PATH
        self.manifest_path = os.path.join(self.settings.get("CACHE_PATH") or "", "incremental", MANIFEST)
        if self.enabled:
            try:
                os.makedirs(os.path.dirname(self.manifest_path), exist_ok=True)
            except OSError as exc:  # cache_guard has already said the cache directory is unusable
                logger.debug("incremental: no record kept (%s); rendering every page", exc)
                self.enabled = False
        self.previous, self.previous_paginated = _load_manifest(self.manifest_path) if self.enabled else ({}, {})
        self.current: dict[str, list[str]] = {}
        self.current_paginated: dict[str, list] = {}
        self.reused = self.rendered = 0
        self._linked: set[str] = set()
        self._common = None
        self._source_text = False
        # held strongly until the next finalized signal, which disconnects it
        # (a writer of a failed build is dropped by the next build's signal)
        signals.finalized.connect(self._on_finalized, weak=False)

    def _common_digest(self, context) -> str:
        if self._common is None:
            contents = context.get("all_content")
            if contents is None:
                contents = [*context.get("articles", ()), *context.get("pages", ()),
                            *context.get("hidden_pages", ())]
            translations = site_config(self.settings).multilang.translations_path
            # a page's links are digested as written (not resolved) when the
            # URL of every target is part of this digest and nothing is attached
            self._source_text = not uses_attach([*contents, *(context.get("generated_content") or {}).values()])
            self._common = _digest(base_digest(self.settings, translations), structure_digest(contents),
                                   link_targets_digest(context) if self._source_text else "resolved")
        return self._common

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        paginates = (paginated or any(k in kwargs for k in ("articles", "dates"))) and \
            template_name in self.settings.get("PAGINATED_TEMPLATES", {})
        if not self.enabled or not name:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        if paginates:
            return self._write_paginated(name, template, context, relative_urls, paginated, template_name,
                                         override_output, url, kwargs)
        fingerprint = page_fingerprint(
            self._common_digest(context), name, getattr(template, "name", str(template)),
            {"relative_urls": relative_urls, "url": url, **kwargs}, source_text=self._source_text,
        )
        path = sanitised_join(self.output_path, name)
        if self._reuse(name, fingerprint, path, override_output):
            return None
        result = super().write_file(name, template, context, relative_urls, paginated, template_name,
                                    override_output, url, **kwargs)
        digest = _sha256(path)
        if digest is not None:
            self.current[name] = [fingerprint, digest]
            self.rendered += 1
        return result

    def _write_paginated(self, name, template, context, relative_urls, paginated, template_name,
                         override_output, url, kwargs):
        """A paginated listing: all its pages are reused together, or all rendered."""
        lists = paginated or {k: v for k, v in kwargs.items() if k in ("articles", "dates")}
        fingerprint = paginated_fingerprint(
            self._common_digest(context), name, getattr(template, "name", str(template)),
            {"relative_urls": relative_urls, "url": url, "template_name": template_name,
             **{k: v for k, v in kwargs.items() if k not in lists}},
            lists,
        )
        if self._reuse_paginated(name, fingerprint, override_output):
            return None
        before = set(self._written_files)
        result = super().write_file(name, template, context, relative_urls, paginated, template_name,
                                    override_output, url, **kwargs)
        written = {}
        for path in sorted(self._written_files - before):
            digest = _sha256(path)
            if digest is None:
                return result
            written[os.path.relpath(path, self.output_path)] = digest
        if written:
            self.current_paginated[name] = [fingerprint, written]
            self.rendered += len(written)
        return result

    def _reuse_paginated(self, name: str, fingerprint: str, override: bool) -> bool:
        recorded = self.previous_paginated.get(name)
        if not recorded or recorded[0] != fingerprint:
            return False
        copies = []
        for file_name, digest in recorded[1].items():
            path = sanitised_join(self.output_path, file_name)
            source = sanitised_join(self.previous_output, file_name)
            if (path in self._written_files and not override) or _sha256(source) != digest:
                return False
            copies.append((source, path))
        for source, path in copies:
            self._place(source, path)
            self._written_files.add(path)
        self.current_paginated[name] = recorded
        self.reused += len(copies)
        return True

    def _reuse(self, name: str, fingerprint: str, path: str, override: bool) -> bool:
        recorded = self.previous.get(name)
        if not recorded or recorded[0] != fingerprint:
            return False
        if path in self._written_files and not override:
            return False  # let Pelican report the clash as it would
        source = sanitised_join(self.previous_output, name)
        if _sha256(source) != recorded[1]:
            return False
        self._place(source, path)
        self._written_files.add(path)
        self.current[name] = recorded
        self.reused += 1
        return True

    def _place(self, source: str, path: str) -> None:
        """The previous output's file at `path`: a hard link, or a copy where links are impossible."""
        if os.path.abspath(source) == os.path.abspath(path):
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _clear_the_way(path)
        try:
            os.link(source, path)
            self._linked.add(path)
        except OSError:  # another file system, or links not allowed
            shutil.copy2(source, path)

    def _open_w(self, filename, encoding, override=False):
        # a reused page written again (override_output) gets a file of its own, never the linked one
        if filename in self._linked and filename not in self._overridden_files:
            self._linked.discard(filename)
            os.unlink(filename)
        elif filename not in self._written_files:
            _clear_the_way(filename)
        return super()._open_w(filename, encoding, override)

    def _on_finalized(self, pelican) -> None:
        signals.finalized.disconnect(self._on_finalized)
        if pelican.settings is not self.settings or not self.enabled:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.manifest_path), suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fp:
                json.dump({"format": FORMAT, "files": self.current, "paginated": self.current_paginated}, fp,
                          sort_keys=True)
            os.replace(tmp, self.manifest_path)
        except OSError as exc:
            logger.warning("incremental: cannot keep the record %s (%s); the next build renders every page",
                           self.manifest_path, exc)
            return
        logger.info("incremental: %d page(s) rendered, %d unchanged and reused", self.rendered, self.reused)


def get_writer(pelican):
    return IncrementalWriter

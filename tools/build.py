"""A build as editors and translators see it (`invoke build`, `invoke publish`).

1. The checks that need no build (`check.source_problems`: folders, front
   matter, translations, counter markers, {filename} links, data files,
   catalogs) run first; any error stops here, before Pelican starts.
2. Pelican runs in this process into the staging directory. What a content,
   data, catalog or feed mistake makes it log as an error or raise is
   turned into the same `path:line: message` lines `invoke check` prints.
3. A file Pelican could not copy (it only warns, `output_swap.MissingOutputWatch`)
   fails the build: a site without its stylesheet or an image is not published.
4. Links to site paths and #anchors are checked against what was built.

Any problem raises BuildFailed (the staging directory is then thrown away,
output/ stays as it was). Any other exception is a bug in the generator
and propagates with its traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys

from blinker import ANY
from pelican import Pelican, signals
from pelican.writers import FileOverwriteFailedError

from pelican.plugins.campaign_counter.handlers import CampaignCounterError
from pelican.plugins.multilang.aliases import AliasError
from pelican.plugins.multilang.catalogs import CatalogError
from pelican.plugins.signatories.loading import SignatoriesError
from pelican.plugins.site_config.config import ConfigError, site_config

from . import link_check
from .check import build_problem, load_settings, source_problems
from .output_swap import MissingOutputWatch
from .problems import Problem
from .site_files import SourceMemo

# Exceptions a mistake in content, data, catalogs, feed or settings causes;
# each carries a one-line message naming the file or setting.
EDITOR_ERRORS = (CampaignCounterError, CatalogError, ConfigError, SignatoriesError, AliasError,
                 FileOverwriteFailedError, UnicodeDecodeError)


class BuildFailed(Exception):
    """The build found problems an editor must fix; nothing was published."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


class _Recorder(logging.Handler):
    """Errors become problems; warnings are passed on as plain lines."""

    def __init__(self, root: str, stream):
        super().__init__(logging.WARNING)
        self.root = root
        self.errors: list[str] = []
        self.stream = stream

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:
            name = record.name.removeprefix("pelican.plugins.").split(".")[0]
            prefix = "" if message.startswith(name + ":") else f"{name}: "
            print(f"warning: {prefix}{_relative_paths(self.root, message)}", file=self.stream)


class _LazyIds:
    """Source path → ids in its rendered HTML, parsed only when an anchor asks."""

    def __init__(self, by_source: dict[str, object]):
        self._html, self._ids = by_source, {}

    def __contains__(self, path):
        return path in self._html

    def __getitem__(self, path):
        if path not in self._ids:
            self._ids[path] = link_check.ids_of(self._html[path].content)
        return self._ids[path]

    def get(self, path, default=None):
        return self[path] if path in self._html else default


def _relative_to(root: str, path: str) -> str:
    absolute = os.path.abspath(os.path.join(root, path))
    return os.path.relpath(absolute, root) if absolute.startswith(os.path.join(root, "")) else path


def _relative_paths(root: str, message: str) -> str:
    return message.replace(os.path.join(root, ""), "")


def logged_problem(root: str, message: str) -> Problem:
    """An error Pelican or a plugin logged, as a Problem at the file it names."""
    problem = build_problem(root, message)
    if problem.path != "(build)":
        return problem
    found = re.search(re.escape(os.path.join(root, "")) + r"[^\s:'\"]+", message)
    if found and os.path.exists(found.group(0)):
        return Problem(os.path.relpath(found.group(0), root), 0, _relative_paths(root, message).splitlines()[0])
    return Problem("(build)", 0, _relative_paths(root, message).splitlines()[0])


def build_site(root: str, settings_file: str, output: str, override: dict | None = None, stream=None,
               memo: SourceMemo | None = None) -> None:
    """Check, then build the site at `root` into `output`; BuildFailed on any problem. A long-lived
    process (the preview) passes the same memo each time: unchanged sources are not checked again."""
    stream = stream or sys.stderr
    root = os.path.abspath(root)
    settings = load_settings(root, settings_file, {**(override or {}), "OUTPUT_PATH": os.path.abspath(output)})
    by_source: dict[str, object] = {}

    def collect(generators):  # the content objects; their HTML is read after the run
        for generator in generators:
            for name in ("articles", "translations", "pages", "hidden_pages"):
                for content in getattr(generator, name, ()):
                    by_source[content.source_path] = content

    recorder = _Recorder(root, stream)
    missing = MissingOutputWatch()
    root_logger = logging.getLogger()
    old_level = root_logger.level
    root_logger.addHandler(recorder)
    root_logger.addHandler(missing)
    root_logger.setLevel(logging.WARNING)
    try:
        problems, items = source_problems(root, settings, memo)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise BuildFailed(errors)
        with contextlib.chdir(root), signals.all_generators_finalized.connected_to(collect, sender=ANY):
            try:
                Pelican(settings).run()
            except EDITOR_ERRORS as exc:
                raise BuildFailed([build_problem_of(root, exc)]) from None
    finally:
        root_logger.removeHandler(recorder)
        root_logger.removeHandler(missing)
        root_logger.setLevel(old_level)
    if recorder.errors:
        raise BuildFailed(sorted({logged_problem(root, message) for message in recorder.errors}))
    if missing.files:
        raise BuildFailed([Problem(_relative_to(root, source), 0, f"{what} — repair or remove it")
                           for source, what in missing.files])
    links = link_check.check_links(items, settings["PATH"], output, _LazyIds(by_source),
                                   site_config(settings).multilang.default_lang)
    if links:
        raise BuildFailed(sorted(set(links)))


def build_problem_of(root: str, exc: BaseException) -> Problem:
    if isinstance(exc, CatalogError):
        return Problem(os.path.relpath(exc.path, root), exc.line, exc.reason)
    if isinstance(exc, UnicodeDecodeError):
        return Problem("(build)", 0, f"a file is not UTF-8 text (byte {exc.start}): save it as UTF-8")
    return logged_problem(root, str(exc) or type(exc).__name__)

"""Make Pelican's content cache safe to keep between builds and CI runs.

Pelican pickles the parsed content of every source file (CACHE_CONTENT)
and, with CHECK_MODIFIED_METHOD = "sha256", reuses it while the file's
bytes are unchanged, even in a fresh CI checkout. Two things can still go
wrong, and this module guards against both:

- the cache was made by other code or settings (a Pelican or Markdown
  upgrade, a changed MARKDOWN setting, a plugin that sets attributes on
  content): CACHE_PATH gets a subdirectory named by a fingerprint of all of
  that, so a changed setup starts from an empty cache instead of reusing
  objects it would misread;
- a cache file is truncated or damaged (a killed build, a broken CI cache
  restore): Pelican would crash unpickling it. Every cache file's SHA-256
  is recorded after a build; a file that does not match is deleted with a
  warning before Pelican opens it, and the build reads the sources again;
- a cache file is consistent but was not made by Pelican's reader cache
  (a poisoned CI cache, another tool): its pickle opcodes are read without
  unpickling it (pickle_check.py) and a foreign one is deleted the same way;
- the cache directory cannot be written (read-only, a file in the way): the
  build goes on without the content cache, with one warning.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import shutil
from importlib import metadata

from .pickle_check import foreign_reason

logger = logging.getLogger(__name__)

MANIFEST = "cache-guard.json"
# Settings that change what reading a source file produces.
READ_SETTINGS = (
    "MARKDOWN", "PATH_METADATA", "FILENAME_METADATA", "SLUGIFY_SOURCE", "SLUG_REGEX_SUBSTITUTIONS",
    "FORMATTED_FIELDS", "DEFAULT_DATE", "TIMEZONE", "DEFAULT_LANG", "LANGUAGES", "SUMMARY_MAX_LENGTH",
    "READERS", "PLUGINS", "TYPOGRIFY", "GZIP_CACHE", "ARTICLE_TRANSLATION_ID", "PAGE_TRANSLATION_ID",
    "ARTICLE_PATHS", "PAGE_PATHS", "ARTICLE_URL", "ARTICLE_SAVE_AS", "PAGE_URL", "PAGE_SAVE_AS",
    "ARTICLE_LANG_URL", "ARTICLE_LANG_SAVE_AS", "PAGE_LANG_URL", "PAGE_LANG_SAVE_AS",
)
PACKAGES = ("pelican", "markdown", "babel", "jinja2")


def _plugin_location(name: str, plugin_paths) -> list[str]:
    """The folder (package) or file (module) a plugin is imported from."""
    spec = None
    if plugin_paths and "." not in name:
        spec = importlib.machinery.PathFinder.find_spec(name, list(plugin_paths))
    if spec is None:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return list(spec.submodule_search_locations)
    return [spec.origin] if spec.origin else []


def _plugin_sources(settings) -> list[str]:
    paths = []
    for plugin in settings.get("PLUGINS", ()):
        name = getattr(plugin, "__name__", str(plugin))
        for location in _plugin_location(name, settings.get("PLUGIN_PATHS")):
            if os.path.isfile(location):
                paths.append(location)
            for dirpath, dirnames, filenames in os.walk(location):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                paths += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return paths


def _stable(value) -> str:
    """repr() without memory addresses (functions in MARKDOWN settings)."""
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__name__)}"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ", ".join(f"{_stable(k)}: {_stable(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable(v) for v in value) + "]"
    return repr(value)


def setup_fingerprint(settings) -> str:
    """Changes whenever cached content objects could be stale."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?\n".encode())
    for key in READ_SETTINGS:
        digest.update(f"{key}={_stable(settings.get(key))}\n".encode())
    for path in _plugin_sources(settings):
        with open(path, "rb") as fp:
            digest.update(fp.read())
    return digest.hexdigest()[:16]


def _file_digest(path: str) -> str:
    with open(path, "rb") as fp:
        return hashlib.file_digest(fp, "sha256").hexdigest()


def prepare(settings) -> str:
    """Point CACHE_PATH at this setup's subdirectory, drop other setups'
    caches and any cache file that is not exactly as the last build left it."""
    base = settings["CACHE_PATH"]
    if os.path.basename(base).startswith("setup-"):
        return base  # already prepared (Pelican may call us twice)
    fingerprint = setup_fingerprint(settings)
    path = os.path.join(base, f"setup-{fingerprint}")
    settings["CACHE_PATH"] = path
    try:
        if os.path.isdir(base):
            for name in os.listdir(base):
                if name.startswith("setup-") and name != os.path.basename(path):
                    shutil.rmtree(os.path.join(base, name), ignore_errors=True)
        _check_files(path)
        os.makedirs(path, exist_ok=True)
        probe = os.path.join(path, MANIFEST + ".probe")
        with open(probe, "w", encoding="utf-8"):
            pass
        os.unlink(probe)
    except OSError as exc:
        logger.warning("cache_guard: cannot use the cache directory %s (%s); building without the content cache",
                       path, exc.strerror or exc.__class__.__name__)
        settings["CACHE_CONTENT"] = False
        settings["LOAD_CONTENT_CACHE"] = False
    return path


def _check_files(path: str) -> None:
    if not os.path.isdir(path):
        return
    try:
        with open(os.path.join(path, MANIFEST), encoding="utf-8") as fp:
            manifest = json.load(fp)
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        manifest = {}
        if any(name != MANIFEST for name in os.listdir(path)):
            logger.warning("cache_guard: %s has no valid manifest (%s); starting with an empty cache",
                           path, exc.__class__.__name__)
    for name in sorted(os.listdir(path)):
        if name == MANIFEST:
            continue
        file_path = os.path.join(path, name)
        if not os.path.isfile(file_path):
            continue
        if manifest.get(name) != _file_digest(file_path):
            if manifest:
                logger.warning("cache_guard: ignoring damaged cache file %s; its sources are read again",
                               file_path)
            os.unlink(file_path)
            continue
        with open(file_path, "rb") as fp:
            reason = foreign_reason(fp.read())
        if reason:
            logger.warning("cache_guard: ignoring cache file %s, not made by this site's build (%s); "
                           "its sources are read again", file_path, reason)
            os.unlink(file_path)


def record(settings) -> None:
    """After a build: remember every cache file's digest."""
    path = settings["CACHE_PATH"]
    if not os.path.isdir(path):
        return
    try:
        manifest = {
            name: _file_digest(os.path.join(path, name))
            for name in sorted(os.listdir(path))
            if name != MANIFEST and not name.startswith(MANIFEST) and os.path.isfile(os.path.join(path, name))
        }
    except OSError:
        return
    tmp = os.path.join(path, MANIFEST + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fp:
            json.dump(manifest, fp, indent=1, sort_keys=True)
        os.replace(tmp, os.path.join(path, MANIFEST))
    except OSError as exc:
        logger.warning("cache_guard: could not record the cache manifest in %s (%s); the next build "
                       "reads every source again", path, exc.strerror or exc.__class__.__name__)


def on_initialized(pelican) -> None:
    if pelican.settings.get("CACHE_CONTENT") or pelican.settings.get("LOAD_CONTENT_CACHE"):
        prepare(pelican.settings)


def on_finalized(pelican) -> None:
    if pelican.settings.get("CACHE_CONTENT"):
        record(pelican.settings)


def on_generator_finalized(generator) -> None:
    settings = generator.settings
    if settings.get("CACHE_CONTENT") and os.path.basename(settings["CACHE_PATH"]).startswith("setup-"):
        record(settings)

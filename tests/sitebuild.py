"""Build the real site in-process, the way `invoke build` does, for tests."""

from __future__ import annotations

import functools
import logging
import os
import pathlib
import tempfile
from dataclasses import dataclass, field

from pelican import Pelican
from pelican.settings import read_settings

ROOT = pathlib.Path(__file__).resolve().parent.parent


@functools.cache
def project_settings() -> dict:
    """The project's own pelicanconf.py, read once per test run."""
    return read_settings(str(ROOT / "pelicanconf.py"))


def project_languages() -> tuple[str, ...]:
    """The language tags of whatever content/ and pelicanconf.py hold, in the settings' order."""
    from pelican.plugins.site_config.config import site_config

    return site_config(dict(project_settings())).codes


LANGUAGES = project_languages()


@dataclass
class BuildResult:
    output_path: pathlib.Path
    log: str
    error: BaseException | None = None
    records: list[logging.LogRecord] = field(default_factory=list)
    settings: dict | None = None  # the settings the build ran with

    def page(self, url: str) -> str:
        """The HTML of the page at a site URL such as 'de/petition/'."""
        path = self.output_path / url.lstrip("/")
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


# Compiled templates, shared by every test build (and test process): they are keyed by each
# template's source, so a test that edits a template gets it compiled anew.
TEMPLATE_CACHE = pathlib.Path(tempfile.gettempdir()) / f"campaign-site-templates-{os.getuid()}"


def isolate_feed_cache(settings: dict, output_path: pathlib.Path, overrides: dict | None) -> None:
    """The counter's last good feed goes beside the test's output, never into
    the project's cache/ (unless a test names its own cache_path)."""
    counter = dict(settings.get("CAMPAIGN_COUNTER") or {})
    if "cache_path" in ((overrides or {}).get("CAMPAIGN_COUNTER") or {}):
        return
    counter["cache_path"] = str(output_path.parent / (output_path.name + "-feed-cache.json"))
    settings["CAMPAIGN_COUNTER"] = counter


def build_site(output_path, overrides: dict | None = None, content_path: str | None = None,
               settings_file: str = "pelicanconf.py", root: pathlib.Path = ROOT) -> BuildResult:
    """Run Pelican with pelicanconf.py (+ overrides) into output_path.

    Never raises for a failed build: the exception is returned in `error`
    so that tests can assert on what an editor would see.
    """
    output_path = pathlib.Path(output_path)
    override = {
        "OUTPUT_PATH": str(output_path),
        "CACHE_PATH": str(output_path.parent / (output_path.name + "-cache")),
        "TEMPLATE_CACHE_PATH": str(TEMPLATE_CACHE),
        **(overrides or {}),
    }
    if content_path is not None:
        override["PATH"] = str(content_path)
    collector = _Collector()
    root_logger = logging.getLogger()
    old_level = root_logger.level
    root_logger.addHandler(collector)
    root_logger.setLevel(logging.INFO)
    error = None
    settings = None
    cwd = os.getcwd()
    try:
        os.chdir(root)
        settings = read_settings(str(pathlib.Path(root) / settings_file), override=override)
        isolate_feed_cache(settings, output_path, overrides)
        Pelican(settings).run()
    except Exception as exc:  # the build failed: report, don't raise
        error = exc
    finally:
        os.chdir(cwd)
        root_logger.removeHandler(collector)
        root_logger.setLevel(old_level)
    # logger names as editors know them: "campaign_counter.loading", not "pelican.plugins.…"
    log = "\n".join(f"{r.levelname} {r.name.removeprefix('pelican.plugins.')}: {r.getMessage()}"
                     for r in collector.records)
    return BuildResult(output_path=output_path, log=log, error=error, records=collector.records, settings=settings)


COPIED = ("content", "theme", "plugins", "translations", "tools", "pelicanconf.py", "publishconf.py",
          "babel.cfg", "tasks.py")


def copy_repo(destination) -> pathlib.Path:
    """A throw-away copy of the site's sources, for tests that change them."""
    import shutil

    destination = pathlib.Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, destination / name)
    return destination

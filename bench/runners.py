"""One function per tool; every build runs in its own subprocess.

Wall time is measured around the subprocess (interpreter start-up and
imports included: CI pays them too). Peak RSS comes from ``os.wait4()`` on
that one child, i.e. the child's own ``ru_maxrss`` -- not the
``RUSAGE_CHILDREN`` high-water mark of the harness, which would carry over
from one build to the next.
"""

from __future__ import annotations

import json
import os
import pathlib
import runpy
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

from . import BENCH_DIR, DEFAULT_LANG, LANGUAGES, ROOT
from .sitegen import Manifest, edit_source

MINIMAL_THEME = BENCH_DIR / "themes" / "minimal"
SAMPLE_FEED = ROOT / "content" / "data" / "campaign-feed.sample.json"
PELICANCONF = ROOT / "pelicanconf.py"
PEER_PINS = ("pelican==4.12.0", "pelican-i18n-subsites==1.0.0", "markdown==3.11.3")
# A single-threaded build that got less than this share of a CPU while it ran
# was slowed down by another process (the bench machines are shared): its run
# is taken again, at most MAX_ATTEMPTS times in all, and the last one is kept.
MIN_CPU_SHARE = 0.85
MAX_ATTEMPTS = 3


class BuildFailed(RuntimeError):
    pass


def cache_home() -> pathlib.Path:
    base = os.environ.get("CAMPAIGN_BENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "campaign-bench"
    )
    return pathlib.Path(base)


def peer_venv() -> pathlib.Path:
    return cache_home() / "venv-peer"


def peer_python() -> pathlib.Path:
    return peer_venv() / "bin" / "python"


@dataclass
class Sample:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    output_pages: int
    content_pages: int
    load_before: float = 0.0  # 1-minute load average when the build started


@dataclass
class Result:
    tool: str
    scenario: str
    pages_per_lang: int
    sources: int
    samples: list[Sample] = field(default_factory=list)
    skipped: str | None = None
    note: str | None = None
    retries: int = 0  # runs taken again because another process held the CPU


# --- measuring one build -----------------------------------------------------
def run_measured(cmd: list[str], *, env: dict | None = None, cwd=None, log_path=None) -> tuple[float, float, float]:
    """Run cmd, return (wall seconds, cpu seconds, peak RSS in MB) of that child."""
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed in finally
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log_path:
            log.close()
    if proc.returncode != 0:
        tail = ""
        if log_path and os.path.exists(log_path):
            tail = pathlib.Path(log_path).read_text(errors="replace")[-3000:]
        raise BuildFailed(f"{' '.join(map(str, cmd[:6]))} … exited {proc.returncode}\n{tail}")
    # Linux: ru_maxrss is in KiB
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _is_redirect_stub(path: str) -> bool:
    """Hugo's alias pages (the root, <section>/page/1/): a meta refresh only."""
    try:
        if os.path.getsize(path) > 2048:
            return False
        with open(path, "rb") as fp:
            return b'http-equiv="refresh"' in fp.read()
    except OSError:
        return False


def count_html(output: pathlib.Path) -> int:
    """HTML pages written, not counting redirect stubs."""
    n = 0
    for dirpath, _dirs, files in os.walk(output):
        n += sum(1 for name in files
                 if name.endswith(".html") and not _is_redirect_stub(os.path.join(dirpath, name)))
    return n


def count_content(output: pathlib.Path, expected: list[str]) -> int:
    return sum(1 for rel in expected if (output / rel).is_file())


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return -1.0


def _sample(cmd, env, output, manifest: Manifest, layout: str, log_path, cwd=None) -> Sample:
    load = _load()
    seconds, cpu, rss = run_measured(cmd, env=env, cwd=cwd, log_path=log_path)
    return Sample(
        seconds=seconds,
        cpu_seconds=cpu,
        peak_rss_mb=rss,
        output_pages=count_html(output),
        content_pages=count_content(output, manifest.content_outputs[layout]),
        load_before=load,
    )


def _contended(samples: list[Sample], min_share: float) -> bool:
    return any(s.seconds > 0 and s.cpu_seconds / s.seconds < min_share for s in samples)


def _attempts(min_share: float):
    """Yield attempt numbers until the caller's run was not contended."""
    return range(MAX_ATTEMPTS if min_share > 0 else 1)


def _fresh(*paths: pathlib.Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def _env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["COLUMNS"] = "200"  # Pelican's rich log handler: readable logs
    env.update(extra)
    return env


# --- this project ------------------------------------------------------------
def project_overrides(work: pathlib.Path, *, without_plugins=(), force_cache: bool = False,
                      feed: pathlib.Path | None = None) -> dict:
    """The settings the bench changes in pelicanconf.py: the feed cache under `work`, the feed,
    the plugins left out, the content cache forced on."""
    os.environ["CAMPAIGN_FEED"] = str(SAMPLE_FEED)  # pelicanconf.py reads it
    conf = runpy.run_path(str(PELICANCONF))
    overrides: dict = {}
    counter = conf.get("CAMPAIGN_COUNTER")
    if isinstance(counter, dict):
        counter = dict(counter)
        if "cache_path" in counter:
            counter["cache_path"] = str(work / "feed-cache" / "campaign-feed.json")
        if feed is not None:
            counter["feed"] = str(feed)
        overrides["CAMPAIGN_COUNTER"] = counter
    if without_plugins:
        overrides["PLUGINS"] = [p for p in conf.get("PLUGINS", [])
                                if p.removeprefix("pelican.plugins.") not in without_plugins]
    if force_cache:
        overrides["CACHE_CONTENT"] = True
        overrides["LOAD_CONTENT_CACHE"] = True
    return overrides


def project_command(manifest: Manifest, work: pathlib.Path, *, python=sys.executable,
                    force_cache: bool = False, without_plugins=(), feed: pathlib.Path | None = None) -> list[str]:
    """`pelican` exactly as `invoke build` runs it (pelicanconf.py, --fatal
    errors), but reading the generated content and writing output, Pelican's
    cache and the feed cache under `work`."""
    overrides = project_overrides(work, without_plugins=without_plugins, force_cache=force_cache, feed=feed)
    cmd = [
        str(python), "-m", "pelican", str(manifest.content_path("project")),
        "-s", str(PELICANCONF),
        "-o", str(work / "output"),
        "--cache-path", str(work / "cache"),
        "--fatal", "errors",
    ]
    if overrides:
        cmd += ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    return cmd


def preview_sample(manifest: Manifest, work: pathlib.Path, run: int, *, without_plugins=(),
                   force_cache: bool = False, log_path=None) -> Sample:
    """One saved file in the running preview (bench/preview.py): the rebuild, in the preview's
    long-lived process, through the same checks, build and swap as `make serve`."""
    overrides = project_overrides(work, without_plugins=without_plugins, force_cache=force_cache)
    overrides.update(PATH=str(manifest.content_path("project")), CACHE_PATH=str(work / "preview-cache"))
    output = work / "preview-output"
    _fresh(output, work / "preview-cache", work / "feed-cache")
    cmd = [sys.executable, "-m", "bench.preview", "--output", str(output), "--run", str(run),
           "--edit", manifest.edit_target["project"], "--overrides", json.dumps(overrides)]
    load = _load()
    with open(log_path or os.devnull, "a", encoding="utf-8") as log:
        done = subprocess.run(cmd, env=_env(CAMPAIGN_FEED=str(SAMPLE_FEED)), cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=log, text=True, check=False)
    if done.returncode != 0:
        raise BuildFailed(f"the preview probe failed (exit {done.returncode}); see {log_path}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return Sample(seconds=measured["seconds"], cpu_seconds=measured["cpu_seconds"],
                  peak_rss_mb=measured["peak_rss_mb"], output_pages=count_html(output),
                  content_pages=count_content(output, manifest.content_outputs["project"]), load_before=load)


def run_project(manifest: Manifest, work: pathlib.Path, runs: int, *, tool="project",
                force_cache=False, without_plugins=(), min_share=MIN_CPU_SHARE) -> list[Result]:
    """cold (no output, no cache; worker processes on every core) → warm
    (nothing changed) → one file changed → only the feed's counts changed →
    a template changed (everything rendered again) → cold on one core,
    `runs` times from scratch."""
    feed = work / "feed.json"  # a copy whose counts the feed-only scenario raises
    theme = work / "theme"  # a copy whose base template the template-changed scenario edits
    shutil.rmtree(theme, ignore_errors=True)
    shutil.copytree(ROOT / "theme", theme)
    cmd = project_command(manifest, work, force_cache=force_cache, without_plugins=without_plugins, feed=feed)
    cmd += ["-t", str(theme)]
    one_core = [*cmd, "-e", "PARALLEL=" + json.dumps({"jobs": 1})]  # cold without worker processes
    env = _env(CAMPAIGN_FEED=str(feed))
    scenarios = ("cold", "cold-j1", "warm", "one-changed", "feed-only", "template-changed", "preview")
    results = {s: Result(tool, s, manifest.pages_per_lang, manifest.sources) for s in scenarios}
    output = work / "output"
    log = work / f"{tool}.log"
    target = manifest.edit_target["project"]
    retries = 0
    for run in range(runs):
        for _attempt in _attempts(min_share):
            _fresh(output, work / "cache", work / "feed-cache")
            shutil.copyfile(SAMPLE_FEED, feed)
            cold = _sample(cmd, env, output, manifest, "project", log, cwd=ROOT)
            warm = _sample(cmd, env, output, manifest, "project", log, cwd=ROOT)
            original = edit_source(target, run)
            try:
                changed = _sample(cmd, env, output, manifest, "project", log, cwd=ROOT)
            finally:
                with open(target, "w", encoding="utf-8") as fp:
                    fp.write(original)
            _raise_counts(feed)  # the hourly rebuild: only the figures changed
            feed_only = _sample(cmd, env, output, manifest, "project", log, cwd=ROOT)
            base = theme / "templates" / "base.html"
            template = base.read_text("utf-8")
            base.write_text(template + f"{{# bench edit {run} #}}\n", "utf-8")  # every page must be rendered again
            try:
                template_changed = _sample(cmd, env, output, manifest, "project", log, cwd=ROOT)
            finally:
                base.write_text(template, "utf-8")
            _fresh(output, work / "cache", work / "feed-cache")
            cold_j1 = _sample(one_core, env, output, manifest, "project", log, cwd=ROOT)
            preview = preview_sample(manifest, work, run, without_plugins=without_plugins, force_cache=force_cache,
                                     log_path=log)
            if not _contended([cold, warm, changed, feed_only, template_changed, cold_j1, preview], min_share):
                break
            retries += 1
        results["cold"].samples.append(cold)
        results["cold-j1"].samples.append(cold_j1)
        results["warm"].samples.append(warm)
        results["one-changed"].samples.append(changed)
        results["feed-only"].samples.append(feed_only)
        results["template-changed"].samples.append(template_changed)
        results["preview"].samples.append(preview)
    note = "settings forced: CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True" if force_cache else "pelicanconf.py as is"
    if without_plugins:
        note += "; without plugins: " + ",".join(without_plugins)
    for result in results.values():
        result.note = note
        result.retries = retries
    return list(results.values())


def _raise_counts(feed: pathlib.Path) -> None:
    """Every campaign's count one higher, as a new hour's feed would have it."""
    document = json.loads(feed.read_text("utf-8"))
    for campaign in document.get("campaigns", []):
        campaign["count"] += 1
    feed.write_text(json.dumps(document), "utf-8")


# --- the floor: plain single-language Pelican --------------------------------
_COMMON_SETTINGS = """
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
FEED_DOMAIN = "https://example.org"
TIMEZONE = "Europe/Berlin"
THEME = {theme!r}
PATH = {content!r}
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["news"]
STATIC_PATHS = []
ARTICLE_URL = "news/{{slug}}/"
ARTICLE_SAVE_AS = "news/{{slug}}/index.html"
PAGE_URL = "{{slug}}/"
PAGE_SAVE_AS = "{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = "feed.atom"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# the project's exact Markdown settings, so every layout parses alike
import runpy as _runpy
_project = _runpy.run_path({project_conf!r})
MARKDOWN = _project["MARKDOWN"]
TYPOGRIFY = _project.get("TYPOGRIFY", False)
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
"""

FLOOR_SETTINGS = _COMMON_SETTINGS + """
DEFAULT_LANG = {default_lang!r}
PLUGINS = []
"""

PEER_SETTINGS = _COMMON_SETTINGS + """
DEFAULT_LANG = {default_lang!r}
PLUGINS = ["pelican.plugins.i18n_subsites"]
I18N_SUBSITES = {subsites!r}
I18N_UNTRANSLATED_ARTICLES = "remove"
I18N_UNTRANSLATED_PAGES = "remove"
JINJA_ENVIRONMENT = {{"extensions": ["jinja2.ext.i18n"]}}
I18N_GETTEXT_LOCALEDIR = {localedir!r}
"""


def _write_settings(path: pathlib.Path, template: str, content: pathlib.Path,
                    localedir: pathlib.Path | None = None) -> pathlib.Path:
    subsites = {lang: {} for lang in LANGUAGES if lang != DEFAULT_LANG}
    path.write_text(
        template.format(theme=str(MINIMAL_THEME), content=str(content), project_conf=str(ROOT / "pelicanconf.py"),
                        default_lang=DEFAULT_LANG, subsites=subsites, localedir=str(localedir)),
        encoding="utf-8",
    )
    return path


def _pelican_cmd(python, settings: pathlib.Path, output: pathlib.Path, cache: pathlib.Path) -> list[str]:
    return [str(python), "-m", "pelican", "-s", str(settings), "-o", str(output),
            "--cache-path", str(cache), "--fatal", "errors"]


def _simple_runs(result: Result, runs: int, cmd, output, paths, manifest, layout, log,
                 min_share: float) -> list[Result]:
    for _ in range(runs):
        for _attempt in _attempts(min_share):
            _fresh(output, *paths)
            sample = _sample(cmd, _env(), output, manifest, layout, log)
            if not _contended([sample], min_share):
                break
            result.retries += 1
        result.samples.append(sample)
    return [result]


def run_floor(manifest: Manifest, work: pathlib.Path, runs: int,
              min_share: float = MIN_CPU_SHARE) -> list[Result]:
    settings = _write_settings(work / "floorconf.py", FLOOR_SETTINGS, manifest.content_path("floor"))
    output, cache = work / "output", work / "cache"
    cmd = _pelican_cmd(sys.executable, settings, output, cache)
    result = Result("floor", "cold", manifest.pages_per_lang, manifest.sources,
                    note="Pelican 4.12, one language, no plugins, bench/themes/minimal")
    return _simple_runs(result, runs, cmd, output, (cache,), manifest, "floor", work / "floor.log",
                        min_share)


# --- the peer: stock Pelican + i18n_subsites, in its own venv ----------------
_PEER_OK: set[str] = set()


def ensure_peer_venv(install: bool) -> str | None:
    """Create the peer venv on demand. Returns a reason to skip, or None."""
    python = peer_python()
    if str(python) in _PEER_OK:
        return None
    if python.exists():
        probe = subprocess.run([str(python), "-c", "import pelican.plugins.i18n_subsites"],
                               capture_output=True)
        if probe.returncode == 0:
            _PEER_OK.add(str(python))
            return None
    if not install:
        return f"no peer venv at {peer_venv()} (run `python -m bench --only peer` once to create it)"
    venv = peer_venv()
    print(f"bench: creating the peer venv {venv} ({' '.join(PEER_PINS)})", file=sys.stderr)
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "requirements.txt"), *PEER_PINS],
        check=True,
    )
    _PEER_OK.add(str(python))
    return None


def _write_empty_catalogs(localedir: pathlib.Path) -> pathlib.Path:
    """i18n_subsites installs gettext catalogs for each subsite from the theme's
    locale dir and logs an error without one; the minimal theme has no theme
    text, so every language gets an empty compiled catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    for lang in LANGUAGES:
        path = localedir / lang / "LC_MESSAGES" / "messages.mo"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fp:
            write_mo(fp, Catalog(locale=lang, domain="messages"))
    return localedir


def run_peer(manifest: Manifest, work: pathlib.Path, runs: int, install: bool = True,
             min_share: float = MIN_CPU_SHARE) -> list[Result]:
    skip = ensure_peer_venv(install)
    if skip:
        return [Result("peer", "cold", manifest.pages_per_lang, manifest.sources, skipped=skip)]
    localedir = _write_empty_catalogs(work / "translations")
    settings = _write_settings(work / "peerconf.py", PEER_SETTINGS, manifest.content_path("peer"),
                               localedir)
    output, cache = work / "output", work / "cache"
    cmd = _pelican_cmd(peer_python(), settings, output, cache)
    result = Result("peer", "cold", manifest.pages_per_lang, manifest.sources,
                    note="Pelican 4.12 + pelican-i18n-subsites 1.0.0, bench/themes/minimal")
    return _simple_runs(result, runs, cmd, output, (cache,), manifest, "peer", work / "peer.log",
                        min_share)


# --- Hugo --------------------------------------------------------------------
def hugo_binary() -> str | None:
    return shutil.which("hugo")


def hugo_version() -> str | None:
    hugo = hugo_binary()
    if not hugo:
        return None
    out = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    return out.split()[1] if out else None


def run_hugo(manifest: Manifest, work: pathlib.Path, runs: int) -> list[Result]:
    hugo = hugo_binary()
    if not hugo:
        return [Result("hugo", "cold", manifest.pages_per_lang, manifest.sources,
                       skipped="`hugo` is not on the PATH (apt-get install hugo)")]
    site = manifest.root / "hugo"
    output, cache = work / "output", work / "cache"
    cmd = [hugo, "--source", str(site), "--destination", str(output), "--cacheDir", str(cache),
           "--quiet"]
    result = Result("hugo", "cold", manifest.pages_per_lang, manifest.sources,
                    note=f"hugo {hugo_version()}, minimal layouts, all cores")
    # Hugo uses every core, so CPU share says nothing about contention: no retries.
    return _simple_runs(result, runs, cmd, output, (cache, site / "resources"), manifest, "hugo",
                        work / "hugo.log", 0)


def run_tool(tool: str, manifest: Manifest, work: pathlib.Path, runs: int, *,
             install: bool = True, without_plugins=(), min_share: float = MIN_CPU_SHARE) -> list[Result]:
    work.mkdir(parents=True, exist_ok=True)
    if tool == "project":
        return run_project(manifest, work, runs, without_plugins=without_plugins, min_share=min_share)
    if tool == "project-cached":
        return run_project(manifest, work, runs, tool=tool, force_cache=True,
                           without_plugins=without_plugins, min_share=min_share)
    if tool == "floor":
        return run_floor(manifest, work, runs, min_share)
    if tool == "peer":
        return run_peer(manifest, work, runs, install=install, min_share=min_share)
    if tool == "hugo":
        return run_hugo(manifest, work, runs)
    raise ValueError(f"unknown tool {tool!r}")

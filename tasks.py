"""Project tasks (Invoke). `invoke --list` shows them.

The Pelican quickstart names are kept (clean, build, rebuild, regenerate,
serve, livereload, publish); the project adds catalog tasks and test.
Nothing reads the Pelican settings at import time.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys

from invoke import Exit, task

ROOT = os.path.dirname(os.path.abspath(__file__))
PY = shlex.quote(sys.executable)
POT = os.path.join(ROOT, "translations", "messages.pot")
DEV_SETTINGS = os.path.join(ROOT, "pelicanconf.py")
PUBLISH_SETTINGS = os.path.join(ROOT, "publishconf.py")
OUTPUT = os.path.join(ROOT, "output")


def _annotate() -> bool:
    """In GitHub Actions, problems are also printed as annotations on the file and line."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _fail(problems, what: str) -> None:
    from tools.problems import report

    report(problems, sys.stdout, annotate=_annotate())
    raise Exit(f"{what}: {len(problems)} problem(s) to fix (the lines above: file:line: message)", code=1)


def _report_bug(what: str) -> None:
    """A crash in the generator's code, not a mistake in the content: show the traceback."""
    import traceback

    print(f"{what}: BUG in the site generator (not a problem in the content); "
          "please report it with this traceback:", file=sys.stderr)
    traceback.print_exc()


def _build_and_swap(c, settings: str, output: str = OUTPUT, jobs: int | None = None,
                    keep_going: bool = False, memo=None) -> list[str]:
    """Check, build into a fresh directory beside `output`, then swap it in;
    a failed build leaves the last good output/ exactly as it was. A problem
    ends the task (exit 1; a bug: exit 2), or with keep_going (the preview)
    is printed and its lines returned ([] after a good build). The preview passes its
    tools.site_files.SourceMemo: sources it saw unchanged are not checked again."""
    from tools.build import BuildFailed, build_site
    from tools.output_swap import build_and_swap
    from tools.problems import report

    # pages whose inputs did not change are copied from the live output (incremental plugin)
    override = {"INCREMENTAL": {"previous_output": output}}
    if jobs is not None:  # worker processes for Markdown (parallel plugin); default: one per core
        override["PARALLEL"] = {"jobs": int(jobs)}
    where = os.path.relpath(output, ROOT)
    try:
        unchanged, changed = build_and_swap(lambda staging: build_site(ROOT, settings, staging, override, memo=memo),
                                            output)
    except BuildFailed as exc:
        if not keep_going:
            _fail(exc.problems, f"build failed, {where}/ was left as it was")
        report(exc.problems, sys.stdout, annotate=_annotate())
        print(f"build failed, {where}/ was left as it was: {len(exc.problems)} problem(s) to fix; "
              "waiting for the next change", file=sys.stderr)
        return [str(problem) for problem in exc.problems]
    except KeyboardInterrupt:
        raise Exit(f"build interrupted, {where}/ was left as it was", code=130) from None
    except Exception:
        _report_bug(f"build failed, {where}/ was left as it was")
        if not keep_going:
            raise Exit(code=2) from None
        return ["BUG in the site generator (not a problem in the content): see the traceback in the terminal"]
    print(f"{output}: {changed} file(s) new or changed, {unchanged} unchanged")
    return []


@task
def clean(c):
    """Remove the generated site and caches."""
    for path in (OUTPUT, os.path.join(ROOT, ".output-spare"), os.path.join(ROOT, "cache")):
        shutil.rmtree(path, ignore_errors=True)


@task
def i18n_compile(c):
    """Compile every language's messages.po to .mo; untranslated entries show the original text."""
    from pelican.plugins.multilang.catalogs import CatalogError
    from tools.check import load_settings
    from tools.i18n import compile_all
    from tools.problems import Problem

    try:
        written = compile_all(load_settings(ROOT))
    except CatalogError as exc:
        _fail([Problem(os.path.relpath(exc.path, ROOT), exc.line, exc.reason)], "catalogs not compiled")
    for mo_file in written:
        print(f"compiled {os.path.relpath(mo_file, ROOT)}")


def _pybabel(c, args: list[str]) -> None:
    c.run(f"{PY} -m babel.messages.frontend " + " ".join(shlex.quote(a) for a in args), pty=False)


@task
def i18n_extract(c):
    """Extract theme and plugin strings into translations/messages.pot (pybabel extract)."""
    with c.cd(ROOT):  # relative paths in the .pot's location comments
        c.run(
            f"{PY} -m babel.messages.frontend extract -F babel.cfg -o translations/messages.pot"
            " --project=campaign-site --no-wrap --sort-by-file"
            " -k _ -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k N_ -k ngettext_noop:1,2 ."
        )


@task(pre=[i18n_extract])
def i18n_update(c):
    """Merge new strings from messages.pot into every language's catalog (pybabel update)."""
    from tools.check import load_settings
    from tools.i18n import update_commands

    for args in update_commands(load_settings(ROOT), POT):
        _pybabel(c, args)


@task(pre=[i18n_extract], help={"lang": "the language tag as in LANGUAGES and the folder names: uk, pt-br, zh-hk"})
def i18n_init(c, lang):
    """Start the catalog for a new language: invoke i18n-init zh-hk (pybabel init)."""
    from tools.check import load_settings
    from tools.i18n import init_command

    _pybabel(c, init_command(load_settings(ROOT), POT, lang))


@task(pre=[i18n_compile], help={"jobs": "worker processes that parse Markdown (default: one per core; 1: none)"})
def build(c, jobs=None):
    """Build the site into output/ (pelicanconf.py; sample feed unless CAMPAIGN_FEED is set)."""
    _build_and_swap(c, DEV_SETTINGS, jobs=jobs)


@task(pre=[clean, build])
def rebuild(c):
    """Clean, then build from scratch."""


@task(pre=[i18n_compile])
def regenerate(c):
    """Rebuild into output/ whenever a source file changes."""
    _preview(c, port=None)


@task(help={"port": "the port to serve on (default 8000)"})
def serve(c, port=8000):
    """Serve output/ on http://127.0.0.1:PORT."""
    _preview(c, port=int(port), watch=False)


@task(pre=[i18n_compile], help={"port": "the port to serve on (default 8000; make serve PORT=8001)"})
def livereload(c, port=8000):
    """Preview for editors: build, serve on http://127.0.0.1:PORT and rebuild on every change."""
    _preview(c, port=int(port))


def _preview(c, port: int | None, watch: bool = True) -> None:
    import time

    from tools.preview import port_problem, snapshot
    from tools.preview import watch as watch_changes
    from tools.preview_server import BuildState, serve
    from tools.site_files import SourceMemo

    host = "127.0.0.1"
    if port is not None:
        problem = port_problem(host, port)
        if problem:
            raise Exit(f"preview: {problem}", code=1)
    state = BuildState()
    memo = SourceMemo()

    def rebuild():
        state.finished(_build_and_swap(c, DEV_SETTINGS, keep_going=True, memo=memo))

    if watch:
        rebuild()
    server = None
    try:
        if port is not None:
            os.makedirs(OUTPUT, exist_ok=True)
            server = serve(OUTPUT, host, port, state)
            print(f"preview: http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
        if watch:
            print("preview: rebuilding when a file in content/, theme/, translations/ or plugins/ changes; "
                  "open pages reload after each rebuild", flush=True)
            watch_changes(rebuild, lambda: snapshot(ROOT), lambda line: print(f"preview: {line}", flush=True))
        else:
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("preview: stopped")
    finally:
        if server is not None:
            server.shutdown()


@task(pre=[i18n_compile], help={"jobs": "worker processes that parse Markdown (default: one per core; 1: none)"})
def publish(c, jobs=None):
    """Production build (publishconf.py) into a fresh directory, then swap it into output/ with its site-digest.txt."""
    _build_and_swap(c, PUBLISH_SETTINGS, jobs=jobs)
    from tools.deploy_decision import DIGEST_FILE, stamp

    print(f"{DIGEST_FILE}: {stamp(OUTPUT)}")


@task(pre=[build])
def screenshots(c, dest="screenshots"):
    """PNGs of each language's home page and its menu's pages at 320 and 1280 px (headless Chromium)."""
    from pelican.plugins.site_config.config import site_config
    from tools.check import load_settings
    from tools.screenshots import take_screenshots

    config = site_config(load_settings(ROOT))
    home = "/" + config.urls.home_url
    for path in take_screenshots(OUTPUT, os.path.join(ROOT, dest), config.codes, home=home):
        print(os.path.relpath(path, ROOT))


@task(
    pre=[i18n_compile],
    help={
        "pages": "source files per language; a comma list runs several sizes, e.g. 200,2000",
        "runs": "runs per scenario; the median is reported",
        "json": "one JSON object per measurement on stdout (the table goes to stderr)",
        "only": "comma list of project,project-cached,peer,floor,hugo (default: project,floor,peer,hugo)",
        "out": "also append the JSON lines to this file",
        "profile": "instead of the benchmark: cProfile one cold build of this project",
    },
)
def bench(c, pages="200", runs=3, json=False, only="", out="", profile=False):
    """Build-speed benchmark: this project vs i18n_subsites, plain Pelican and Hugo (docs/performance.md)."""
    args = ["-m", "bench", "--pages", str(pages), "--runs", str(int(runs))]
    if only:
        args += ["--only", only]
    if json:
        args.append("--json")
    if out:
        args += ["--out", out]
    if profile:
        args.append("--profile")
    with c.cd(ROOT):
        c.run(f"{PY} " + " ".join(shlex.quote(a) for a in args), pty=False)


@task(pre=[i18n_compile])
def test(c, args=""):
    """Run the whole test suite (pytest); extra pytest arguments go in --args."""
    c.run(f"{PY} -m pytest {args}", pty=False)


@task
def deploy_config(c):
    """Write deploy/_headers and deploy/nginx.conf.example from publishconf.py (CSP, languages, SITEURL)."""
    from pelican.plugins.security_headers.files import render_headers, render_nginx, write
    from tools.check import load_settings

    settings = load_settings(ROOT, "publishconf.py")
    for name, text in (("_headers", render_headers(settings)), ("nginx.conf.example", render_nginx(settings))):
        path = os.path.join(ROOT, "deploy", name)
        print(f"{'wrote' if write(path, text) else 'unchanged'}: {os.path.relpath(path, ROOT)}")


@task
def record_fixtures(c):
    """Re-record the fixture sites' expected output (tests/data/*/expected/) after a deliberate change."""
    c.run(f"{PY} -m pytest -q tests/test_recorded_output.py", env={"RECORD_FIXTURES": "1"}, pty=False)


@task(help={"files": "only report problems in these files (as pre-commit passes them)"}, iterable=["files"])
def check(c, files=None):
    """Check content, data and catalogs; one `path:line: message` per problem, non-zero exit if any."""
    from tools.check import run_checks
    from tools.problems import report

    problems = run_checks(ROOT, files=files or None)
    report(problems, sys.stdout, annotate=_annotate())
    errors = [problem for problem in problems if not problem.warning]
    if errors:
        print(f"{len(errors)} problem(s), {len(problems) - len(errors)} warning(s)", file=sys.stderr)
        sys.exit(1)
    print(f"check: no problems, {len(problems)} warning(s)" if problems else "check: no problems")


@task(iterable=["lang"],
      help={"markdown": "Markdown for a CI job summary", "json": "JSON for tools (one field per fact)",
            "output": "also write the report to this file",
            "lang": "only this language (repeatable: --lang be --lang uk); default: every language in LANGUAGES"})
def translation_status(c, markdown=False, json=False, output="", lang=None):
    """Per language: pages up to date / outdated / missing (file to create, words, what changed), catalog strings."""
    from tools.check import load_settings
    from tools.translation_status import as_json, as_markdown, as_text, collect

    try:
        report = collect(ROOT, load_settings(ROOT), langs=tuple(lang or ()))
    except ValueError as exc:
        sys.exit(str(exc))
    text = as_json(report) if json else as_markdown(report) if markdown else as_text(report)
    sys.stdout.write(text)
    if output:
        with open(output, "w", encoding="utf-8") as fp:
            fp.write(text)


def _original_and_translations(path, lang):
    from pelican.plugins.site_config.config import site_config
    from tools.check import load_settings
    from tools.stamp import translations_of

    settings = load_settings(ROOT)
    config = site_config(settings)
    languages, default = config.codes, config.default_lang
    path = os.path.abspath(path)
    parts = os.path.relpath(path, settings["PATH"]).split(os.sep)
    if parts[0] != default:  # given a translation: find its original
        parts[0] = default
    original = os.path.join(settings["PATH"], *parts)
    if not os.path.exists(original):
        sys.exit(f"{os.path.relpath(original, ROOT)}: no such original")
    targets = translations_of(original, languages, default)
    if lang:
        targets = [t for t in targets if os.path.relpath(t, settings["PATH"]).split(os.sep)[0] in lang]
    return original, targets


@task(iterable=["lang"],
      help={"path": "the translation (content/de/pages/petition.md), or the original with --lang or --all",
            "lang": "only these languages (repeatable)",
            "all": "given the original: mark every translation of it current"})
def translation_mark_current(c, path, lang=None, all=False):
    """Record that a translation matches its original now (sets Translation-of:).

    invoke translation-mark-current content/de/pages/petition.md     (that translation)
    invoke translation-mark-current content/en/pages/petition.md --lang de --lang fr
    invoke translation-mark-current content/en/pages/petition.md --all
    """
    from tools.stamp import mark_current

    if path in ("-h", "--help"):  # Invoke takes a flag after a task for its required PATH
        _task_help(c, "translation-mark-current")
        return
    lang = list(lang or [])
    given = _language_of(path)
    if given is not None and given != _default_lang() and not lang:
        lang = [given]  # a translation: only that one
    if given == _default_lang() and not lang and not all:
        _original, targets = _original_and_translations(path, None)
        names = ", ".join(os.path.relpath(t, ROOT) for t in targets) or "none yet"
        raise Exit(f"{os.path.relpath(os.path.abspath(path), ROOT)} is the original; its translations: {names}. "
                   "Name the translation you checked, or add --lang LANG, or --all to mark every translation current")
    original, targets = _original_and_translations(path, lang)
    if not targets:
        raise Exit(f"{os.path.relpath(original, ROOT)}: no translation to mark"
                   + (f" in {', '.join(lang)}" if lang else ""))
    changed = set(mark_current(original, targets))
    for target in targets:
        state = "marked current" if target in changed else "already current"
        print(f"{state}: {os.path.relpath(target, ROOT)} (matches {os.path.relpath(original, ROOT)})")


def _task_help(c, name: str) -> None:
    import subprocess

    subprocess.run([sys.executable, "-m", "invoke", "--help", name], cwd=ROOT, check=False)


def _language_of(path: str) -> str | None:
    from tools.check import load_settings

    settings = load_settings(ROOT)
    parts = os.path.relpath(os.path.abspath(path), settings["PATH"]).split(os.sep)
    return parts[0] if len(parts) > 1 and parts[0] != ".." else None


def _default_lang() -> str:
    from pelican.plugins.site_config.config import site_config
    from tools.check import load_settings

    return site_config(load_settings(ROOT)).default_lang


@task
def translation_minor_edit(c, path):
    """After a typo or whitespace fix to an original: translations that were current stay current."""
    from tools.stamp import minor_edit

    if path in ("-h", "--help"):
        _task_help(c, "translation-minor-edit")
        return
    original, targets = _original_and_translations(path, None)
    for changed in minor_edit(ROOT, original, targets):
        print(f"still current: {os.path.relpath(changed, ROOT)}")

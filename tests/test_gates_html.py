"""Gate: every built page is valid HTML, and the stylesheets are valid CSS.

The Nu HTML Checker (vnu.jar, the W3C validator's engine; npm vnu-jar pinned in
gates.VNU_VERSION and installed by .ci/run) checks every HTML file of the
built site and its CSS in one JVM run; any message of type "error" fails
(its informational warnings do not). html5lib's parse errors are checked as
well, always, so a machine without Java still catches broken markup.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from tests.gates import SECTION_IDS, SECTIONS, find_vnu, section_of, tool_missing, url_path

pytestmark = pytest.mark.html_checker

BAD_HTML = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bad</title></head>'
            '<body><p id="x">one</p><p id="x">two <div>block in p</div></p><img src="a.png"></body></html>')
BAD_CSS = "body { colr: red; margin: 1px 2px 3px 4px 5px }\n"


def in_section(output: pathlib.Path, path: pathlib.Path, section: str) -> bool:
    return path.relative_to(output).parts[0] != "theme" and section_of(url_path(output, path)) == section


@pytest.fixture(scope="module")
def vnu_report(built_site, tmp_path_factory):
    """vnu's messages by file, for the whole site plus a deliberately broken control page."""
    command, problem = find_vnu()
    if problem:
        tool_missing(problem)
    control = tmp_path_factory.mktemp("vnu-control")
    (control / "bad.html").write_text(BAD_HTML, encoding="utf-8")
    (control / "bad.css").write_text(BAD_CSS, encoding="utf-8")
    output = built_site.output_path
    stylesheets = sorted(str(p) for p in output.rglob("*.css"))
    run = subprocess.run(
        [*command, "--format", "json", "--also-check-css", "--skip-non-html",
         str(output), *stylesheets, str(control / "bad.html"), str(control / "bad.css")],
        capture_output=True, text=True, timeout=600,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu did not report JSON (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    by_file: dict[pathlib.Path, list[dict]] = {}
    for message in messages:
        url = message.get("url", "")
        path = pathlib.Path(unquote(urlsplit(url).path)) if url.startswith("file:") else pathlib.Path(url)
        by_file.setdefault(path, []).append(message)
    return {"by_file": by_file, "output": output, "control": control, "checked": stylesheets}


def errors(messages: list[dict]) -> list[str]:
    return [f"line {m.get('lastLine', '?')}: {m.get('message')} [{(m.get('extract') or '').strip()[:80]}]"
            for m in messages if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]


def test_nu_checker_reports_errors_in_a_broken_control_page(vnu_report):
    """The run really validated: the control page's duplicate id, <div> in <p>, missing alt and bad CSS are caught."""
    control = vnu_report["control"]
    html_errors = " ".join(errors(vnu_report["by_file"].get(control / "bad.html", [])))
    css_errors = " ".join(errors(vnu_report["by_file"].get(control / "bad.css", [])))
    assert "Duplicate ID" in html_errors and "alt" in html_errors
    assert "colr" in css_errors


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_nu_checker_finds_no_error_in_any_page(vnu_report, section):
    output = vnu_report["output"]
    pages = [p for p in sorted(output.rglob("*.html")) if in_section(output, p, section)]
    assert pages
    found = {str(p.relative_to(output)): errs for p in pages if (errs := errors(vnu_report["by_file"].get(p, [])))}
    fatal_for_site = [m for m in vnu_report["by_file"].get(pathlib.Path(""), []) if m.get("type") != "info"]
    assert fatal_for_site == []
    assert found == {}


def test_nu_checker_finds_no_error_in_the_stylesheets(vnu_report):
    assert vnu_report["checked"]
    found = {p: errs for p in vnu_report["checked"] if (errs := errors(vnu_report["by_file"].get(pathlib.Path(p), [])))}
    assert found == {}


def html5lib_errors(markup: str) -> list[str]:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(markup)
    return [f"line {line}, col {col}: {code} {data or ''}" for (line, col), code, data in parser.errors]


@pytest.mark.engine
def test_html5lib_reports_parse_errors_in_a_broken_page():
    assert html5lib_errors("<!DOCTYPE html><p><b>x</p></i><table><div>")


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_every_page_parses_without_html5lib_errors(built_site, section):
    output = built_site.output_path
    pages = [p for p in sorted(output.rglob("*.html")) if in_section(output, p, section)]
    assert pages
    found = {str(p.relative_to(output)): errs for p in pages if (errs := html5lib_errors(p.read_text("utf-8")))}
    assert found == {}

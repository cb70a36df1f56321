"""`invoke build` on a mistake: one plain `path:line: message` line, the
same words `invoke check` uses, no traceback, a non-zero exit, and the last
good output/ untouched.

Each case copies a fixture site (tests/data/any-campaign, built once into
output/ beforehand) with the project's tasks.py and tools/, makes one mistake
and runs the real entry point, `python -m invoke build`, in the copy.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.sitebuild import ROOT
from tools.check import load_settings, run_checks

pytestmark = pytest.mark.slow(seconds=20)  # about how long this module takes

FIXTURE = ROOT / "tests" / "data" / "any-campaign"


def edit(root, rel, old, new):
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"fixture out of date: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def write(root, rel, data):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")


def line_of(root, rel, needle) -> int:
    lines = (root / rel).read_text("utf-8").split("\n")
    return next(number for number, text in enumerate(lines, 1) if needle in text)


# case → (mistake, the exact line expected, as a function of the copy)
CASES = {
    "Titel: instead of Title:": (
        lambda r: edit(r, "content/de/pages/letter.md", "Title: Der Brief", "Titel: Der Brief"),
        lambda r: "content/de/pages/letter.md:1: unknown front matter key 'titel' (a typo?)"),
    "an empty Title:": (
        lambda r: edit(r, "content/en/pages/closed.md", "Title: A closed campaign", "Title:"),
        lambda r: "content/en/pages/closed.md:1: 'Title:' is empty: write the page's title after it"),
    "a counter marker naming an unknown campaign": (
        lambda r: edit(r, "content/en/pages/closed.md", "This campaign has ended.",
                       "This campaign has ended.\n\n[[counter no-such-campaign]]"),
        lambda r: f"content/en/pages/closed.md:{line_of(r, 'content/en/pages/closed.md', '[[counter')}: "
                  "unknown campaign id 'no-such-campaign' in [[counter no-such-campaign]]; "
                  "the feed has: cards, closed-one, orgs, pmpc"),
    "a file that is not UTF-8": (
        lambda r: write(r, "content/de/pages/index.md", "Title: Start\n\nGr\xfc\xdfe\n".encode("latin-1")),
        lambda r: "content/de/pages/index.md:1: not UTF-8 text (byte 16): save the file as UTF-8"),
    "two files with one name in one language": (
        lambda r: write(r, "content/en/pages/old/closed.md", "Title: Closed\n\nOld text.\n"),
        lambda r: "content/en/pages/old/closed.md:1: the same file name as content/en/pages/closed.md: "
                  "both would be /en/…/closed/; rename or delete one"),
    "a catalog entry with a broken placeholder": (
        lambda r: edit(r, "translations/de/LC_MESSAGES/messages.po", 'msgstr "%(count)s von %(goal)s"',
                       'msgstr "%(cout)s von %(goal)s"'),
        lambda r: f"translations/de/LC_MESSAGES/messages.po:"
                  f"{line_of(r, 'translations/de/LC_MESSAGES/messages.po', '%(cout)s') - 1}: "
                  "unknown named placeholder 'cout'"),
    "a link to a page that does not exist": (
        lambda r: edit(r, "content/en/pages/closed.md", "This campaign has ended.",
                       "This campaign has ended. See [the archive]({filename}archive.md)."),
        lambda r: f"content/en/pages/closed.md:{line_of(r, 'content/en/pages/closed.md', 'archive.md')}: "
                  "broken link: {filename}archive.md — no file content/en/pages/archive.md; check the file name"),
    "a translation whose name has no original": (
        lambda r: write(r, "content/de/pages/petiton.md", "Title: Petition\n\nText.\n"),
        lambda r: "content/de/pages/petiton.md:1: translation with no original: "
                  "content/en/pages/petiton.md does not exist"),
    "a news item whose Date: is not a date": (
        lambda r: write(r, "content/en/news/first.md", "Title: First news\nDate: yesterday\n\nText.\n"),
        lambda r: "content/en/news/first.md:2: 'yesterday' is not a date (e.g. 2022-12-09 09:30)"),
    "a news item without Date:": (
        lambda r: write(r, "content/en/news/first.md", "Title: First news\n\nText.\n"),
        lambda r: "content/en/news/first.md:1: news needs a 'Date:' (e.g. Date: 2022-12-09 09:30)"),
    "a Template: that does not exist": (
        lambda r: edit(r, "content/en/pages/closed.md", "Template: petition", "Template: petiton"),
        lambda r: "content/en/pages/closed.md:2: unknown template 'petiton';"),
    "a signatory file with a key twice in one object": (
        lambda r: edit(r, "content/data/orgs-letter-signatories.json", '"kind": "organisations",',
                       '"kind": "organisations",\n  "kind": "people",'),
        lambda r: 'content/data/orgs-letter-signatories.json: the key "kind" appears twice in one object; keep one'),
    "an image ({static}) that does not exist": (
        lambda r: edit(r, "content/en/pages/closed.md", "This campaign has ended.",
                       "This campaign has ended.\n\n![Logo]({static}images/logo.png)"),
        lambda r: f"content/en/pages/closed.md:{line_of(r, 'content/en/pages/closed.md', 'logo.png')}: "
                  "broken image: {static}images/logo.png — no file content/en/pages/images/logo.png; "
                  "check the file name"),
    "a translation naming another campaign than its original": (
        lambda r: edit(r, "content/de/pages/index.md", "Campaign: pmpc", "Campaign: orgs"),
        lambda r: "content/de/pages/index.md:3: Campaign: orgs here, but pmpc in the original "
                  "content/en/pages/index.md"),
    "a language folder that is not configured": (
        lambda r: write(r, "content/deutsch/pages/index.md", "Title: Start\n\nText.\n"),
        lambda r: "content/deutsch: language folder 'deutsch' is not in LANGUAGES in pelicanconf.py"),
}


def snapshot(folder) -> dict[str, str]:
    return {
        os.path.relpath(os.path.join(dirpath, name), folder):
            hashlib.sha256(open(os.path.join(dirpath, name), "rb").read()).hexdigest()
        for dirpath, _dirs, names in os.walk(folder) for name in names
    }


def invoke(root, *args, env=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("CAMPAIGN_FEED", "GITHUB_ACTIONS")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, env=environment,
                          capture_output=True, text=True, check=False, timeout=300)


def fixture_copy(destination):
    """The fixture site as a project of its own: its content and catalogs,
    its settings (pointing at this project's theme), tasks.py and tools/."""
    destination.mkdir(parents=True)
    shutil.copytree(FIXTURE / "content", destination / "content")
    shutil.copytree(FIXTURE / "translations", destination / "translations", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copytree(ROOT / "tools", destination / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "tasks.py", destination / "tasks.py")
    shutil.copy2(ROOT / "babel.cfg", destination / "babel.cfg")
    settings = (FIXTURE / "pelicanconf.py").read_text("utf-8")
    assert "PROJECT = HERE.parents[2]" in settings
    settings = settings.replace("PROJECT = HERE.parents[2]", f"PROJECT = Path({str(ROOT)!r})")
    settings += '\nCACHE_PATH = str(HERE / "cache")  # never the project\'s cache\n'
    (destination / "pelicanconf.py").write_text(settings, "utf-8")
    return destination


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory):
    """The fixture copy after one good build: the output/ a failed build must leave alone."""
    root = fixture_copy(tmp_path_factory.mktemp("built") / "site")
    result = invoke(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_failed_build_prints_one_line_naming_the_file_and_keeps_the_last_good_output(tmp_path, built_copy, case):
    mistake, expected = CASES[case]
    root = tmp_path / "site"
    shutil.copytree(built_copy, root)
    before = snapshot(root / "output")
    mistake(root)
    result = invoke(root, "build")
    printed = result.stdout + result.stderr
    assert result.returncode == 1, printed
    assert "Traceback" not in printed
    lines = printed.splitlines()
    line = expected(root)
    assert any(text == line or text.startswith(line + " ") or text.startswith(line + ":")
               or text.startswith(line + " (") for text in lines), f"expected {line!r} in:\n{printed}"
    assert re.search(r"^[^\n]*: 1 problem\(s\) to fix", printed, re.M), f"one mistake, one line:\n{printed}"
    assert snapshot(root / "output") == before
    assert not [name for name in os.listdir(root) if name.startswith(".output-")]


def test_the_check_reports_each_build_mistake_with_the_same_line(tmp_path):
    """`invoke check` and `invoke build` use the same words (checked in one copy, one check run)."""
    root = fixture_copy(tmp_path / "site")
    # every mistake at once, except the ones that overlap on a file
    cases = [name for name in sorted(CASES) if name not in ("a file that is not UTF-8", "a news item without Date:")]
    expected = []
    for name in cases:
        CASES[name][0](root)
    for name in cases:
        expected.append(CASES[name][1](root))
    lines = [str(p) for p in run_checks(str(root), load_settings(str(root)))]
    for line in expected:
        assert any(text.startswith(line) for text in lines), f"{line!r} not in:\n" + "\n".join(lines)


def test_in_ci_each_problem_is_also_a_github_annotation(tmp_path, built_copy):
    root = tmp_path / "site"
    shutil.copytree(built_copy, root)
    CASES["an empty Title:"][0](root)
    result = invoke(root, "build", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert "::error file=content/en/pages/closed.md,line=1::'Title:' is empty: write the page's title after it" \
        in result.stdout.splitlines()


def test_a_crash_in_the_code_is_labelled_as_a_bug_with_its_traceback(tmp_path, built_copy):
    root = tmp_path / "site"
    shutil.copytree(built_copy, root)
    before = snapshot(root / "output")
    with open(root / "pelicanconf.py", "a", encoding="utf-8") as fp:
        fp.write("\nPLUGIN_PATHS = [str(HERE / 'extra')]\nPLUGINS = [*PLUGINS, 'crash']\n")
    write(root, "extra/crash.py",
          "from pelican import signals\n\n\ndef crash(generators):\n    return 1 / 0\n\n\n"
          "def register():\n    signals.all_generators_finalized.connect(crash)\n")
    result = invoke(root, "build")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "BUG in the site generator" in result.stderr
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr
    assert snapshot(root / "output") == before



def test_a_link_to_a_page_not_yet_translated_goes_to_that_page_in_the_readers_language(tmp_path, built_copy):
    """content/de/pages/letter.md links {filename}petition.md; only the English petition exists:
    the link goes to /de/petition/, the English text in the German frame (the fallback page)."""
    root = tmp_path / "site"
    shutil.copytree(built_copy, root)
    edit(root, "content/de/pages/letter.md", "Der Brieftext.", "Der Brieftext. Zur [Petition]({filename}petition.md).")
    assert not (root / "content/de/pages/petition.md").exists()
    result = invoke(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Unable to find" not in result.stdout + result.stderr
    html = (root / "output/de/letter/index.html").read_text("utf-8")
    assert re.search(r'<a href="/de/petition/"[^>]*>Petition</a>', html), html
    assert (root / "output/de/petition/index.html").is_file()


def documented_messages() -> list[str]:
    """The code spans in the first column of docs/editing.md's table of messages."""
    text = (ROOT / "docs" / "editing.md").read_text("utf-8")
    table = text.split("### What the check messages mean", 1)[1].split("\n## ", 1)[0]
    spans = []
    for row in table.splitlines():
        if row.startswith("| ") and not row.startswith("| message") and not row.startswith("| ---"):
            first = row.split(" | ", 1)[0]
            spans += re.findall(r"`([^`]+)`", first)
    return spans


def matches(span: str, message: str) -> bool:
    """`…` in the documented form stands for any text."""
    position = 0
    for piece in span.split("…"):
        found = message.find(piece.strip(), position)
        if found < 0:
            return False
        position = found + len(piece.strip())
    return True


def test_every_build_message_is_explained_in_the_editors_guide(tmp_path):
    root = fixture_copy(tmp_path / "site")
    spans = documented_messages()
    assert spans
    for name in sorted(CASES):
        mistake, expected = CASES[name]
        copy = tmp_path / name.replace(" ", "-").replace(":", "")
        shutil.copytree(root, copy)
        mistake(copy)
        message = re.sub(r"^[^:]+(:\d+)?: ", "", expected(copy))
        assert any(matches(span, message) for span in spans), \
            f"docs/editing.md explains no message like {message!r} ({name})"


def test_annotations_escape_what_github_reads_as_syntax():
    from tools.problems import Problem, annotation

    assert annotation(Problem("content/a,b.md", 3, "50% done\nnext")) == \
        "::error file=content/a%2Cb.md,line=3::50%25 done%0Anext"
    assert annotation(Problem("(build)", 0, "x", warning=True)) == "::warning::x"


def test_a_picture_pelican_cannot_copy_fails_the_build_and_keeps_the_last_good_output(tmp_path, built_copy):
    """Pelican only warns about a static file it cannot copy; the build must not publish a site without it."""
    root = tmp_path / "site"
    shutil.copytree(built_copy, root)
    before = snapshot(root / "output")
    (root / "content" / "images").mkdir(exist_ok=True)
    (root / "content" / "images" / "gone.png").symlink_to(tmp_path / "nowhere")  # a dangling link
    result = invoke(root, "build")
    printed = result.stdout + result.stderr
    assert result.returncode == 1, printed
    assert "Traceback" not in printed
    assert [line for line in printed.splitlines() if line.startswith("content/images/gone.png: ") and "repair or remove it" in line], printed
    assert snapshot(root / "output") == before

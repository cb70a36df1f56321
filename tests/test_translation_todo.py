"""`invoke translation-status` for translation coordinators: which file to
create from which original and how many words, what changed in an outdated
original (a git diff to run), one language at a time, as JSON fields."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.test_build_errors import fixture_copy
from tools.check import load_settings
from tools.stamp import mark_current
from tools.translation_status import collect
from tools.word_count import word_count

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}


def git(root, *args) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=GIT_ENV).stdout


def status(root, *args):
    result = subprocess.run([sys.executable, "-m", "invoke", "translation-status", *args], cwd=root,
                            capture_output=True, text=True, check=False, timeout=120)
    return result


@pytest.fixture
def project(tmp_path):
    return fixture_copy(tmp_path / "project")


def pages_of(report, lang):
    return {page.page: page for entry in report if entry.lang == lang for page in entry.pages}


def test_words_count_what_readers_read_not_link_targets_markup_or_counter_markers():
    assert word_count("Free Maria", "Sign [the petition](https://example.org/a-b-c).\n<b>now</b>") == 6
    assert word_count("", "[[counter pmpc]] and `[[count pmpc]]` here's") == 2


def test_a_missing_page_names_the_original_the_file_to_create_and_its_words(project):
    report = collect(str(project), load_settings(str(project)), with_history=False)
    petition = pages_of(report, "de")["pages/petition"]
    assert petition.status == "missing"
    assert petition.original == "content/en/pages/petition.md"
    assert petition.file == "content/de/pages/petition.md"
    assert petition.words == 14  # "The petition", "Two counters on one page", "In code a count stays as written"
    text = status(project, "--lang", "de").stdout
    assert "pages/petition: missing, 14 words: content/en/pages/petition.md → content/de/pages/petition.md" in text


def test_the_default_language_is_never_missing_even_for_a_page_only_translated(project):
    (project / "content/de/pages/nur-deutsch.md").write_text("Title: Nur Deutsch\n\nText.\n", "utf-8")
    report = collect(str(project), load_settings(str(project)), with_history=False)
    english = pages_of(report, "en")
    assert "pages/nur-deutsch" not in english
    assert all(page.status == "original" for page in english.values())
    assert pages_of(report, "de")["pages/nur-deutsch"].status == "no original"


def test_lang_filter_is_repeatable_keeps_the_settings_order_and_refuses_unknown_languages(project):
    result = status(project, "--json", "--lang", "tr", "--lang", "de")
    assert result.returncode == 0, result.stderr
    assert [entry["lang"] for entry in json.loads(result.stdout)] == ["de", "tr"]
    everything = json.loads(status(project, "--json").stdout)
    settings = load_settings(str(project))
    assert [entry["lang"] for entry in everything] == list(settings["LANGUAGES"])
    wrong = status(project, "--lang", "xx")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip() == f"translation-status: xx not in LANGUAGES {list(settings['LANGUAGES'])}"


def test_json_gives_each_fact_its_own_field(project):
    entry = next(e for e in json.loads(status(project, "--json", "--lang", "tr").stdout))
    letter = next(page for page in entry["pages"] if page["page"] == "pages/letter")
    assert letter == {"page": "pages/letter", "status": "missing", "behind": "",
                      "original": "content/en/pages/letter.md", "file": "content/tr/pages/letter.md",
                      "words": 5, "commit": "", "diff": ""}


def test_an_outdated_page_gives_the_git_diff_since_the_translated_version(project):
    original, translation = project / "content/en/pages/letter.md", project / "content/de/pages/letter.md"
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "content")
    translated_from = git(project, "rev-parse", "HEAD").strip()
    mark_current(str(original), [str(translation)])
    git(project, "commit", "-qam", "de letter marked current")
    original.write_text(original.read_text("utf-8") + "\nA new demand.\n", "utf-8")
    git(project, "commit", "-qam", "letter: a new demand")

    letter = pages_of(collect(str(project), load_settings(str(project))), "de")["pages/letter"]
    assert letter.status == "outdated" and letter.commit == translated_from
    assert letter.diff == f"git diff {translated_from} -- content/en/pages/letter.md"
    assert letter.words == 8  # "The letter", "The letter text.", "A new demand."
    shown = subprocess.run(letter.diff.split(), cwd=project, capture_output=True, text=True, check=True).stdout
    assert "+A new demand." in shown
    text = status(project, "--lang", "de").stdout
    assert re.search(r"pages/letter: outdated \(1 commit\(s\) to the original since [0-9-]+\), 8 words: "
                     rf"what changed: git diff {translated_from} -- content/en/pages/letter.md", text), text

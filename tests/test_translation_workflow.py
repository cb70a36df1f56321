"""Translators' workflow: outdated translations, marking them current,
typo-level edits, the status table, and adding a language."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import LANGUAGES, ROOT, build_site, copy_repo
from tools.check import load_settings
from tools.stamp import mark_current, minor_edit
from tools.translation_status import as_json, as_markdown, as_text, collect

pytestmark = pytest.mark.slow(seconds=12)  # about how long this module takes


def status_of(root, lang, page):
    report = collect(str(root), load_settings(str(root)))
    states = {p.page: p for s in report if s.lang == lang for p in s.pages}
    return states[page]


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path):
    return copy_repo(tmp_path / "site")


def append(path, text):
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_changing_an_original_makes_its_translations_outdated_until_marked_current(repo):
    assert status_of(repo, "it", "pages/petition").status == "current"
    append(repo / "content/en/pages/petition.md", "\nA new paragraph for the petition.\n")
    for lang in ("de", "fr", "ru", "it"):
        assert status_of(repo, lang, "pages/petition").status == "outdated"
    assert status_of(repo, "it", "pages/contact").status == "current"

    mark_current(str(repo / "content/en/pages/petition.md"), [str(repo / "content/it/pages/petition.md")])
    assert status_of(repo, "it", "pages/petition").status == "current"
    assert status_of(repo, "de", "pages/petition").status == "outdated"


def test_whitespace_only_edits_keep_translations_current(repo):
    path = repo / "content/en/pages/contact.md"
    path.write_text(path.read_text("utf-8").replace(". ", ".  ").replace("\n\n", "\n\n\n") + "\n\n", "utf-8")
    assert status_of(repo, "ru", "pages/contact").status == "current"


def test_a_typo_fix_marked_as_minor_keeps_current_translations_current(repo):
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "content")
    original = repo / "content/en/pages/contact.md"
    # fr is made outdated first by a real change; a typo fix must not hide that
    append(original, "\nA real new paragraph.\n")
    mark_current(str(original), [str(repo / f"content/{code}/pages/contact.md") for code in ("de", "ru", "it")])
    git(repo, "commit", "-qam", "new paragraph, de/ru/it updated")
    original.write_text(original.read_text("utf-8").replace("paragraph", "paragraf"), "utf-8")
    assert status_of(repo, "de", "pages/contact").status == "outdated"
    changed = minor_edit(str(repo), str(original), [str(repo / f"content/{code}/pages/contact.md")
                                                    for code in ("de", "fr", "ru", "it")])
    assert sorted(p.split("/content/")[1] for p in changed) == \
        ["de/pages/contact.md", "it/pages/contact.md", "ru/pages/contact.md"]
    assert status_of(repo, "de", "pages/contact").status == "current"
    state = status_of(repo, "fr", "pages/contact")
    assert state.status == "outdated"
    assert "1 commit(s) to the original since" in state.behind


def test_outdated_translation_shows_a_notice_linking_to_the_original(repo, tmp_path):
    append(repo / "content/en/pages/contact.md", "\nOne more sentence.\n")
    result = build_site(tmp_path / "out", root=repo)
    assert result.error is None, result.log
    soup = BeautifulSoup(result.page("de/contact/"), "html.parser")
    notice = soup.find("p", class_="notice")
    assert notice is not None and "möglicherweise nicht mehr aktuell" in notice.get_text()
    assert notice.find("a")["href"] == "/en/contact/"
    assert BeautifulSoup(result.page("de/petition/"), "html.parser").find(
        "p", string=lambda s: s and "nicht mehr aktuell" in s) is None


def test_outdated_notice_can_be_switched_off(repo, tmp_path):
    append(repo / "content/en/pages/contact.md", "\nOne more sentence.\n")
    settings = load_settings(str(repo))
    multilang = dict(settings["MULTILANG"], outdated_notice=False)
    result = build_site(tmp_path / "out", {"MULTILANG": multilang}, root=repo)
    assert BeautifulSoup(result.page("de/contact/"), "html.parser").find("p", class_="notice") is None


def test_status_report_as_table_markdown_and_json(repo):
    append(repo / "content/en/news/postcard-week.md", "\nUpdate.\n")
    (repo / "content/ru/pages/contact.md").unlink()
    report = collect(str(repo), load_settings(str(repo)), with_history=False)
    text = as_text(report)
    assert text.splitlines()[0].split()[:2] == ["lang", "pages"]
    ru_row = next(line for line in text.splitlines() if line.startswith("ru "))
    assert ru_row.split()[1:4] == ["4", "1", "1"]
    markdown = as_markdown(report)
    assert "| ru | `pages/contact` | missing |" in markdown
    assert "| de | `news/postcard-week` | outdated |" in markdown
    data = json.loads(as_json(report))
    assert {d["lang"] for d in data} == set(LANGUAGES)
    assert data[0]["catalog"]["total"] > 20


def test_translation_status_task_prints_the_real_table():
    out = subprocess.run([sys.executable, "-m", "invoke", "translation-status"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:1 + len(LANGUAGES)]}
    assert set(rows) == set(LANGUAGES)


def _add_language(repo, code):
    conf = repo / "pelicanconf.py"
    text = conf.read_text("utf-8")
    changed = re.sub(r'^LANGUAGES = \[(.*)\]$', lambda m: f'LANGUAGES = [{m.group(1)}, "{code}"]', text,
                     count=1, flags=re.M)
    assert changed != text, "pelicanconf.py has no one-line LANGUAGES = [...]"
    conf.write_text(changed, "utf-8")
    subprocess.run([sys.executable, "-m", "invoke", "i18n-init", code], cwd=repo, check=True,
                   capture_output=True)


def test_adding_a_language_is_one_configuration_entry(repo, tmp_path):
    _add_language(repo, "uk")
    assert (repo / "translations/uk/LC_MESSAGES/messages.po").is_file()
    pages = repo / "content/uk/pages"
    pages.mkdir(parents=True)
    (pages / "index.md").write_text("Title: Свободу політв'язням Білорусі\nTemplate: home\nCampaign: joint-100k\n"
                                    "Counter-label: Підписи, передані в Берліні\n\n"
                                    "Текст.\n", "utf-8")
    (pages / "petition.md").write_text("Title: Свободу Марії Колесниковій\nTemplate: petition\n"
                                       "Campaign: kolesnikova\nSigned-original: en\n\nТекст петиції.\n", "utf-8")
    result = build_site(tmp_path / "out", root=repo)
    assert result.error is None, result.log

    home = BeautifulSoup(result.page("uk/"), "html.parser")
    assert home.html["lang"] == "uk" and home.html["dir"] == "ltr"
    petition = BeautifulSoup(result.page("uk/petition/"), "html.parser")
    switcher = petition.find("nav", class_="lang-switcher")
    assert switcher.find(attrs={"aria-current": "true"}).get_text() == "Українська"
    german = BeautifulSoup(result.page("de/petition/"), "html.parser")
    assert german.find("link", hreflang="uk")["href"] == "/uk/petition/"
    assert german.find("nav", class_="lang-switcher").find("a", hreflang="uk")["href"] == "/uk/petition/"
    # news not translated yet: shown in English in the Ukrainian frame, date in Ukrainian
    news = BeautifulSoup(result.page("uk/news/signatures-handed-over/"), "html.parser")
    assert news.html["lang"] == "uk"
    assert news.find("main").find("time").get_text() == "9 грудня 2022\u202fр."
    # numbers in the counter grouped the Ukrainian way
    assert "100\u00a0000" in home.find("main").get_text() or "100\u202f000" in home.find("main").get_text()
    sitemap = (result.output_path / "sitemap.xml").read_text("utf-8")
    assert 'hreflang="uk" href="/uk/petition/"' in sitemap
    assert "/uk/news/signatures-handed-over/" not in sitemap  # a fallback is not a translation


@pytest.mark.parametrize("code,name", [("ar", "العربية"), ("he", "עברית")])
def test_right_to_left_language_gets_dir_rtl(repo, tmp_path, code, name):
    _add_language(repo, code)
    pages = repo / f"content/{code}/pages"
    pages.mkdir(parents=True)
    (pages / "index.md").write_text("Title: —\nTemplate: home\n\n.\n", "utf-8")
    result = build_site(tmp_path / "out", root=repo)
    assert result.error is None, result.log
    home = BeautifulSoup(result.page(f"{code}/"), "html.parser")
    assert home.html["lang"] == code and home.html["dir"] == "rtl"
    root_page = BeautifulSoup((result.output_path / "index.html").read_text("utf-8"), "html.parser")
    item = root_page.find("li", lang=code)
    assert item["dir"] == "rtl" and name in item.get_text()
    english = BeautifulSoup(result.page("en/"), "html.parser")
    assert english.html["dir"] == "ltr"


def test_a_translation_never_marked_current_does_not_claim_the_original_changed(mini_site):
    """tests/data/mini-site/content/de/pages/both.md has no Translation-of: nobody
    recorded which version it was made from, so readers are told nothing."""
    assert "Translation-of" not in (ROOT / "tests/data/mini-site/content/de/pages/both.md").read_text("utf-8")
    soup = BeautifulSoup(mini_site.page("de/both/"), "html.parser")
    assert soup.find("p", class_="notice") is None


@pytest.fixture
def fixture_project(tmp_path):
    from tests.test_build_errors import fixture_copy

    return fixture_copy(tmp_path / "project")


def run_invoke(root, *args):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, capture_output=True, text=True,
                          check=False, timeout=120)


def test_mark_current_has_help(fixture_project):
    result = run_invoke(fixture_project, "translation-mark-current", "--help")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Usage:" in result.stdout and "--all" in result.stdout


def test_mark_current_on_an_original_names_its_translations_and_marks_none(fixture_project):
    translation = fixture_project / "content/de/pages/letter.md"
    before = translation.read_text("utf-8")
    result = run_invoke(fixture_project, "translation-mark-current", "content/en/pages/letter.md")
    assert result.returncode == 1
    assert "content/en/pages/letter.md is the original; its translations: content/de/pages/letter.md" in result.stderr
    assert "--all" in result.stderr and "Traceback" not in result.stderr
    assert translation.read_text("utf-8") == before


def test_mark_current_on_a_translation_marks_that_one_and_says_so(fixture_project):
    result = run_invoke(fixture_project, "translation-mark-current", "content/de/pages/letter.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "marked current: content/de/pages/letter.md (matches content/en/pages/letter.md)"
    assert "Translation-of: " in (fixture_project / "content/de/pages/letter.md").read_text("utf-8")
    again = run_invoke(fixture_project, "translation-mark-current", "content/en/pages/letter.md", "--all")
    assert again.stdout.strip() == "already current: content/de/pages/letter.md (matches content/en/pages/letter.md)"

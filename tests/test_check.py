"""`invoke check`: each kind of mistake an editor can make produces one
plain `path:line: message`, and the repository's own content has none."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.sitebuild import ROOT, copy_repo
from tools.check import load_settings, run_checks, source_problems

pytestmark = pytest.mark.slow(seconds=14)  # about how long this module takes


def edit(root, rel, old, new, count=1):
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"fixture out of date: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), "utf-8")


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def po_blank(root, lang, msgid):
    rel = f"translations/{lang}/LC_MESSAGES/messages.po"
    text = (root / rel).read_text("utf-8")
    new = re.sub(rf'(msgid "{re.escape(msgid)}"\nmsgstr )".*"', r'\1""', text, count=1)
    assert new != text
    (root / rel).write_text(new, "utf-8")


CASES = {
    "front matter that does not start with a key": (
        lambda r: edit(r, "content/de/pages/contact.md", "Title: Kontakt", "Titel Kontakt"),
        "content/de/pages/contact.md:1: no front matter"),
    "a line in the front matter that is not Key: value": (
        lambda r: edit(r, "content/fr/pages/contact.md", "Template: page", "Template page"),
        r"content/fr/pages/contact.md:\d+: not a 'Key: value' line"),
    "a date that is not a date": (
        lambda r: edit(r, "content/it/news/postcard-week.md", "Date: 2022-09-09 12:00", "Date: 9 settembre"),
        r"content/it/news/postcard-week.md:\d+: '9 settembre' is not a date"),
    "an unknown template": (
        lambda r: edit(r, "content/en/pages/contact.md", "Template: page", "Template: pgae"),
        r"content/en/pages/contact.md:\d+: unknown template 'pgae'"),
    "a misspelt front matter key": (
        lambda r: edit(r, "content/ru/pages/petition.md", "Campaign:", "Campain:"),
        r"content/ru/pages/petition.md:\d+: unknown front matter key 'campain'"),
    "a next step that names no page or article": (
        lambda r: edit(r, "content/fr/pages/petition.md", "Next-steps: postcard-week", "Next-steps: postcard-wek"),
        r"content/fr/pages/petition.md:\d+: Next-Steps: no page or news article named 'postcard-wek'"),
    "a call to action that links to no page or article": (
        lambda r: edit(r, "content/en/pages/index.md", "Cta-link: postcard-week", "Cta-link: postcards"),
        r"content/en/pages/index.md:\d+: Cta-Link: no page or news article named 'postcards'"),
    "a Lang: line": (
        lambda r: edit(r, "content/de/pages/contact.md", "Template: page", "Template: page\nLang: fr"),
        r"content/de/pages/contact.md:\d+: remove 'Lang:'"),
    "a language folder that is not configured": (
        lambda r: write(r, "content/uk/pages/index.md", "Title: Головна\n\nТекст.\n"),
        "content/uk: language folder 'uk' is not in LANGUAGES"),
    "a translation with no original": (
        lambda r: write(r, "content/de/pages/nur-deutsch.md", "Title: Nur Deutsch\n\nText.\n"),
        "content/de/pages/nur-deutsch.md:1: translation with no original: content/en/pages/nur-deutsch.md"),
    "different campaign ids across languages": (
        lambda r: edit(r, "content/it/pages/petition.md", "Campaign: kolesnikova", "Campaign: joint-100k"),
        r"content/it/pages/petition.md:\d+: Campaign: joint-100k here, but kolesnikova in the original"),
    "an unknown campaign id": (
        lambda r: [edit(r, f"content/{lang}/pages/contact.md", "Template: page", "Template: page\nCampaign: kolesnikowa")
                   for lang in ("de", "fr", "ru", "it", "en")],
        r"content/en/pages/contact.md:\d+: unknown campaign id 'kolesnikowa'"),
    "a link to a page that does not exist": (
        lambda r: edit(r, "content/en/pages/contact.md", "\n\n", "\n\nSee [the archive]({filename}archive.md).\n\n"),
        r"content/en/pages/contact.md:\d+: broken link: \{filename\}archive.md"),
    "an anchor that does not exist": (
        lambda r: edit(r, "content/fr/pages/contact.md", "\n\n", "\n\nVoir [la pétition]({filename}petition.md#nulle-part).\n\n"),
        r"content/fr/pages/contact.md:\d+: broken anchor: .*'nulle-part'"),
    "an image that does not exist": (
        lambda r: edit(r, "content/ru/pages/contact.md", "\n\n", "\n\n![Карта]({static}/images/map.png)\n\n"),
        r"content/ru/pages/contact.md:\d+: broken image: \{static\}/images/map.png"),
    "a site path that the build does not write": (
        lambda r: edit(r, "content/de/pages/contact.md", "\n\n", "\n\nZur [Petition](/de/petiton/).\n\n"),
        r"content/de/pages/contact.md:\d+: broken link: /de/petiton/"),
    "a relative link Pelican cannot check": (
        lambda r: edit(r, "content/it/pages/contact.md", "\n\n", "\n\nLa [petizione](petition.md).\n\n"),
        r"content/it/pages/contact.md:\d+: relative link 'petition.md': write it as \{filename\}petition.md"),
    "a javascript: link": (
        lambda r: edit(r, "content/en/pages/contact.md", "\n\n", "\n\n[click](javascript:alert(1))\n\n"),
        r"content/en/pages/contact.md:\d+: link with a javascript: address is not allowed"),
    "a signatory data file that does not validate": (
        lambda r: edit(r, "content/data/open-letter-signatories.json", '"country": "AT"', '"country": "Austria"'),
        r"content/data/open-letter-signatories.json: signatories/\d+/country"),
    "a front matter naming a signatory list that does not exist": (
        lambda r: [edit(r, f"content/{lang}/pages/open-letter.md", "Signatories: open-letter-bialiatski",
                        "Signatories: open-letter-2023") for lang in ("de", "fr", "ru", "it", "en")],
        r"content/en/pages/open-letter.md:\d+: no signatory list 'open-letter-2023'"),
    "an untranslated catalog string": (
        lambda r: po_blank(r, "de", "Skip to content"),
        r"translations/de/LC_MESSAGES/messages.po:\d+: untranslated: 'Skip to content'"),
    "a fuzzy catalog string": (
        lambda r: edit(r, "translations/it/LC_MESSAGES/messages.po", 'msgid "Skip to content"', '#, fuzzy\nmsgid "Skip to content"'),
        r"translations/it/LC_MESSAGES/messages.po:\d+: fuzzy \(check and remove the flag\): 'Skip to content'"),
    "a catalog that does not compile": (
        lambda r: edit(r, "translations/ru/LC_MESSAGES/messages.po", 'msgid "Skip to content"', 'msgid "Skip to content"\nthis is not gettext'),
        r"translations/ru/LC_MESSAGES/messages.po:\d+: cannot compile catalog"),
    "a placeholder mistranslated in a catalog": (
        lambda r: edit(r, "translations/fr/LC_MESSAGES/messages.po", 'msgstr "Page %(current)s sur %(total)s"', 'msgstr "Page %(actuelle)s sur %(total)s"'),
        r"translations/fr/LC_MESSAGES/messages.po:\d+: .*actuelle"),
    "a theme string missing from the catalogs": (
        lambda r: edit(r, "theme/templates/404.html", "{% block content %}", "{% block content %}<p>{{ _(\"A brand new sentence\") }}</p>"),
        r"translations/de/LC_MESSAGES/messages.po: 1 string\(s\) from the theme are not in this catalog yet"),
    "a file that is not UTF-8": (
        lambda r: (r / "content/de/pages/contact.md").write_bytes("Title: Kontakt\n\nGr\xfc\xdfe\n".encode("latin-1")),
        r"content/de/pages/contact.md:1: not UTF-8 text"),
    "a malformed Translation-of": (
        lambda r: edit(r, "content/fr/pages/contact.md", "Translation-of: ", "Translation-of: zz"),
        r"content/fr/pages/contact.md:\d+: 'Translation-of:' must be 10 hex digits"),
    "a counter marker naming an unknown campaign": (
        lambda r: edit(r, "content/en/pages/contact.md", "\n\n", "\n\n[[counter no-such-campaign]]\n\n"),
        r"content/en/pages/contact.md:\d+: unknown campaign id 'no-such-campaign' in \[\[counter no-such-campaign\]\]"),
}


def test_the_repositorys_own_content_passes_the_check():
    problems = run_checks(str(ROOT))
    assert [str(p) for p in problems] == []


# Found before any build (front matter, folders, translations, {filename} links, data files,
# catalogs that do not compile): source_problems() is what `invoke check` and `invoke build`
# run first. The other cases need the check's build (rendered links, anchors) or the catalog pass.
BEFORE_BUILD = {
    "a Lang: line", "a call to action that links to no page or article", "a catalog that does not compile",
    "a counter marker naming an unknown campaign", "a date that is not a date", "a file that is not UTF-8",
    "a front matter naming a signatory list that does not exist", "a language folder that is not configured",
    "a line in the front matter that is not Key: value", "a link to a page that does not exist",
    "a malformed Translation-of", "a misspelt front matter key", "a next step that names no page or article",
    "a placeholder mistranslated in a catalog", "a signatory data file that does not validate",
    "a translation with no original", "an image that does not exist", "an unknown campaign id",
    "an unknown template", "different campaign ids across languages", "front matter that does not start with a key",
}


def assert_one_line_each(lines: list[str], expected: str) -> None:
    assert any(re.search(expected, line) for line in lines), "\n".join(lines) or "(no problems)"
    for line in lines:
        assert "\n" not in line and "Traceback" not in line


@pytest.mark.parametrize("case", sorted(BEFORE_BUILD))
def test_check_reports_each_mistake_as_one_line_naming_the_file_before_building(tmp_path, case):
    mutate, expected = CASES[case]
    root = copy_repo(tmp_path / "site")
    mutate(root)
    problems, _ = source_problems(str(root), load_settings(str(root)))
    assert_one_line_each([str(p) for p in problems], expected)


@pytest.mark.parametrize("case", sorted(set(CASES) - BEFORE_BUILD))
def test_check_reports_each_mistake_as_one_line_naming_the_file(tmp_path, case):
    mutate, expected = CASES[case]
    root = copy_repo(tmp_path / "site")
    mutate(root)
    assert_one_line_each([str(p) for p in run_checks(str(root), load_settings(str(root)))], expected)


def test_the_full_check_reports_every_problem_found_before_the_build_and_adds_no_traceback(tmp_path):
    """run_checks() passes on what source_problems() finds: several mistakes at once, one full check."""
    root = copy_repo(tmp_path / "site")
    for case in ("a misspelt front matter key", "a translation with no original", "a catalog that does not compile",
                 "a signatory data file that does not validate", "a date that is not a date"):
        CASES[case][0](root)
    settings = load_settings(str(root))
    before = {str(p) for p in source_problems(str(root), settings)[0]}
    lines = [str(p) for p in run_checks(str(root), settings)]
    assert len(before) >= 5 and before <= set(lines)
    assert all("\n" not in line and "Traceback" not in line for line in lines)


def test_check_can_be_limited_to_the_files_being_committed(tmp_path):
    root = copy_repo(tmp_path / "site")
    edit(root, "content/de/pages/contact.md", "Template: page", "Template: pgae")
    edit(root, "content/fr/pages/contact.md", "Template: page", "Template: pgae")
    settings = load_settings(str(root))
    only = run_checks(str(root), settings, files=["content/fr/pages/contact.md"])
    assert {p.path for p in only} == {"content/fr/pages/contact.md"}


def test_catalog_gaps_warn_without_failing_unless_the_campaign_wants_complete_catalogs(tmp_path):
    root = copy_repo(tmp_path / "site")
    po_blank(root, "de", "Skip to content")

    def check():
        return subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=root, capture_output=True, text=True,
                              check=False)

    conf = root / "pelicanconf.py"
    original = conf.read_text("utf-8")
    conf.write_text(original + '\nMULTILANG = {**MULTILANG, "complete_catalogs": False}\n', "utf-8")
    relaxed = check()
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert re.search(r"messages\.po:\d+: warning: untranslated: 'Skip to content'", relaxed.stdout)
    conf.write_text(original + '\nMULTILANG = {**MULTILANG, "complete_catalogs": True}\n', "utf-8")
    strict = check()
    assert strict.returncode == 1
    assert re.search(r"messages\.po:\d+: untranslated: 'Skip to content'", strict.stdout)

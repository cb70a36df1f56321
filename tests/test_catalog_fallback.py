"""Theme text in any language: untranslated entries fall back per entry to
the original with English plurals, catalog gaps are warnings unless the
campaign asks for complete catalogs, broken placeholders stay errors, and
the catalog tasks work for region-tagged languages."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from babel.support import Translations

from pelican.plugins.multilang.catalogs import CatalogError, compile_po, coverage
from tests.sitebuild import copy_repo
from tools import catalog_check
from tools.i18n import babel_locale
from tools.translation_status import as_text, collect

PAIR = ("%(num)s signature", "%(num)s signatures")


def write_catalog(tmp_path, lang, entries, name="messages.po"):
    catalog = Catalog(locale=lang)
    for msgid, string, *flags in entries:
        catalog.add(msgid, string, flags=flags)
    path = tmp_path / lang / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fp:
        write_po(fp, catalog)
    return path


def load(po_path) -> Translations:
    with open(compile_po(str(po_path)), "rb") as fp:
        return Translations(fp)


@pytest.mark.parametrize("lang", ["ja", "tr", "hu", "hy", "zh_Hant_HK", "de", "ru"])
def test_untranslated_plural_entry_says_the_english_plural_for_any_plural_rule(tmp_path, lang):
    translations = load(write_catalog(tmp_path, lang, [(PAIR, ("",) * 1)]))
    assert translations.ngettext(*PAIR, 36517) % {"num": "36,517"} == "36,517 signatures"
    assert translations.ngettext(*PAIR, 1) % {"num": "1"} == "1 signature"


def test_partly_translated_plural_entry_is_shown_in_english_rather_than_half_translated(tmp_path):
    translations = load(write_catalog(tmp_path, "ru", [(PAIR, ("%(num)s подпись", "", ""))]))
    assert translations.ngettext(*PAIR, 5) == "%(num)s signatures"


def test_translated_and_fuzzy_entries(tmp_path):
    path = write_catalog(tmp_path, "ja", [(PAIR, ("%(num)s 件の署名",)), ("News", "ニュース", "fuzzy"),
                                          ("Main", "メイン")])
    translations = load(path)
    assert translations.ngettext(*PAIR, 5) == "%(num)s 件の署名"
    assert translations.gettext("News") == "News"  # fuzzy: the original
    assert translations.gettext("Main") == "メイン"


def test_coverage_counts_what_readers_see_translated(tmp_path):
    from babel.messages.pofile import read_po

    path = write_catalog(tmp_path, "tr", [(PAIR, ("",)), ("News", "Haberler"), ("Main", "")])
    with open(path, "rb") as fp:
        result = coverage(read_po(fp), "tr")
    assert (result.translated, result.total, result.fallback, result.percent) == (1, 3, 2, 33)


def test_broken_placeholder_is_an_error_naming_file_and_line(tmp_path):
    path = write_catalog(tmp_path, "de", [(PAIR, ("%(nmu)s Unterschrift", "%(num)s Unterschriften"))])
    with pytest.raises(CatalogError, match=rf"{path}:\d+: .*placeholder|{path}:\d+: .*nmu"):
        compile_po(str(path))


def test_catalog_gaps_are_warnings_unless_the_campaign_asks_for_complete_catalogs(tmp_path):
    path = write_catalog(tmp_path, "ja", [(PAIR, ("",)), ("News", "ニュース")])
    wanted = {"%(num)s signature", "News", "Main"}
    relaxed, stats = catalog_check.check_catalog(str(tmp_path), str(path), "ja", wanted)
    assert sorted(p.message.split(" ")[0] for p in relaxed) == ["1", "untranslated:"]
    assert all(p.warning for p in relaxed)
    assert all(": warning: " in str(p) for p in relaxed)
    strict, _ = catalog_check.check_catalog(str(tmp_path), str(path), "ja", wanted, complete=True)
    assert strict and not any(p.warning for p in strict)
    assert (stats.translated, stats.untranslated, stats.missing) == (1, 1, 1)


def test_broken_placeholder_stays_an_error_when_gaps_are_only_warnings(tmp_path):
    path = write_catalog(tmp_path, "de", [("Page %(current)s of %(total)s", "Seite %(aktuell)s von %(total)s")])
    problems, _ = catalog_check.check_catalog(str(tmp_path), str(path), "de", {"Page %(current)s of %(total)s"})
    assert len(problems) == 1 and not problems[0].warning


@pytest.mark.parametrize("tag,locale", [("zh-hk", "zh_Hant_HK"), ("zh-tw", "zh_Hant_TW"), ("pt-br", "pt_BR"),
                                        ("sr-latn", "sr_Latn"), ("ja", "ja")])
def test_region_tags_map_to_the_locale_babel_needs(tag, locale):
    assert babel_locale(tag) == locale


def test_catalog_tasks_work_for_a_region_tagged_language(tmp_path):
    repo = copy_repo(tmp_path / "site")
    conf = repo / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + '\nLANGUAGES = [*LANGUAGES, "zh-hk"]\n', "utf-8")

    def invoke(*args):
        run = subprocess.run([sys.executable, "-m", "invoke", *args], cwd=repo, capture_output=True, text=True,
                             check=False)
        assert run.returncode == 0, run.stdout + run.stderr
        return run.stdout

    invoke("i18n-init", "zh-hk")
    po = repo / "translations" / "zh-hk" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    assert '"Language: zh_Hant_HK\\n"' in text and "nplurals=1" in text
    invoke("i18n-update")  # every catalog, the region-tagged one too
    assert "nplurals=1" in po.read_text("utf-8")
    assert "compiled translations/zh-hk/LC_MESSAGES/messages.mo" in invoke("i18n-compile")
    from tools.check import load_settings

    report = {status.lang: status.catalog for status in collect(str(repo), load_settings(str(repo)),
                                                                 with_history=False)}
    assert report["zh-hk"]["coverage"] == 0 and report["zh-hk"]["translated"] == 0
    assert "coverage" in as_text(collect(str(repo), load_settings(str(repo)), with_history=False))


def test_a_string_in_two_contexts_counts_once_and_is_translated_only_when_both_are(tmp_path):
    path = tmp_path / "translations/de/LC_MESSAGES/messages.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "as of %(date)s"\nmsgstr "Stand: %(date)s"\n\n'
                    'msgctxt "date on the 1st"\nmsgid "as of %(date)s"\nmsgstr ""\n\n'
                    'msgctxt "a"\nmsgid "News"\nmsgstr "Neues"\n\nmsgctxt "b"\nmsgid "News"\nmsgstr "Aktuelles"\n',
                    "utf-8")
    _, stats = catalog_check.check_catalog(str(tmp_path), str(path), "de", {"as of %(date)s", "News"})
    assert (stats.translated, stats.untranslated, stats.fuzzy, stats.missing, stats.total) == (1, 1, 0, 0, 2)

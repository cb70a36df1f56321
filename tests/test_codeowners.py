"""The CODEOWNERS file (or its example) gives every translated language's
folders to a team, as docs/editing.md "Add a language" asks."""

from __future__ import annotations

from tests.sitebuild import ROOT
from tools.check import load_settings


def codeowners_text() -> str:
    real = ROOT / ".github/CODEOWNERS"
    return (real if real.exists() else ROOT / ".github/CODEOWNERS.example").read_text("utf-8")


def test_every_translated_language_has_owners_for_its_content_and_catalog():
    settings = load_settings(str(ROOT))
    owned = {line.split()[0] for line in codeowners_text().splitlines() if line.strip() and not line.startswith("#")}
    for lang in settings["LANGUAGES"]:
        if lang == settings["DEFAULT_LANG"]:
            continue
        assert f"/content/{lang}/" in owned, f"no owners for content/{lang}/"
        assert f"/translations/{lang}/" in owned, f"no owners for translations/{lang}/"

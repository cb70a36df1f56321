"""Signatories of an open letter, and their grouping by localized country."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from babel import Locale


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores accents (Österreich sorts with O).

    Not full CLDR collation (that needs ICU), but right for the Latin and
    Cyrillic names this site lists.
    """
    base = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return (base.casefold(), text)


@dataclass(frozen=True)
class Signatory:
    name: str
    country: str
    chamber: dict[str, str]
    role: dict[str, str] | None
    default_lang: str

    def _pick(self, names: dict[str, str] | None, lang: str) -> str:
        if not names:
            return ""
        return names.get(lang) or names.get(self.default_lang) or next(iter(names.values()))

    def chamber_in(self, lang: str) -> str:
        return self._pick(self.chamber, lang)

    def role_in(self, lang: str) -> str:
        return self._pick(self.role, lang)


@dataclass(frozen=True)
class CountryGroup:
    code: str
    name: str
    members: tuple[Signatory, ...]


@dataclass(frozen=True)
class Letter:
    letter: str
    signatories: tuple[Signatory, ...]

    @property
    def total(self) -> int:
        return len(self.signatories)

    @property
    def countries(self) -> int:
        return len({s.country for s in self.signatories})

    def by_country(self, lang: str) -> list[CountryGroup]:
        """Groups sorted by the country's name in `lang`, members in list order."""
        territories = Locale.parse(lang.replace("-", "_")).territories
        codes = sorted({s.country for s in self.signatories})
        groups = [
            CountryGroup(
                code=code,
                name=territories.get(code, code),
                members=tuple(s for s in self.signatories if s.country == code),
            )
            for code in codes
        ]
        return sorted(groups, key=lambda group: sort_key(group.name))

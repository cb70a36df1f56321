"""Signatories of an open letter: people or organisations, grouped by
country (CLDR names), by a group the data names, or not at all, each group
and name in the reader's alphabetical order (collation.py)."""

from __future__ import annotations

from dataclasses import dataclass

from pelican.plugins.site_config.counter import ngettext_noop
from pelican.plugins.site_config.languages import language

from .collation import sort_key

# The heading over the list, by what kind of signatories the letter has:
# a singular/plural pair with %(num)s, translated in the site's catalogs.
HEADINGS = {
    "signatories": ngettext_noop("Signed by %(num)s signatory", "Signed by %(num)s signatories"),
    "people": ngettext_noop("Signed by %(num)s person", "Signed by %(num)s people"),
    "organisations": ngettext_noop("Signed by %(num)s organisation", "Signed by %(num)s organisations"),
    "parliamentarians": ngettext_noop("Signed by %(num)s parliamentarian", "Signed by %(num)s parliamentarians"),
}
GROUP_BY = ("country", "group", "none")
ORDERS = ("name", "list")


def _pick(names: dict[str, str] | None, lang: str, default_lang: str) -> str:
    if not names:
        return ""
    return names.get(lang) or names.get(default_lang) or next(iter(names.values()))


def _territories(lang: str) -> dict[str, str]:
    return language(lang).locale.territories


@dataclass(frozen=True)
class Signatory:
    name: str
    country: str | None
    group: str | None  # key into Letter.groups
    role: dict[str, str] | None
    default_lang: str
    url: str = ""
    sort_as: str = ""
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def group_in(self, lang: str) -> str:
        names = dict(dict(self.groups).get(self.group, ())) if self.group else None
        return _pick(names, lang, self.default_lang)

    def chamber_in(self, lang: str) -> str:  # the name the Belarus letter's template used
        return self.group_in(lang)

    def role_in(self, lang: str) -> str:
        return _pick(self.role, lang, self.default_lang)

    def country_in(self, lang: str) -> str:
        return _territories(lang).get(self.country, self.country) if self.country else ""


@dataclass(frozen=True)
class Group:
    key: str  # country code, group key, or "" for the one list of group_by "none"
    name: str  # heading in the reader's language ("" for no heading)
    members: tuple[Signatory, ...]

    @property
    def code(self) -> str:  # country groups: the ISO code
        return self.key


CountryGroup = Group  # the name earlier code used


@dataclass(frozen=True)
class Letter:
    letter: str
    signatories: tuple[Signatory, ...]
    kind: str = "signatories"
    group_by: str = "country"
    order: str = "name"
    heading: tuple[tuple[str, str], ...] = ()  # a heading per language from the data
    default_lang: str = "en"

    @property
    def total(self) -> int:
        return len(self.signatories)

    @property
    def countries(self) -> int:
        return len({s.country for s in self.signatories if s.country})

    @property
    def heading_forms(self) -> tuple[str, str]:
        """The catalog's singular/plural heading for this kind of letter."""
        return HEADINGS[self.kind]

    def heading_in(self, lang: str) -> str:
        """The data's own heading in ``lang`` ("" when the catalog's is used)."""
        return _pick(dict(self.heading), lang, self.default_lang)

    def _sorted(self, members, lang: str) -> tuple[Signatory, ...]:
        if self.order == "list":
            return tuple(members)
        return tuple(sorted(members, key=lambda s: sort_key(s.sort_as or s.name, lang)))

    def groups_in(self, lang: str) -> list[Group]:
        """The list as the reader sees it: groups in alphabetical order of
        their names in ``lang`` (no name last), members sorted per ``order``."""
        if self.group_by == "none":
            return [Group("", "", self._sorted(self.signatories, lang))]
        keys: dict[str, list[Signatory]] = {}
        for person in self.signatories:
            key = (person.country if self.group_by == "country" else person.group) or ""
            keys.setdefault(key, []).append(person)
        groups = []
        for key, members in keys.items():
            if not key:
                name = ""
            elif self.group_by == "country":
                name = members[0].country_in(lang)
            else:
                name = members[0].group_in(lang)
            groups.append(Group(key, name, self._sorted(members, lang)))
        return sorted(groups, key=lambda group: (group.name == "", sort_key(group.name, lang)))

    def by_country(self, lang: str) -> list[Group]:
        return self.groups_in(lang)

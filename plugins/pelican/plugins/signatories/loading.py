"""Read and validate the signatory files in DATA_PATH."""

from __future__ import annotations

import json
import logging
import os
from functools import cache

import jsonschema
from babel import Locale

from .model import Letter, Signatory

logger = logging.getLogger(__name__)

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "schema", "signatories.schema.json")
FILE_SUFFIX = "-signatories.json"


class SignatoriesError(ValueError):
    """A data file that cannot be used; the message names the file."""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    with open(SCHEMA_PATH, encoding="utf-8") as fp:
        return jsonschema.Draft202012Validator(json.load(fp))


def _where(error: jsonschema.ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "(top level)"


def load_letter(path: str, languages: tuple[str, ...], default_lang: str) -> Letter:
    try:
        with open(path, encoding="utf-8") as fp:
            data = json.load(fp)
    except json.JSONDecodeError as exc:
        raise SignatoriesError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SignatoriesError(f"{path}: cannot read: {exc}") from exc
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise SignatoriesError(f"{path}: {_where(error)}: {error.message}")

    if "groups" in data and "chambers" in data:
        raise SignatoriesError(f"{path}: give 'groups' or its older name 'chambers', not both")
    groups = data.get("groups") or data.get("chambers") or {}
    frozen_groups = tuple((key, tuple(names.items())) for key, names in groups.items())
    # CLDR's two-letter territory codes, less "ZZ" (Unknown Region)
    known_countries = {code for code in Locale.parse("en").territories if code.isalpha() and code != "ZZ"}
    people = []
    for index, entry in enumerate(data["signatories"]):
        where = f"{path}: signatories/{index} ({entry['name']})"
        if "group" in entry and "chamber" in entry:
            raise SignatoriesError(f"{where}: give 'group' or its older name 'chamber', not both")
        group = entry.get("group", entry.get("chamber"))
        if group is not None and group not in groups:
            word = "chamber" if "chamber" in entry else "group"
            raise SignatoriesError(f"{where}: unknown {word} {group!r}")
        country = entry.get("country")
        if country is not None and country not in known_countries:
            raise SignatoriesError(f"{where}: unknown country code {country!r}")
        people.append(
            Signatory(
                name=entry["name"],
                country=country,
                group=group,
                role=entry.get("role"),
                default_lang=default_lang,
                url=entry.get("url", ""),
                sort_as=entry.get("sort_as", ""),
                groups=frozen_groups,
            )
        )
    for key, names in groups.items():
        missing = [lang for lang in languages if lang not in names]
        if missing:
            logger.warning(
                "signatories: %s: group %r has no name in %s; the %s name is shown",
                path, key, ", ".join(missing), default_lang,
            )
    group_by = data.get("group_by")
    if group_by is None:
        if all(person.country for person in people):
            group_by = "country"
        elif groups:
            group_by = "group"
        else:
            group_by = "none"
    if group_by == "group" and not groups:
        raise SignatoriesError(f"{path}: group_by is 'group' but the file names no groups")
    return Letter(
        letter=data["letter"],
        signatories=tuple(people),
        kind=data.get("kind", "signatories"),
        group_by=group_by,
        order=data.get("order", "name"),
        heading=tuple((data.get("heading") or {}).items()),
        default_lang=default_lang,
    )


def load_all(data_path: str, languages: tuple[str, ...], default_lang: str) -> dict[str, Letter]:
    letters: dict[str, Letter] = {}
    if not os.path.isdir(data_path):
        return letters
    for name in sorted(os.listdir(data_path)):
        if name.endswith(FILE_SUFFIX):
            letter = load_letter(os.path.join(data_path, name), languages, default_lang)
            if letter.letter in letters:
                raise SignatoriesError(
                    f"{os.path.join(data_path, name)}: letter id {letter.letter!r} is used twice"
                )
            letters[letter.letter] = letter
    return letters

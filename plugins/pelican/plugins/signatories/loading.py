"""Read and validate the signatory files in DATA_PATH.

A file is refused, with one line naming it, for a duplicate key in an
object, nesting deeper than MAX_DEPTH, a NUL character anywhere, or what the
JSON Schema refuses. Names, roles, group names and headings are cleaned like
feed text (pelican.plugins.sanitize.text: no control, bidi or zero-width
characters) before anything sees them."""

from __future__ import annotations

import json
import logging
import os
from functools import cache

import jsonschema
from babel import Locale

from pelican.plugins.sanitize.text import clean_text

from .model import Letter, Signatory

logger = logging.getLogger(__name__)

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "schema", "signatories.schema.json")
FILE_SUFFIX = "-signatories.json"
# The schema needs five levels; anything much deeper is not a signatory list.
MAX_DEPTH = 32


class SignatoriesError(ValueError):
    """A data file that cannot be used; the message names the file."""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    with open(SCHEMA_PATH, encoding="utf-8") as fp:
        return jsonschema.Draft202012Validator(json.load(fp))


def _where(error: jsonschema.ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "(top level)"


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _check_structure(path: str, data) -> None:
    """No nesting deeper than MAX_DEPTH, no NUL in any key or text."""
    pending = [(data, (), 1)]
    while pending:
        value, where, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise SignatoriesError(f"{path}: nested more than {MAX_DEPTH} levels deep; not a signatory list")
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    place = "/".join(where) or "(top level)"
                    raise SignatoriesError(f"{path}: {place}: a key contains a NUL character")
                pending.append((item, (*where, key), depth + 1))
        elif isinstance(value, list):
            pending.extend((item, (*where, str(index)), depth + 1) for index, item in enumerate(value))
        elif isinstance(value, str) and "\x00" in value:
            raise SignatoriesError(f"{path}: {'/'.join(where)}: contains a NUL character (\\u0000); remove it")


def _read(path: str):
    try:
        with open(path, encoding="utf-8") as fp:
            text = fp.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SignatoriesError(f"{path}: cannot read: {exc}") from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SignatoriesError(f"{path}:{line}: contains a NUL character; remove it")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise SignatoriesError(
            f"{path}: the key {json.dumps(exc.args[0])[:60]} appears twice in one object; keep one"
        ) from None
    except json.JSONDecodeError as exc:
        raise SignatoriesError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    except RecursionError:
        raise SignatoriesError(f"{path}: nested too deeply to be read; not a signatory list") from None
    _check_structure(path, data)
    return data


def _cleaned(names: dict[str, str] | None) -> dict[str, str] | None:
    if names is None:
        return None
    return {lang: clean_text(text) for lang, text in names.items() if clean_text(text)}


def load_letter(path: str, languages: tuple[str, ...], default_lang: str) -> Letter:
    data = _read(path)
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise SignatoriesError(f"{path}: {_where(error)}: {error.message}")

    if "groups" in data and "chambers" in data:
        raise SignatoriesError(f"{path}: give 'groups' or its older name 'chambers', not both")
    groups = {key: _cleaned(names) for key, names in (data.get("groups") or data.get("chambers") or {}).items()}
    frozen_groups = tuple((key, tuple(names.items())) for key, names in groups.items())
    # CLDR's two-letter territory codes, less "ZZ" (Unknown Region)
    known_countries = {code for code in Locale.parse("en").territories if code.isalpha() and code != "ZZ"}
    people = []
    for index, entry in enumerate(data["signatories"]):
        name = clean_text(entry["name"])
        where = f"{path}: signatories/{index} ({name})"
        if not name:
            raise SignatoriesError(
                f"{path}: signatories/{index}/name: nothing is left once invisible characters are removed"
            )
        url = entry.get("url", "")
        if url and clean_text(url) != url:
            raise SignatoriesError(f"{where}: the url contains invisible or control characters")
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
                name=name,
                country=country,
                group=group,
                role=_cleaned(entry.get("role")),
                default_lang=default_lang,
                url=url,
                sort_as=clean_text(entry.get("sort_as", "")),
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
        heading=tuple((_cleaned(data.get("heading")) or {}).items()),
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

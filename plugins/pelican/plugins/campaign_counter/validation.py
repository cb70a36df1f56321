"""Check a feed document: the JSON Schema, then what a schema cannot say.

:func:`validate` returns a list of :class:`Problem`, each a JSON path and a
plain-language sentence; an empty list means the document can be used.
Messages never repeat feed strings at length or raw: values are quoted as
ASCII-escaped JSON and cut short, so a hostile feed cannot flood or spoof
the build log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jsonschema

from .model import parse_timestamp

SCHEMA_PATH = Path(__file__).with_name("schema") / "campaign-feed.schema.json"
# How far in the future generated_at may be (clock skew between machines).
CLOCK_SKEW = timedelta(minutes=10)
# Dates outside these years are typing mistakes or attacks, not petitions.
FIRST_YEAR, LAST_YEAR = 1990, 2200
# The most a total (count plus all offline counts) may be.
MAX_TOTAL = 1_000_000_000

_TYPE_WORDS = {
    "object": "an object ({...})",
    "array": "a list ([...])",
    "string": "a text string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def short(value, limit: int = 40) -> str:
    """A value for a log line: ASCII-only JSON, at most ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(type(value).__name__)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_path(parts) -> str:
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(part, str) and part.isidentifier():
            path += f".{part}"
        else:
            path += f"[{short(str(part), 30)}]"
    return path


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a text string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _describe(error: jsonschema.ValidationError) -> str:
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return f"missing required field {short(missing[0]) if missing else ''}".rstrip()
    if keyword == "type":
        wanted = expected if isinstance(expected, str) else expected[0]
        return f"must be {_TYPE_WORDS.get(wanted, wanted)}, not {_json_type(value)}"
    if keyword == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(key for key in value if key not in allowed)
        names = ", ".join(short(key, 30) for key in extra[:3])
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        return f"unknown field {names}{more} (see the schema for the fields allowed)"
    if keyword == "enum":
        choices = ", ".join(json.dumps(choice) for choice in expected)
        return f"must be one of {choices}, not {short(value)}"
    if keyword == "const":
        return f"must be {json.dumps(expected)}, not {short(value)}"
    if keyword == "pattern":
        if "T[0-9]{2}" in expected:
            return (
                "must be a date and time with seconds and UTC offset, "
                f"e.g. 2021-03-18T10:17:41+01:00, not {short(value)}"
            )
        if expected.startswith("^[a-z0-9]"):
            return (
                "must be lower-case letters, digits and inner hyphens "
                f"(e.g. kolesnikova), not {short(value)}"
            )
        return "must not contain control characters (line breaks, tabs, ...)"
    if keyword == "maxLength":
        return f"is too long: {len(value)} characters, at most {expected} allowed"
    if keyword == "minLength":
        return "must not be empty"
    if keyword == "minimum":
        return f"must be at least {expected}, not {short(value)}"
    if keyword == "maximum":
        return f"must be at most {expected}, not {short(value)}"
    if keyword == "maxItems":
        return f"has {len(value)} entries, at most {expected} allowed"
    if keyword == "not" and isinstance(value, dict) and "ended_at" in value:
        return 'has "ended_at" but its status is "open"'
    return error.message if len(error.message) <= 160 else error.message[:159] + "…"


def _schema_problems(document) -> list[Problem]:
    errors = sorted(
        _validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]
    )
    problems, seen = [], set()
    for error in errors:
        path = json_path(error.absolute_path)
        if path not in seen:  # one problem per place is enough to fix it
            seen.add(path)
            problems.append(Problem(path, _describe(error)))
    return problems


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _semantic_problems(document, now: datetime) -> list[Problem]:
    problems: list[Problem] = []

    def problem(path, message):
        problems.append(Problem(json_path(path), message))

    def when(path, value):
        try:
            moment = parse_timestamp(value)
            utc = moment.astimezone(UTC) if moment.utcoffset() is not None else None
        except (ValueError, OverflowError):
            problem(path, f"is not a real date and time: {short(value)}")
            return None
        if utc is None:
            problem(path, "has no UTC offset")
            return None
        if not FIRST_YEAR <= moment.year <= LAST_YEAR or not FIRST_YEAR <= utc.year <= LAST_YEAR:
            problem(path, f"is not a plausible date (years {FIRST_YEAR} to {LAST_YEAR}): {short(value)}")
            return None
        return moment

    generated_at = when(["generated_at"], document["generated_at"])
    if generated_at and generated_at > now + CLOCK_SKEW:
        problem(["generated_at"], f"is in the future ({document['generated_at']})")

    seen: dict[str, int] = {}
    for index, campaign in enumerate(document["campaigns"]):
        base = ["campaigns", index]
        before = len(problems)
        if campaign["id"] in seen:
            problem(
                base + ["id"],
                f"campaign id {short(campaign['id'])} is used twice "
                f"(also at $.campaigns[{seen[campaign['id']]}])",
            )
        seen.setdefault(campaign["id"], index)

        for path in (["count"], ["goal"]):
            if path[0] in campaign and not _is_whole(campaign[path[0]]):
                problem(base + path, "must be a whole number written without a decimal point")
        for n, item in enumerate(campaign.get("offline", ())):
            if not _is_whole(item["count"]):
                problem(base + ["offline", n, "count"], "must be a whole number")
        for n, item in enumerate(campaign["milestones"]):
            if not _is_whole(item["count"]):
                problem(base + ["milestones", n, "count"], "must be a whole number")
        if len(problems) > before:
            continue

        count_at = when(base + ["count_at"], campaign["count_at"])
        if count_at and generated_at and count_at > generated_at:
            problem(
                base + ["count_at"],
                "is later than the document's generated_at: the count cannot be "
                "taken after the document was made",
            )
        for key in ("ended_at",):
            if key in campaign:
                moment = when(base + [key], campaign[key])
                if moment and generated_at and moment > generated_at + CLOCK_SKEW:
                    problem(base + [key], "is later than the document's generated_at")
        if "correction" in campaign:
            moment = when(base + ["correction", "at"], campaign["correction"]["at"])
            if moment and generated_at and moment > generated_at:
                problem(base + ["correction", "at"], "is later than the document's generated_at")

        total = campaign["count"] + sum(item["count"] for item in campaign.get("offline", ()))
        if total > MAX_TOTAL:
            problem(base + ["count"], f"the total (count plus offline) is {total}, more than {MAX_TOTAL}")
            continue
        previous = None
        for n, item in enumerate(campaign["milestones"]):
            path = base + ["milestones", n]
            reached_at = when(path + ["reached_at"], item["reached_at"])
            if previous is not None:
                prev_count, prev_time = previous
                if item["count"] <= prev_count:
                    problem(
                        path + ["count"],
                        f"milestones must rise: {item['count']} comes after {prev_count}",
                    )
                if reached_at and prev_time and reached_at < prev_time:
                    problem(
                        path + ["reached_at"],
                        "milestones must be in time order: this one is dated before "
                        "the previous one",
                    )
            if reached_at and count_at and reached_at > count_at:
                problem(
                    path + ["reached_at"],
                    "is later than count_at: a milestone cannot be reached after "
                    "the count was taken",
                )
            if item["count"] > total:
                problem(
                    path + ["count"],
                    f"milestone {item['count']} is above the total of {total} "
                    f"(count {campaign['count']} plus offline): the count cannot be "
                    "below a milestone already reached",
                )
            previous = (item["count"], reached_at)
    return problems


def validate(document, now: datetime | None = None) -> list[Problem]:
    """All problems of ``document``; empty when it is a valid feed."""
    now = now or datetime.now(UTC)
    try:
        problems = _schema_problems(document)
        if problems:
            return problems
        return _semantic_problems(document, now)
    except RecursionError:
        return [Problem("$", "is nested too deeply to be checked")]


def summarize(problems: list[Problem], limit: int = 3) -> str:
    """One log line for a list of problems."""
    shown = "; ".join(str(problem) for problem in problems[:limit])
    if len(problems) > limit:
        shown += f"; and {len(problems) - limit} more"
    return shown

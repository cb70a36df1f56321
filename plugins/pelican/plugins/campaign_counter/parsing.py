"""Bytes of a feed → a JSON document, refusing what is not plain JSON."""

from __future__ import annotations

import json

MAX_DEPTH_NOTE = "nested too deeply"
# No count needs more digits; Python refuses > 4300 with a ValueError anyway.
MAX_INT_DIGITS = 20


class ParseError(ValueError):
    """The feed body is not a JSON document; the message says why in one line."""


def _no_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ParseError(f"key {json.dumps(key)[:60]} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name):
    raise ParseError(f"{name} is not allowed in JSON")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ParseError(f"a number has {len(text.lstrip('-'))} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _check_strings(document) -> None:
    """Refuse unpaired surrogates (valid JSON escapes, but not text)."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ParseError(
                    f"a text contains an unpaired surrogate (\\u{ord(value[exc.start]):04x}), "
                    "which is not a character"
                ) from None


def looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<"))


def parse_document(body: bytes):
    """Decode UTF-8 JSON strictly: no duplicate keys, NaN or Infinity."""
    if not body.strip():
        raise ParseError("the feed is empty")
    if looks_like_html(body):
        raise ParseError("the feed is an HTML or XML page, not JSON (an error page?)")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"the feed is not UTF-8 text (byte {exc.start})") from None
    try:
        document = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant,
            parse_int=_bounded_int,
        )
    except ParseError:
        raise
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise ParseError(
                f"the feed is not complete JSON (it ends early, after {len(body)} bytes)"
            ) from None
        raise ParseError(
            f"the feed is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise ParseError(f"the feed is {MAX_DEPTH_NOTE} to be read") from None
    except (ValueError, OverflowError, MemoryError) as exc:  # whatever else json refuses
        raise ParseError(f"the feed cannot be read as JSON ({type(exc).__name__})") from None
    _check_strings(document)
    return document

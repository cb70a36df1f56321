"""The last good feed, kept between builds in one JSON file.

The file holds the document (as the exact JSON text it was checked as), its
sha256, the HTTP validators for conditional requests, the feed location it
came from and when it was fetched. It is written atomically (a temporary
file in the same directory, then ``os.replace``); a truncated, edited or
otherwise corrupt file is noticed and ignored with a warning, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime

from .model import parse_timestamp
from .parsing import ParseError, parse_document

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1


class CacheError(ValueError):
    """The cache file cannot be trusted; the message says why."""


@dataclass(frozen=True)
class CacheEntry:
    document: dict
    source: str
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def serialize(entry: CacheEntry) -> str:
    text = json.dumps(entry.document, ensure_ascii=False, sort_keys=True)
    return json.dumps(
        {
            "format": CACHE_FORMAT,
            "source": entry.source,
            "fetched_at": entry.fetched_at.isoformat(),
            "etag": entry.etag,
            "last_modified": entry.last_modified,
            "sha256": _digest(text),
            "document": text,
        },
        ensure_ascii=False,
        indent=1,
    )


def deserialize(text: str) -> CacheEntry:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise CacheError("it is not complete JSON (truncated?)") from None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise CacheError("it is not a campaign_counter cache file of this version")
    document_text = data.get("document")
    if not isinstance(document_text, str) or data.get("sha256") != _digest(document_text):
        raise CacheError("its checksum does not match its content")
    if not isinstance(data.get("fetched_at"), str):
        raise CacheError("field 'fetched_at' is missing or not a date")
    try:
        document = parse_document(document_text.encode("utf-8", "surrogatepass"))
        fetched_at = parse_timestamp(data["fetched_at"])
    except (KeyError, TypeError, ValueError, RecursionError, ParseError):
        raise CacheError("a field is missing or malformed") from None
    for key in ("source", "etag", "last_modified"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise CacheError(f"field {key!r} is malformed")
    if fetched_at.utcoffset() is None or not isinstance(data.get("source"), str):
        raise CacheError("a field is missing or malformed")
    return CacheEntry(
        document=document,
        source=data["source"],
        fetched_at=fetched_at,
        etag=data.get("etag"),
        last_modified=data.get("last_modified"),
    )


def read(path: str) -> CacheEntry | None:
    """The cached entry, or None (missing: silently; unusable: with a warning)."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("campaign_counter: ignoring the feed cache %s: cannot read it (%s)", path, exc)
        return None
    try:
        return deserialize(text)
    except CacheError as exc:
        logger.warning("campaign_counter: ignoring the feed cache %s: %s", path, exc)
        return None


def write(path: str, entry: CacheEntry) -> None:
    """Replace the cache file atomically; a failure is a warning, not an error."""
    if not path:
        return
    directory = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".campaign-feed.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(serialize(entry))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        logger.warning("campaign_counter: could not write the feed cache %s (%s)", path, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

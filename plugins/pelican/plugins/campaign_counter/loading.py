"""One build's campaign data: fetch → parse → validate → compare → decide.

:func:`load` never raises for a bad feed or a broken network: it falls back
to the last good copy (``stale``) or to no data, with warnings. Only strict
mode turns "no valid data" or "data too old" into :class:`StrictModeError`.

:func:`load` does not write the cache: the new copy travels in
``LoadResult.pending`` and :func:`promote` keeps it as the "last good" one
only once the whole build has succeeded with it (strict checks, every
campaign the content uses, every page written). Sample data is never kept.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pelican.plugins.site_config.counter import CounterSettings

from . import adapters, cache, fetching
from .model import Feed, feed_from_document, parse_timestamp
from .parsing import ParseError, parse_document
from .validation import short, summarize, validate

logger = logging.getLogger(__name__)


class StrictModeError(RuntimeError):
    """Strict mode and no usable data: the message is the one-line reason."""


@dataclass(frozen=True)
class LoadResult:
    feed: Feed | None
    # True when the feed could not be used and the last good copy stands in.
    stale: bool = False
    # When the data was last confirmed by its source (fetched or 304).
    as_of: datetime | None = None
    # Why the feed itself was not used (None when it was).
    cause: str | None = None
    warnings: tuple[str, ...] = ()
    # Campaigns whose previous, higher figures were kept.
    suspect: frozenset[str] = field(default_factory=frozenset)
    # The cache entry to keep as the last good copy once the build succeeded.
    pending: cache.CacheEntry | None = None
    # The last good copy's data, when there is one (a campaign the new feed
    # dropped is shown from it, and the new feed is then not kept).
    previous: Feed | None = None

    @property
    def has_data(self) -> bool:
        return self.feed is not None


def source_id(location: str) -> str:
    """Names the feed in the cache by a hash alone: the cache file may be kept
    where the feed's location must not be (a CI cache a pull request can read)."""
    return "sha256:" + hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]


def _same_source(cached: str, source: str) -> bool:
    # caches written before the hash-only form kept "<location>#<hash>"
    return cached == source or cached.endswith("#" + source.removeprefix("sha256:"))


def _total(campaign: dict) -> int:
    return campaign["count"] + sum(item["count"] for item in campaign.get("offline", ()))


def reconcile(new: dict, old: dict | None) -> tuple[dict, list[str], set[str]]:
    """Keep the previous figures of a campaign whose total went down without
    a ``correction`` dated after them. Returns (document, warnings, ids)."""
    if old is None:
        return new, [], set()
    previous = {campaign["id"]: campaign for campaign in old["campaigns"]}
    campaigns, warnings, suspect = [], [], set()
    for campaign in new["campaigns"]:
        before = previous.get(campaign["id"])
        if before is None or _total(campaign) >= _total(before):
            campaigns.append(campaign)
            continue
        correction = campaign.get("correction")
        if correction and parse_timestamp(correction["at"]) > parse_timestamp(before["count_at"]):
            logger.info(
                "campaign_counter: campaign %s: total lowered from %d to %d by a correction (%s)",
                campaign["id"], _total(before), _total(campaign), short(correction["reason"], 80),
            )
            campaigns.append(campaign)
            continue
        warnings.append(
            f"campaign {campaign['id']}: the feed's total {_total(campaign)} is lower than "
            f"the {_total(before)} published before and has no correction dated after "
            f"{before['count_at']}; keeping {_total(before)}"
        )
        suspect.add(campaign["id"])
        campaigns.append(before)
    return {**new, "campaigns": campaigns}, warnings, suspect


def _usable_cache(config: CounterSettings, source: str, now: datetime):
    entry = cache.read(config.cache_path)
    if entry is None:
        return None
    if not _same_source(entry.source, source):
        logger.info("campaign_counter: the feed cache %s is from another feed; not used", config.cache_path)
        return None
    problems = validate(entry.document, now=now + timedelta(days=3650))
    if problems:
        logger.warning(
            "campaign_counter: ignoring the feed cache %s: its document is not valid (%s)",
            config.cache_path, summarize(problems, 1),
        )
        return None
    return entry


def _fresh(config, source, entry, result, now):
    """The new document, checked; returns (document, warnings, suspect)."""
    document = parse_document(result.body)
    if config.adapter is not None:  # another platform's JSON, read by pointers
        document = adapters.to_feed(document, config.adapter, now)
    problems = validate(document, now=now)
    if problems:
        raise ParseError(f"the feed is invalid: {summarize(problems)}")
    old = entry.document if entry else None
    # a copy dated ahead of the clock that fetched it counts as made when it
    # was fetched, so its clock skew cannot block the feeds that follow it
    if old is not None and parse_timestamp(document["generated_at"]) < min(
        parse_timestamp(old["generated_at"]), entry.fetched_at
    ):
        raise ParseError(
            f"the feed is older (generated_at {document['generated_at']}) than the last "
            f"good copy ({old['generated_at']})"
        )
    document, warnings, suspect = reconcile(document, old)
    pending = cache.CacheEntry(
        document=document,
        source=source,
        fetched_at=now,
        # after a suspect drop, fetch in full next time so the warning
        # is repeated until the feed is fixed or explains the drop
        etag=None if suspect else result.etag,
        last_modified=None if suspect else result.last_modified,
    )
    return document, warnings, suspect, pending


def load(config: CounterSettings, now: datetime | None = None) -> LoadResult:
    """Get this build's data; the single network access of a build."""
    now = now or datetime.now(UTC)
    source = source_id(config.feed)
    label = fetching.describe_location(config.feed) or "(none)"
    entry = _usable_cache(config, source, now)
    cause = None
    try:
        result = fetching.fetch(
            config.feed,
            config,
            etag=entry.etag if entry else None,
            last_modified=entry.last_modified if entry else None,
        )
        if result.not_modified:
            logger.info("campaign_counter: feed %s not modified, using the cached copy", label)
            entry = cache.CacheEntry(**{**entry.__dict__, "fetched_at": now})
            return LoadResult(feed=feed_from_document(entry.document), as_of=now, pending=entry)
        document, warnings, suspect, pending = _fresh(config, source, entry, result, now)
    except (fetching.FetchError, ParseError) as exc:
        cause = str(exc)
    if cause is None:
        for warning in warnings:
            logger.warning("campaign_counter: %s", warning)
        logger.info("campaign_counter: feed %s read, campaigns: %s",
                    label, ", ".join(c["id"] for c in document["campaigns"]) or "none")
        return LoadResult(
            feed=feed_from_document(document),
            as_of=now,
            warnings=tuple(warnings),
            suspect=frozenset(suspect),
            pending=pending,
            previous=feed_from_document(entry.document) if entry else None,
        )
    if entry is not None:
        message = (
            f"feed {label} not used: {cause}; using the last good copy, "
            f"fetched {entry.fetched_at.isoformat(timespec='minutes')}"
        )
        logger.warning("campaign_counter: %s", message)
        return LoadResult(
            feed=feed_from_document(entry.document),
            stale=True,
            as_of=entry.fetched_at,
            cause=cause,
            warnings=(message,),
        )
    message = f"feed {label} not used: {cause}; no cached copy either, so no counters are shown"
    logger.warning("campaign_counter: %s", message)
    return LoadResult(feed=None, cause=cause, warnings=(message,))


def promote(config: CounterSettings, result: LoadResult) -> bool:
    """After a successful build: keep its feed as the last good copy.
    Sample data is never kept (it must not stand in for a real feed)."""
    entry = result.pending
    if entry is None or entry.document.get("sample") is True:
        return False
    cache.write(config.cache_path, entry)
    return True


def data_too_old(config: CounterSettings, result: LoadResult, now: datetime | None = None) -> bool:
    """The data itself (its generated_at), not the download, is older than max_age_hours."""
    if result.feed is None:
        return False
    now = now or datetime.now(UTC)
    return now - result.feed.generated_at > timedelta(hours=config.max_age_hours)


def check_strict(config: CounterSettings, result: LoadResult, now: datetime | None = None):
    """Raise StrictModeError when strict mode must stop the build."""
    if not config.strict:
        return
    now = now or datetime.now(UTC)
    if result.feed is None:
        raise StrictModeError(
            f"campaign_counter: strict mode: no valid feed data ({result.cause}; no cache)"
        )
    if result.feed.sample:
        raise StrictModeError(
            "campaign_counter: strict mode: the feed is marked as sample data "
            '("sample": true); set CAMPAIGN_FEED to the real feed'
        )
    max_age = timedelta(hours=config.max_age_hours)
    if result.as_of is None or now - result.as_of > max_age:
        reason = f" ({result.cause})" if result.cause else ""
        raise StrictModeError(
            "campaign_counter: strict mode: the newest valid feed data was fetched "
            f"{result.as_of.isoformat(timespec='minutes') if result.as_of else 'never'}, "
            f"more than {config.max_age_hours:g} hours ago{reason}"
        )
    if data_too_old(config, result, now):
        raise StrictModeError(
            "campaign_counter: strict mode: the feed's data was generated "
            f"{result.feed.generated_at.isoformat(timespec='minutes')}, more than "
            f"{config.max_age_hours:g} hours ago (its generated_at); the petition backend "
            "is not updating it"
        )

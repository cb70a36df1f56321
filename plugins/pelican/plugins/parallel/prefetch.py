"""Fill a generator's reader cache with Markdown parsed in worker processes.

Workers are forked, so they start with this build's settings and readers
already in memory; each gets a share of the files and sends back what
``reader.read(path)`` returned. A file a worker cannot parse is left to
Pelican's own read, so its error is reported exactly as without workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from pelican.plugins.site_config.config import site_config

logger = logging.getLogger(__name__)

PATH_SETTINGS = {
    ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES"),
}


# Set in forked worker processes only (by _start_worker), never in the build's own process.
_worker_readers = None


def _start_worker(readers) -> None:
    global _worker_readers  # noqa: PLW0603 - one worker process, one build
    _worker_readers = readers


def _parse_share(paths: list[str]) -> list[tuple[str, object]]:
    """In a worker: parse each file with the reader Pelican would use."""
    readers = _worker_readers
    results = []
    for path in paths:
        reader = readers.readers.get(file_suffix(path))
        try:
            content, metadata = reader.read(path)
        except Exception:  # Pelican's own read will report it
            continue
        results.append((path, (content, _filter_discardable_metadata(metadata))))
    return results


def stale_sources(generator) -> list[str]:
    """Absolute paths of this generator's sources that the cache cannot answer."""
    readers = generator.readers
    if not getattr(readers, "_cache_data_policy", False):
        return []  # no content cache to fill: Pelican reads every file itself
    paths_key, excludes_key = PATH_SETTINGS[type(generator)]
    files = generator.get_files(generator.settings[paths_key], exclude=generator.settings[excludes_key])
    stale = []
    for name in sorted(files):
        path = os.path.abspath(os.path.join(generator.path, name))
        if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None:
            stale.append(path)
    return stale


def on_preread(generator) -> None:
    """Signal *_generator_preread (sent before each file): prefetch once per generator."""
    if type(generator) not in PATH_SETTINGS or getattr(generator, "parallel_prefetched", False):
        return
    generator.parallel_prefetched = True
    config = site_config(generator.settings).parallel
    jobs = config.jobs or os.cpu_count() or 1
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    stale = stale_sources(generator)
    if len(stale) < config.min_files:
        return
    shares = [stale[i::jobs] for i in range(jobs)]
    context = multiprocessing.get_context("fork")  # workers inherit the readers, nothing is pickled in
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(generator.readers,)) as pool:
        for results in pool.map(_parse_share, shares):
            for path, data in results:
                generator.readers.cache_data(path, data)
    logger.info("parallel: %d source(s) parsed by %d worker processes", len(stale), jobs)

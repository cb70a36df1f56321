"""reproducible: the same sources give the same build, whatever PYTHONHASHSEED.

Pelican's Generator.get_files() returns a set, so content is read, and
translations grouped, in string-hash order; lists handed to templates (a
page's `.translations`, the generators' `translations`) then follow the
hash seed. This plugin makes every generator iterate its source paths in
sorted order, at the source, instead of pinning the seed somewhere; and it
empties Pelican's memoized page texts when a build starts and ends
(memo.py), so a build in a long-lived process (the preview, the test suite)
neither reads nor keeps an earlier build's pages.
"""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from .memo import forget_rendered_content


class SortedPaths(set):
    """A set of paths that iterates in sorted order."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))

    def __or__(self, other):  # StaticGenerator: linked_files | found_files
        return SortedPaths(set.__or__(self, other))

    __ror__ = __or__


def sort_source_paths(generator):
    """generator_init: this generator's get_files() returns sorted paths.

    Set on the instance, so it lives exactly as long as this build's
    generator; Pelican's class is left as it is. Idempotent."""
    original = generator.get_files
    if getattr(original, "sorted_paths", False):
        return

    def get_files(*args, **kwargs):
        return SortedPaths(original(*args, **kwargs))

    get_files.sorted_paths = True
    generator.get_files = get_files


def register():
    connect(signals.generator_init, sort_source_paths)
    connect(signals.initialized, forget_rendered_content)
    connect(signals.finalized, forget_rendered_content)

"""reproducible: the same sources give the same build, whatever PYTHONHASHSEED.

Pelican's Generator.get_files() returns a set, so content is read, and
translations grouped, in string-hash order; lists handed to templates (a
page's `.translations`, the generators' `translations`) then follow the
hash seed. This plugin makes every generator iterate its source paths in
sorted order, at the source, instead of pinning the seed somewhere.
"""

from pelican import generators


class SortedPaths(set):
    """A set of paths that iterates in sorted order."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))

    def __or__(self, other):  # StaticGenerator: linked_files | found_files
        return SortedPaths(set.__or__(self, other))

    __ror__ = __or__


def _sorted_get_files(original):
    def get_files(self, *args, **kwargs):
        return SortedPaths(original(self, *args, **kwargs))

    get_files.sorted_paths = True
    return get_files


def register():
    # Idempotent: Pelican calls register() for every Pelican instance.
    if not getattr(generators.Generator.get_files, "sorted_paths", False):
        generators.Generator.get_files = _sorted_get_files(generators.Generator.get_files)

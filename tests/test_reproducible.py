"""The reproducible plugin sorts source paths per generator, never by patching Pelican."""

from pelican import generators


def test_a_build_leaves_pelicans_generator_class_unpatched(built_site):
    assert built_site.error is None
    assert not getattr(generators.Generator.get_files, "sorted_paths", False)

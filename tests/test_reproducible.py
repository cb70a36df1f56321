"""The reproducible plugin sorts source paths per generator, never by patching Pelican, and lets
no build keep pages in Pelican's process-wide memo."""

from pelican import generators


def test_a_build_leaves_pelicans_generator_class_unpatched(built_site):
    assert built_site.error is None
    assert not getattr(generators.Generator.get_files, "sorted_paths", False)


def test_a_build_keeps_none_of_its_pages_in_pelicans_memo_once_finished(tmp_path):
    """Pelican memoizes page texts for the whole process: the preview and the tests build many
    times in one, and kept every build's pages alive until the plugin emptied the memo."""
    from pelican.contents import Content

    from tests.conftest import MINI_SETTINGS
    from tests.sitebuild import build_site

    result = build_site(tmp_path / "output", settings_file=MINI_SETTINGS)
    assert result.error is None, result.log
    assert any((tmp_path / "output").rglob("*.html"))
    assert Content.__dict__["get_content"].cache == {}
    assert Content.__dict__["get_summary"].cache == {}

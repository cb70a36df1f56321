"""The content cache speeds up rebuilds and can never break one."""

from __future__ import annotations

import shutil

import pytest
from pelican import readers, signals

from pelican.plugins.cache_guard import guard
from tests.conftest import MINI_SETTINGS
from tests.sitebuild import ROOT, build_site


def cache_files(cache_root):
    return sorted(p for p in cache_root.rglob("*") if p.is_file() and p.name != guard.MANIFEST)


@pytest.fixture
def cached_build(tmp_path):
    cache = tmp_path / "cache"

    def run(**overrides):
        return build_site(tmp_path / "out", {"CACHE_PATH": str(cache), "CACHE_CONTENT": True,
                                             "LOAD_CONTENT_CACHE": True, **overrides},
                          settings_file=MINI_SETTINGS)

    return run, cache


def test_second_build_reads_from_the_cache_and_writes_the_same_site(cached_build, monkeypatch):
    run, cache = cached_build
    first = run()
    assert first.error is None, first.log
    files = cache_files(cache)
    assert files, "the first build fills the cache"
    page = first.page("de/both/")
    parsed = []
    original = readers.MarkdownReader.read

    def counting_read(self, source_path):
        parsed.append(source_path)
        return original(self, source_path)

    monkeypatch.setattr(readers.MarkdownReader, "read", counting_read)
    second = run()
    assert second.error is None
    assert parsed == [], "the second build parsed Markdown again instead of reading the cache"
    assert second.page("de/both/") == page
    assert "cache_guard" not in second.log


def test_a_saved_reader_cache_is_let_go_before_the_pages_are_written(cached_build):
    """Pelican keeps each generator's reader cache in memory for the whole run; once saved, it is
    released, so the writing (the build's peak memory) does not also hold every page's parsed HTML."""
    run, cache = cached_build
    held = {}

    def probe(generators):
        for generator in generators:
            if hasattr(generator, "readers"):
                held[type(generator).__name__] = len(generator.readers._cache)

    with signals.all_generators_finalized.connected_to(probe):
        first = run()
    assert first.error is None, first.log
    assert held and set(held.values()) == {0}, held
    saved = [p for p in cache_files(cache) if p.name.endswith("-Readers")]
    assert saved and all(p.stat().st_size > 100 for p in saved), "the cache was saved before it was let go"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored_with_a_warning_not_a_crash(cached_build, damage):
    run, cache = cached_build
    good = run()
    target = cache_files(cache)[0]
    data = target.read_bytes()
    target.write_bytes({"truncate": data[: len(data) // 3], "garbage": b"\x80\x04not a pickle",
                        "empty": b""}[damage])
    result = run()
    assert result.error is None, result.log
    assert f"cache_guard: ignoring damaged cache file {target}" in result.log
    assert result.page("en/only-english/") == good.page("en/only-english/")


def test_a_damaged_manifest_starts_from_an_empty_cache(cached_build):
    run, cache = cached_build
    run()
    manifest = next(cache.rglob(guard.MANIFEST))
    manifest.write_text("{not json", "utf-8")
    result = run()
    assert result.error is None
    assert "has no valid manifest" in result.log


def test_changed_settings_use_a_fresh_cache_directory(cached_build):
    run, cache = cached_build
    run()
    before = {p.name for p in cache.iterdir()}
    markdown = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}
    result = run(MARKDOWN=markdown)
    assert result.error is None
    after = {p.name for p in cache.iterdir()}
    assert len(after) == 1 and after != before, "the old setup's cache is dropped"


def test_fingerprint_follows_plugin_code_and_settings(tmp_path):
    plugins = tmp_path / "plugins" / "demo"
    plugins.mkdir(parents=True)
    (plugins / "__init__.py").write_text("X = 1\n")
    settings = {"PLUGIN_PATHS": [str(tmp_path / "plugins")], "PLUGINS": ["demo"], "MARKDOWN": {}}
    first = guard.setup_fingerprint(settings)
    assert guard.setup_fingerprint(dict(settings)) == first
    (plugins / "__init__.py").write_text("X = 2\n")
    assert guard.setup_fingerprint(settings) != first
    assert guard.setup_fingerprint(dict(settings, MARKDOWN={"x": 1})) != guard.setup_fingerprint(settings)


def test_fingerprint_is_the_same_in_every_process():
    """Settings may hold functions (a slugify in MARKDOWN); their repr has a
    memory address, which must not make every build miss the cache."""
    import subprocess
    import sys

    code = ("from pelican.plugins.cache_guard import guard; "
            "from pelican.settings import read_settings; print(guard.setup_fingerprint(read_settings('pelicanconf.py')))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=ROOT).stdout for _ in range(2)}
    assert len(runs) == 1


def _replace_consistently(cache, data: bytes):
    """Swap a cache file for `data` and update the manifest to match, as a
    poisoned CI cache restore would."""
    import hashlib
    import json

    target = cache_files(cache)[0]
    target.write_bytes(data)
    manifest_path = target.parent / guard.MANIFEST
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest[target.name] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    return target


def test_a_consistent_pickle_of_another_type_is_ignored_with_one_warning(cached_build):
    import pickle

    run, cache = cached_build
    good = run()
    target = _replace_consistently(cache, pickle.dumps(["not", "a", "cache"]))
    result = run()
    assert result.error is None, result.log
    assert result.log.count(f"cache_guard: ignoring cache file {target}") == 1
    assert result.page("en/only-english/") == good.page("en/only-english/")


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_cache_file_naming_other_callables_is_refused_before_unpickling(cached_build, tmp_path):
    import pickle

    run, cache = cached_build
    run()
    marker = tmp_path / "unpickled"
    _replace_consistently(cache, pickle.dumps({"x.md": _Payload(str(marker))}))
    result = run()
    assert result.error is None, result.log
    assert not marker.exists(), "the foreign pickle was never unpickled"
    assert "not made by this site's build (it names io.open)" in result.log


def test_an_unusable_cache_directory_builds_without_the_cache_with_one_warning(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    result = build_site(tmp_path / "out", {"CACHE_PATH": str(blocker / "cache")})
    assert result.error is None, result.log
    assert result.log.count("cache_guard: cannot use the cache directory") == 1
    assert (tmp_path / "out" / "index.html").exists()


def test_a_build_that_fails_after_reading_leaves_no_false_damage_warning(cached_build, tmp_path):
    """A content error found after the sources were read (and the cache saved)
    stops the build before Pelican's `finalized`; the next build must still
    trust the cache files that build wrote."""
    run, cache = cached_build
    assert run().error is None
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/data/mini-site/content", content)
    page = content / "en/pages/only-english.md"
    page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")

    def fail(generators):
        raise RuntimeError("a content error found after reading")

    with signals.all_generators_finalized.connected_to(fail):
        failed = build_site(tmp_path / "out", {"CACHE_PATH": str(cache), "CACHE_CONTENT": True,
                                               "LOAD_CONTENT_CACHE": True, "PATH": str(content)},
                            settings_file=MINI_SETTINGS)
    assert failed.error is not None
    again = build_site(tmp_path / "out", {"CACHE_PATH": str(cache), "CACHE_CONTENT": True,
                                          "LOAD_CONTENT_CACHE": True, "PATH": str(content)},
                       settings_file=MINI_SETTINGS)
    assert again.error is None, again.log
    assert "cache_guard" not in again.log

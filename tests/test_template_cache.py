"""Compiled templates kept between builds (multilang/template_cache.py): reused only for the
same source and the same way of compiling, never fatal when damaged or unwritable."""

from __future__ import annotations

import os

import jinja2
import pytest

from pelican.plugins.multilang.template_cache import TemplateCache
from pelican.plugins.site_config.config import ConfigError, build_config
from tests.sitebuild import project_settings


def environment(templates, cache, **options) -> tuple[jinja2.Environment, list[str]]:
    """A fresh environment (as every Pelican generator makes) and the names it compiled."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), auto_reload=False, **options)
    env.bytecode_cache = TemplateCache(str(cache), env)
    compiled: list[str] = []
    compile_source = env.compile

    def spy(source, name=None, filename=None, raw=False, defer_init=False):
        if not raw:
            compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = spy
    return env, compiled


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ text }}</p>", "utf-8")
    return folder


def test_a_second_environment_renders_from_the_compiled_template_without_compiling(templates, tmp_path):
    first, compiled = environment(templates, tmp_path / "cache")
    assert first.get_template("page.html").render(text="a") == "<p>a</p>"
    assert compiled == ["page.html"]
    second, compiled = environment(templates, tmp_path / "cache")
    assert second.get_template("page.html").render(text="b") == "<p>b</p>"
    assert compiled == []


def test_an_edited_template_is_compiled_again_and_shows_the_edit(templates, tmp_path):
    environment(templates, tmp_path / "cache")[0].get_template("page.html").render()
    (templates / "page.html").write_text("<div>{{ text }}</div>", "utf-8")
    env, compiled = environment(templates, tmp_path / "cache")
    assert env.get_template("page.html").render(text="x") == "<div>x</div>"
    assert compiled == ["page.html"]


def test_an_environment_that_compiles_otherwise_does_not_reuse_the_code(templates, tmp_path):
    environment(templates, tmp_path / "cache")[0].get_template("page.html").render()
    env, compiled = environment(templates, tmp_path / "cache", autoescape=True)
    assert env.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html"]


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],
    lambda data: b"",
    lambda data: b"\x00" * 64,
    lambda data: data.split(b"\n", 2)[0] + b"\n" + b"0" * 40 + b"\n" + data.split(b"\n", 2)[2],
    lambda data: data[: data.index(b"\n", data.index(b"\n") + 1) + 1] + b"\xff\xfe not marshal",
    lambda data: data.replace(b"<p>", b"<q>"),
], ids=["truncated", "empty", "zeros", "another source's checksum", "not code", "a changed byte in the code"])
def test_a_damaged_compiled_template_is_compiled_again(templates, tmp_path, damage):
    environment(templates, tmp_path / "cache")[0].get_template("page.html").render()
    (stored,) = (tmp_path / "cache").rglob("*.code")
    stored.write_bytes(damage(stored.read_bytes()))
    env, compiled = environment(templates, tmp_path / "cache")
    assert env.get_template("page.html").render(text="ok") == "<p>ok</p>"
    assert compiled == ["page.html"]


def test_a_file_in_place_of_the_folder_costs_time_not_the_build(templates, tmp_path):
    (tmp_path / "cache").write_text("not a folder", "utf-8")
    env = environment(templates, tmp_path / "cache")[0]
    assert env.get_template("page.html").render(text="ok") == "<p>ok</p>"
    assert (tmp_path / "cache").read_text("utf-8") == "not a folder"


def test_the_folder_is_beside_the_content_cache_unless_set_and_off_when_empty():
    settings = dict(project_settings(), CACHE_CONTENT=True, CACHE_PATH="/x/cache")
    settings.pop("TEMPLATE_CACHE_PATH", None)
    assert build_config(settings).template_cache_path(settings) == os.path.join("/x/cache", "templates")
    assert build_config(dict(settings, CACHE_CONTENT=False)).template_cache_path(dict(settings, CACHE_CONTENT=False)) == ""
    assert build_config(dict(settings, TEMPLATE_CACHE_PATH="")).template_cache_path(settings) == ""
    assert build_config(dict(settings, TEMPLATE_CACHE_PATH="/t")).template_cache_path(settings) == "/t"
    with pytest.raises(ConfigError, match="TEMPLATE_CACHE_PATH"):
        build_config(dict(settings, TEMPLATE_CACHE_PATH=3))


def test_the_production_build_compiles_its_templates_anew():
    from tests.sitebuild import ROOT
    from tools.check import load_settings

    settings = load_settings(str(ROOT), "publishconf.py")
    assert build_config(settings).template_cache_path(settings) == ""

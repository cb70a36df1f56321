"""Each language's link-preview picture: drawn from its site name with the
theme's font, or the theme's shared picture when the font cannot draw it."""

from __future__ import annotations

import struct

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.share_image.drawing import SIZE, can_draw, draw_title
from pelican.plugins.site_config.config import site_config
from tests.sitebuild import ROOT

FONT = str(ROOT / "theme" / "fonts" / "DejaVuSans-Bold.ttf")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(("title", "drawable"), [
    ("Free Belarus's political prisoners", True),
    ("Свабоду палітвязням Беларусі", True),          # Belarusian Cyrillic, with і and ў
    ("Libérez les prisonniers politiques du Bélarus", True),
    ("Δοκιμαστική εκστρατεία", True),
    ("حملة تجريبية: أبقوا غرفة القراءة مفتوحة", True),  # shaped by raqm
    ("テスト用キャンペーン", False),                      # no CJK glyphs in the theme's font
    ("測試用運動：保留閱覽室", False),
])
def test_the_theme_font_draws_only_the_scripts_it_has(title, drawable):
    assert can_draw(title, FONT) is drawable


def test_a_picture_is_the_link_preview_size_and_the_same_bytes_every_time():
    first = draw_title("Свабоду палітвязням Беларусі", FONT)
    assert png_size(first) == SIZE
    assert draw_title("Свабоду палітвязням Беларусі", FONT) == first
    assert draw_title("Free Belarus's political prisoners", FONT) != first


def test_each_language_links_its_own_picture_or_the_shared_one(open_campaign):
    config = site_config(open_campaign.settings)
    own = {}
    for lang in config.codes:
        home = BeautifulSoup(open_campaign.page(config.urls.home(lang)), "html.parser")
        image = home.find("meta", property="og:image")["content"]
        name = home.find("meta", property="og:site_name")["content"]
        if can_draw(name, FONT):
            assert image == f"/{lang}/share.png"
            data = (open_campaign.output_path / lang / "share.png").read_bytes()
            assert png_size(data) == SIZE
            own[lang] = data
        else:
            assert image == "/theme/images/share.png", lang
            assert not (open_campaign.output_path / lang / "share.png").exists()
    assert len(own) >= 2 and len(set(own.values())) == len(own), "one picture per language"
    assert len(own) < len(config.codes), "the fixture has a language the font cannot draw"


def test_a_damaged_cached_picture_is_drawn_again(tmp_path):
    from pelican.plugins.share_image.generator import ShareImageGenerator

    generator = ShareImageGenerator.__new__(ShareImageGenerator)  # only _picture and settings are used
    generator.settings = {"CACHE_PATH": str(tmp_path)}
    good = generator._picture("Свабоду палітвязням Беларусі", "ltr", FONT, "font")
    (cached,) = (tmp_path / "share_image").iterdir()
    assert cached.read_bytes() == good
    cached.write_bytes(good[: len(good) // 2])  # cut off, as by a full disk or a killed build
    assert generator._picture("Свабоду палітвязням Беларусі", "ltr", FONT, "font") == good
    assert cached.read_bytes() == good

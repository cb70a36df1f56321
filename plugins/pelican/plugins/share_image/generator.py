"""Which languages get their own picture, and writing them."""

from __future__ import annotations

import hashlib
import logging
import os

import PIL
from pelican.generators import Generator

from pelican.plugins.site_config.config import SETTINGS_KEY

from .drawing import can_draw, draw_title

logger = logging.getLogger(__name__)

FONT = os.path.join("fonts", "DejaVuSans-Bold.ttf")  # in the theme; its licence beside it
SAVE_AS = "{lang}/share.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"  # the IEND chunk and its CRC: the file was written to the end


def font_path(settings) -> str | None:
    path = os.path.join(settings["THEME"], FONT)
    return path if os.path.isfile(path) else None


def plan(generators) -> None:
    """all_generators_finalized (after multilang named each language's
    site): ``share_image_by_lang`` maps each language whose name the font
    can draw to its picture's URL; templates fall back to the theme's."""
    context = generators[0].context
    names = context.get("site_name_by_lang")
    if names is None:
        logger.error("share_image: no site names; list pelican.plugins.multilang before it in PLUGINS")
        return
    font = font_path(context)
    planned = {}
    for lang, name in names.items():
        if font and can_draw(name, font):
            planned[lang] = SAVE_AS.format(lang=lang)
        else:
            logger.info("share_image: %s keeps the shared picture (the theme's font cannot draw %r)", lang, name)
    context["share_image_by_lang"] = planned


class ShareImageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        planned = self.context.get("share_image_by_lang") or {}
        font = font_path(self.settings)
        site = self.context[SETTINGS_KEY]
        with open(font, "rb") as fp:
            font_digest = hashlib.sha256(fp.read()).hexdigest()
        for lang, save_as in sorted(planned.items()):
            path = os.path.join(self.output_path, save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            png = self._picture(self.context["site_name_by_lang"][lang], site.language(lang).direction, font,
                                font_digest)
            with open(path, "wb") as fp:
                fp.write(png)
        if planned:
            logger.info("share_image: drew %d picture(s)", len(planned))


    def _picture(self, title: str, direction: str, font: str, font_digest: str) -> bytes:
        """The drawn PNG, from the cache when the same title, direction, font
        and Pillow drew it before (drawing costs about 15 ms a language)."""
        key = hashlib.sha256("\0".join((title, direction, font_digest, PIL.__version__)).encode()).hexdigest()
        cached = os.path.join(self.settings["CACHE_PATH"], "share_image", key + ".png")
        try:
            with open(cached, "rb") as fp:
                png = fp.read()
            if png.startswith(PNG_SIGNATURE) and png.endswith(PNG_END):
                return png  # otherwise damaged: draw it again
        except OSError:
            pass
        png = draw_title(title, font, direction)
        try:
            os.makedirs(os.path.dirname(cached), exist_ok=True)
            with open(cached + ".tmp", "wb") as fp:
                fp.write(png)
            os.replace(cached + ".tmp", cached)
        except OSError:
            pass  # a read-only cache: draw again next time
        return png


def get_generators(pelican):
    return ShareImageGenerator

"""One 1200 × 630 PNG with a title, in the theme's colours (pure: text in, bytes out)."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 80
BACKGROUND = (29, 29, 31)
TEXT = (255, 255, 255)
ACCENT = (178, 40, 30)
_NOT_A_CHARACTER = "\U0010fffd"  # private use: every font draws its "missing glyph" box for it


@lru_cache(maxsize=8)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM
                              if ImageFont.core.HAVE_RAQM else ImageFont.Layout.BASIC)


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    canvas = Image.new("L", (96, 96))
    ImageDraw.Draw(canvas).text((8, 8), char, font=font, fill=255)
    return canvas.tobytes()


def can_draw(text: str, font_path: str) -> bool:
    """True when the font has a glyph for every visible character of text
    (and, for scripts that join letters, Pillow can shape them)."""
    font = _font(font_path, 48)
    missing = _glyph(font, _NOT_A_CHARACTER)
    for char in set(text):
        if char.isspace() or unicodedata.category(char)[0] in ("C", "Z"):
            continue
        if unicodedata.bidirectional(char) in ("R", "AL") and not ImageFont.core.HAVE_RAQM:
            return False  # right-to-left text needs shaping and reordering
        if _glyph(font, char) == missing:
            return False
    return True


def _lines(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def draw_title(title: str, font_path: str, direction: str = "ltr") -> bytes:
    """The PNG bytes: the title as large as fits in four lines, a red dot, a red bar."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    for size in (84, 72, 64, 56, 48, 40):
        font = _font(font_path, size)
        lines = _lines(draw, title, font, width)
        if len(lines) <= 4:
            break
    step = int(size * 1.25)
    top = (SIZE[1] - 40 - step * len(lines)) // 2
    for number, line in enumerate(lines):
        options = {"direction": direction} if ImageFont.core.HAVE_RAQM else {}
        x = SIZE[0] - MARGIN - draw.textlength(line, font=font, **options) if direction == "rtl" else MARGIN
        draw.text((x, top + number * step), line, font=font, fill=TEXT, **options)
    dot = 18
    dot_x = SIZE[0] - MARGIN - 2 * dot if direction == "rtl" else MARGIN
    draw.ellipse((dot_x, top - 3 * dot, dot_x + 2 * dot, top - dot), fill=ACCENT)
    draw.rectangle((0, SIZE[1] - 18, SIZE[0], SIZE[1]), fill=ACCENT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

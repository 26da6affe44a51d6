"""Hero illustrations drawn locally with Pillow when the demo loads: a
gradient in the section's colours, a few shapes, and the headline when a Korean
font is installed (else shapes only). Nothing is downloaded or hot-linked."""

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = (1200, 675)
# Fonts with Hangul, where distributions put them; none is required.
KOREAN_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "C:/Windows/Fonts/malgunbd.ttf",
]
PALETTES = {
    "정치": ((24, 44, 92), (88, 120, 190)),
    "경제": ((12, 74, 68), (60, 170, 140)),
    "사회": ((90, 52, 20), (224, 150, 70)),
    "국제": ((30, 60, 110), (70, 170, 200)),
    "문화": ((96, 28, 72), (220, 110, 150)),
    "IT·과학": ((20, 24, 60), (110, 90, 230)),
    "스포츠": ((120, 20, 30), (240, 110, 60)),
    "오피니언": ((40, 40, 40), (150, 150, 140)),
}


def _font(size: int):
    for path in KOREAN_FONTS:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    return None


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line][:3]


def illustration(title: str, section: str, seed: str) -> bytes:
    """A JPEG of SIZE for an article: the same inputs draw the same picture."""
    rng = random.Random(seed)
    top, bottom = PALETTES.get(section, PALETTES["오피니언"])
    width, height = SIZE
    gradient = (
        Image.linear_gradient("L").resize(SIZE).rotate(rng.choice([0, 30, -30]), expand=False)
    )
    image = Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), gradient)
    shapes = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randint(-200, width), rng.randint(-200, height)
        r = rng.randint(60, 320)
        alpha = rng.randint(30, 80)
        if rng.random() < 0.6:
            draw.ellipse([x, y, x + r, y + r], fill=(255, 255, 255, alpha))
        else:
            draw.rectangle([x, y, x + r * 1.6, y + r * 0.4], fill=(255, 255, 255, alpha))
    image = Image.alpha_composite(
        image.convert("RGBA"), shapes.filter(ImageFilter.GaussianBlur(2))
    ).convert("RGB")
    font = _font(56)
    if font is not None:
        draw = ImageDraw.Draw(image)
        small = _font(30)
        draw.text((72, 72), section, font=small, fill=(255, 255, 255))
        lines = _wrap(draw, title, font, width - 144)
        y = height - 80 - len(lines) * 72
        for line in lines:
            draw.text((72, y), line, font=font, fill=(255, 255, 255))
            y += 72
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()

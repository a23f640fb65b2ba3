"""Draw the Customer Support video "One transfer, three places" for the demo academy.

Usage: ``.venv/bin/python scripts/make_support_transfer_video.py`` (needs Pillow, DejaVu fonts and the ``ffmpeg``
command: ``apt-get install ffmpeg``). Writes
``content/northwind-academy/media/customer-support-transfer-in-transit.mp4``, a 29-second, 640x360 H.264 MP4
(plays in every current browser, Safari included) with no sound; the module's transcript says everything the clip shows.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = (
    Path(__file__).resolve().parent.parent / "content/northwind-academy/media/customer-support-transfer-in-transit.mp4"
)
FPS = 10
W, H = 640, 360
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
INK, MUTED, BLUE, AMBER, GREEN, RED = "#1f2937", "#4b5563", "#1d4ed8", "#a16207", "#15803d", "#b91c1c"
BOXES = {"warehouse": 40, "transit": 245, "store": 450}  # left edge of each place's panel


@dataclass(frozen=True)
class Scene:
    seconds: float
    caption: str
    warehouse: int
    transit: int
    store: int
    web: int
    parcel_from: str | None = None  # the parcel glides from this panel to parcel_to during the scene
    parcel_to: str | None = None
    warning: bool = False


SCENES = (
    Scene(5, "Tuesday: the Central Warehouse ships 48 rain jackets to Store 4 on a transfer.", 60, 0, 0, 0),
    Scene(
        6,
        "Transfer out: the warehouse drops to 12. The 48 jackets are in transit: on hand at neither location.",
        12,
        48,
        0,
        0,
        "warehouse",
        "transit",
    ),
    Scene(6, "The jackets are on Store 4's shelf, but nobody received the transfer. Stockroom shows 0.", 12, 48, 0, 0),
    Scene(
        7,
        "Store 4 receives it under Inventory > Transfers > Incoming: 48 move to its on hand; the web shop follows.",
        12,
        0,
        48,
        48,
        "transit",
        "store",
    ),
    Scene(
        5,
        "Don't add +48 by hand: when the transfer is received later, Store 4 would show 96.",
        12,
        0,
        48,
        48,
        None,
        None,
        True,
    ),
)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD if bold else FONT, size)


def wrap(draw: ImageDraw.ImageDraw, text: str, width: int, face: ImageFont.FreeTypeFont) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=face) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line]


def panel(draw: ImageDraw.ImageDraw, key: str, title: str, value: int, colour: str) -> None:
    x = BOXES[key]
    draw.rounded_rectangle((x, 90, x + 150, 200), radius=8, outline=colour, width=3, fill="#ffffff")
    draw.text((x + 75, 108), title, font=font(15, True), fill=colour, anchor="mm")
    draw.text((x + 75, 150), str(value), font=font(34, True), fill=INK, anchor="mm")
    draw.text((x + 75, 184), "in transit" if key == "transit" else "on hand", font=font(12), fill=MUTED, anchor="mm")


def frame(scene: Scene, progress: float) -> Image.Image:
    image = Image.new("RGB", (W, H), "#f8fafc")
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), "One transfer, three places", font=font(20, True), fill=INK)
    draw.text((20, 48), "Why 48 rain jackets vanished from Store 4", font=font(13), fill=MUTED)
    panel(draw, "warehouse", "Warehouse", scene.warehouse, BLUE)
    panel(draw, "transit", "In transit", scene.transit, AMBER)
    panel(draw, "store", "Store 4", scene.store, GREEN)
    draw.text((525, 222), f"Web shop shows: {scene.web}", font=font(13, True), fill=INK, anchor="mm")
    if scene.parcel_from and scene.parcel_to:
        start, end = BOXES[scene.parcel_from] + 60, BOXES[scene.parcel_to] + 60
        x = start + (end - start) * min(1.0, progress * 1.6)
        draw.rectangle((x, 60, x + 30, 80), fill=AMBER, outline=INK)
        draw.text((x + 15, 70), "48", font=font(11, True), fill="#ffffff", anchor="mm")
    if scene.warning:
        draw.rounded_rectangle((40, 238, 600, 262), radius=6, fill="#fee2e2", outline=RED)
        draw.text((320, 250), "Manual +48 now = 96 later", font=font(13, True), fill=RED, anchor="mm")
    caption = wrap(draw, scene.caption, 580, font(16))
    for i, line in enumerate(caption):
        draw.text((30, 280 + i * 22), line, font=font(16), fill=INK)
    return image


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        number = 0
        for scene in SCENES:
            count = int(scene.seconds * FPS)
            for i in range(count):
                frame(scene, i / count).save(Path(tmp) / f"f{number:04d}.png")
                number += 1
        subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [  # noqa: S607 - ffmpeg from PATH, as documented above
                "ffmpeg",
                "-y",
                "-loglevel",
                "error",
                "-framerate",
                str(FPS),
                "-i",
                f"{tmp}/f%04d.png",
                "-c:v",
                "libx264",
                "-preset",
                "veryslow",
                "-tune",
                "animation",
                "-crf",
                "30",
                "-pix_fmt",
                "yuv420p",
                "-movflags",
                "+faststart",
                "-an",
                str(OUT),
            ],
            check=True,
        )
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

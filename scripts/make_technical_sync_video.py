"""Draw the Technical video "One stock change, end to end" for the demo academy.

Usage: ``.venv/bin/python scripts/make_technical_sync_video.py`` (needs Pillow, DejaVu fonts and the ``ffmpeg``
command: ``apt-get install ffmpeg``). Writes ``content/northwind-academy/media/technical-stock-sync-trace.mp4``, a
36-second, 640x360 H.264 MP4 (plays in every current browser, Safari included) with no sound; the transcript in
``modules/tech-stock-sync-signals.yaml`` says everything the clip shows.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content/northwind-academy/media/technical-stock-sync-trace.mp4"
FPS = 10
W, H = 640, 360
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
INK, MUTED, BLUE, AMBER, GREEN, RED, PALE = "#1f2937", "#4b5563", "#1d4ed8", "#a16207", "#15803d", "#b91c1c", "#e5e7eb"
STAGES = ("Scanner", "inventory-api", "outbox-relay", "stock-sync", "Web shop")
BOX_W, GAP, LEFT, TOP = 104, 20, 18, 96  # five boxes of 104 px with 20 px gaps span 600 px


@dataclass(frozen=True)
class Scene:
    seconds: float
    caption: str
    clock: str
    reached: int  # index of the last stage the change has reached (the dot glides into it)
    outbox_age: str
    freshness: str
    trace: bool = False  # draw the one-trace span bar
    throttled: bool = False  # the web shop platform answers 429


SCENES = (
    Scene(
        6,
        "10:02:00 UTC: Store 12 sells trail boots TB-42. inventory-api writes the movement and an outbox row "
        "in one transaction.",
        "+0.0 s",
        1,
        "0.0 s",
        "-",
    ),
    Scene(5, "outbox-relay publishes inventory.level_changed on the event bus.", "+0.3 s", 2, "0.3 s", "-"),
    Scene(
        5,
        "A stock-sync worker consumes it and recomputes available to sell for the web shop: 6 to 5.",
        "+0.9 s",
        3,
        "0.3 s",
        "-",
    ),
    Scene(
        6,
        "The push returns 200. Freshness 1.6 s goes into stock_sync_freshness_seconds.",
        "+1.6 s",
        4,
        "0.3 s",
        "1.6 s",
    ),
    Scene(
        6,
        "The same trace id on every hop: one trace, four spans, and every log line of this change.",
        "+1.6 s",
        4,
        "0.3 s",
        "1.6 s",
        trace=True,
    ),
    Scene(
        8,
        "Later: the web shop platform answers 429 for 20 minutes. Outbox age stays under 1 s, freshness p99 "
        "climbs to 9 min: the delay is at the channel push.",
        "14:30",
        3,
        "0.4 s",
        "p99 9 min",
        throttled=True,
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


def box_x(index: int) -> int:
    return LEFT + index * (BOX_W + GAP)


def stages(draw: ImageDraw.ImageDraw, scene: Scene) -> None:
    for i, name in enumerate(STAGES):
        x = box_x(i)
        colour = RED if scene.throttled and i == 4 else (BLUE if i <= scene.reached else MUTED)
        draw.rounded_rectangle((x, TOP, x + BOX_W, TOP + 56), radius=8, outline=colour, width=3, fill="#ffffff")
        draw.text((x + BOX_W / 2, TOP + 28), name, font=font(12, True), fill=colour, anchor="mm")
        if i < 4:
            y = TOP + 28
            draw.line((x + BOX_W + 2, y, x + BOX_W + GAP - 4, y), fill=MUTED, width=2)
            draw.polygon(
                [(x + BOX_W + GAP - 2, y), (x + BOX_W + GAP - 8, y - 4), (x + BOX_W + GAP - 8, y + 4)], fill=MUTED
            )
    if scene.throttled:
        x = box_x(4)
        draw.text((x + BOX_W / 2, TOP + 70), "429 Too Many", font=font(11, True), fill=RED, anchor="mm")


def dot(draw: ImageDraw.ImageDraw, scene: Scene, progress: float) -> None:
    start = box_x(max(scene.reached - 1, 0)) + BOX_W / 2
    end = box_x(scene.reached) + BOX_W / 2
    x = start + (end - start) * min(1.0, progress * 2)
    if scene.throttled:  # the change waits and retries in front of the web shop
        x = end + 30 + 10 * ((int(progress * 20) % 2) * 2 - 1)
    draw.ellipse((x - 9, TOP - 26, x + 9, TOP - 8), fill=RED if scene.throttled else AMBER, outline=INK)


def panel(draw: ImageDraw.ImageDraw, scene: Scene) -> None:
    draw.rounded_rectangle((18, 180, 622, 232), radius=6, fill="#f1f5f9", outline=PALE)
    items = (("clock", scene.clock), ("outbox age", scene.outbox_age), ("freshness", scene.freshness))
    for i, (label, value) in enumerate(items):
        x = 40 + i * 200
        draw.text((x, 190), label, font=font(11), fill=MUTED)
        colour = RED if scene.throttled and label == "freshness" else INK
        draw.text((x, 206), value, font=font(16, True), fill=colour)
    if scene.trace:
        draw.text((box_x(0) + BOX_W / 2, 166), "trace tr_5f1c", font=font(11, True), fill=GREEN, anchor="mm")
        for i in range(1, 5):  # one span under each hop the change made
            draw.rectangle((box_x(i), 161, box_x(i) + BOX_W, 171), fill=GREEN)


def frame(scene: Scene, progress: float) -> Image.Image:
    image = Image.new("RGB", (W, H), "#f8fafc")
    draw = ImageDraw.Draw(image)
    draw.text((18, 18), "One stock change, end to end", font=font(20, True), fill=INK)
    draw.text(
        (18, 46), "The stock-sync pipeline, from a scanner at Store 12 to its web shop", font=font(13), fill=MUTED
    )
    stages(draw, scene)
    dot(draw, scene, progress)
    panel(draw, scene)
    for i, line in enumerate(wrap(draw, scene.caption, 590, font(16))):
        draw.text((24, 250 + i * 24), line, font=font(16), fill=INK)
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

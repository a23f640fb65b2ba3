"""Draw the Leadership video "A one-on-one, replayed" for the demo academy.

Usage: ``.venv/bin/python scripts/make_leadership_one_on_one_video.py`` (needs Pillow, DejaVu fonts and the
``ffmpeg`` command: ``apt-get install ffmpeg``). Writes ``content/northwind-academy/media/leadership-one-on-one.mp4``,
a 40-second, 640x360 H.264 MP4 (plays in every current browser, Safari included) with no sound: a support queue
lead's 1:1 with Farah, line by line, with the shared agenda filling in on the right. The module's transcript says
everything the clip shows.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content/northwind-academy/media/leadership-one-on-one.mp4"
FPS = 10
W, H = 640, 360
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
INK, MUTED, BLUE, GREEN, PAPER = "#1f2937", "#4b5563", "#1d4ed8", "#15803d", "#ffffff"


@dataclass(frozen=True)
class Scene:
    seconds: float
    speaker: str  # "You", "Farah" or "" for a pause
    line: str
    note: str  # the coaching point shown under the conversation
    agenda: tuple[str, ...]  # the shared agenda as it stands at this point


DONE = "✓ You: ask Platform for sandbox access (done)"
TOPIC = "Farah: scanner escalations crowd out learning"
ACT_1 = "Farah: draft the pairing ask, by Tue"
ACT_2 = "You: talk to Integrations' lead, by Wed"

SCENES = (
    Scene(
        5,
        "You",
        "Before your topics: last week I said I'd get you sandbox access. Done, from Monday.",
        "Start with last week's actions, yours first.",
        (DONE,),
    ),
    Scene(5, "You", "What's on your mind this week?", "An open question.", (DONE,)),
    Scene(4, "Farah", "Fine, I guess. Busy.", "A closed answer. Don't move on yet.", (DONE,)),
    Scene(4, "You", "What made it busy?", "One short follow-up question...", (DONE,)),
    Scene(4, "", "...", "...then wait. Silence is thinking time.", (DONE,)),
    Scene(
        6,
        "Farah",
        "Honestly? Every scanner escalation lands on me, and I never get to learn anything new.",
        "The real topic arrives after the pause.",
        (DONE, TOPIC),
    ),
    Scene(
        6,
        "You",
        "So the scanner work crowds out what you want to learn. Did I get that right?",
        "Summarise before you solve.",
        (DONE, TOPIC),
    ),
    Scene(
        6,
        "Farah",
        "Yes. I'd like to pair with Integrations for a sprint.",
        "Her idea, her plan: actions with owners and dates.",
        (DONE, TOPIC, ACT_1, ACT_2),
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


def person(draw: ImageDraw.ImageDraw, x: int, name: str, colour: str, speaking: bool) -> None:
    draw.ellipse((x, 78, x + 44, 122), fill=colour if speaking else "#cbd5e1")
    draw.text((x + 22, 100), name[0], font=font(20, True), fill=PAPER, anchor="mm")
    draw.text((x + 22, 134), name, font=font(12, True), fill=INK, anchor="mm")


def agenda(draw: ImageDraw.ImageDraw, items: tuple[str, ...]) -> None:
    draw.rounded_rectangle((392, 70, 624, 262), radius=8, outline=MUTED, width=2, fill=PAPER)
    draw.text((404, 80), "Shared agenda: Farah / you", font=font(12, True), fill=INK)
    draw.text((404, 98), "Thursday", font=font(11), fill=MUTED)
    y = 120
    for item in items:
        for line in wrap(draw, item, 206, font(11)):
            draw.text((404, y), line, font=font(11), fill=GREEN if item.startswith("✓") else INK)
            y += 15
        y += 6


def frame(scene: Scene, progress: float) -> Image.Image:
    image = Image.new("RGB", (W, H), "#f8fafc")
    draw = ImageDraw.Draw(image)
    draw.text((20, 18), "A one-on-one, replayed", font=font(20, True), fill=INK)
    draw.text((20, 46), "Thursday 14:00, the Berlin ticket desk", font=font(13), fill=MUTED)
    person(draw, 30, "You", BLUE, scene.speaker == "You")
    person(draw, 320, "Farah", GREEN, scene.speaker == "Farah")
    shown = scene.line if scene.speaker else "." * (1 + int(progress * 3))
    bubble_x = 90 if scene.speaker != "Farah" else 100
    draw.rounded_rectangle((bubble_x, 150, bubble_x + 270, 236), radius=10, outline=MUTED, width=1, fill=PAPER)
    for i, line in enumerate(wrap(draw, shown, 250, font(13))[:4]):
        draw.text((bubble_x + 10, 158 + i * 18), line, font=font(13), fill=INK)
    agenda(draw, scene.agenda)
    draw.rounded_rectangle((20, 284, 620, 336), radius=8, fill="#e0e7ff")
    for i, line in enumerate(wrap(draw, scene.note, 580, font(15, True))[:2]):
        draw.text((32, 294 + i * 20), line, font=font(15, True), fill=BLUE)
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

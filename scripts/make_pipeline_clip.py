"""Render the demo academy's pipeline clip: a deal that moves through the CRM stages only on evidence.

    .venv/bin/python scripts/make_pipeline_clip.py [--out content/northwind-academy/media/FILE.mp4]

Nothing is fetched: each frame is an SVG drawn by the page below at time t, photographed by Debian's
Chromium (/usr/bin/chromium, through Playwright), and the frames are encoded by Debian's ffmpeg as H.264
MP4 (plays in every current browser, Safari included). The lesson's transcript describes the same
scenes; keep the two in step when you change one (module crm-proficiency).
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "northwind-academy" / "media" / "sales-executive-pipeline-evidence.mp4"
WIDTH, HEIGHT, FPS, SECONDS = 960, 540, 10, 34
FFMPEG = "/usr/bin/ffmpeg"  # Debian's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"]

# (start second, stage index the card moves to, evidence lines). Stage i's exit criteria move the card to i + 1.
SCENES = [
    (4, 1, ["Qualify → Discover", "Wholesale, 55 locations, stock-outs on", "web orders; discovery meeting agreed."]),
    (8, 2, ["Discover → Solution", "Stock-outs costed, 55 locations, 3 sales", "channels and their ERP recorded."]),
    (
        18,
        3,
        ["Solution → Proposal", "Demo done, ops director named champion,", "budget range known, CFO signs in May."],
    ),
    (22, 4, ["Proposal → Negotiate", "Growth quote for 55 locations sent;", "review call held; they want Stockroom."]),
    (
        26,
        5,
        ["Negotiate → Closed Won", "Signed order form on the opportunity,", "handover note written for onboarding."],
    ),
]
PAGE = """<!doctype html><html><body style="margin:0">
<svg id="s" xmlns="http://www.w3.org/2000/svg" width="%(w)d" height="%(h)d" viewBox="0 0 960 540"
     font-family="DejaVu Sans, sans-serif"></svg>
<script>
const STAGES = ["Qualify", "Discover", "Solution", "Proposal", "Negotiate", "Closed Won"];
const SCENES = %(scenes)s;
const X = i => 20 + i * 155;
const ease = u => u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
function text(x, y, s, size, fill, weight, anchor) {
  const e = s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<text x="${x}" y="${y}" font-size="${size}" fill="${fill}" font-weight="${weight || "normal"}"
          text-anchor="${anchor || "start"}">${e}</text>`;
}
function render(t) {
  let out = `<rect width="960" height="540" fill="#ffffff"/>`;
  out += text(30, 48, "Stages move on evidence, not hope", 30, "#1f2937", "bold");
  out += text(30, 78, "Kestrel Wholesale · 55 locations · Growth", 18, "#4b5563");
  STAGES.forEach((name, i) => {
    out += `<rect x="${X(i)}" y="100" width="145" height="170" rx="8" fill="#f3f4f6" stroke="#d1d5db"/>`;
    out += text(X(i) + 72, 126, name, 17, "#374151", "bold", "middle");
  });
  let stage = 0, from = 0, u = 1, last = null;
  for (const [start, to, lines] of SCENES) {
    if (t >= start) { from = stage; stage = to; u = ease((t - start) / 1.2); last = [start, lines]; }
  }
  // The hope moment: a nudge towards Proposal that bounces back, between the second and third scene.
  let shake = 0;
  if (t >= 11 && t < 17) shake = t < 13 ? 40 * Math.sin(Math.min(1, (t - 11) / 0.6) * Math.PI) : 0;
  const x = X(from) + (X(stage) - X(from)) * u + shake;
  const won = stage === 5 && u === 1;
  out += `<rect x="${x + 8}" y="150" width="129" height="92" rx="8" fill="${won ? "#dcfce7" : "#dbeafe"}"
          stroke="${won ? "#15803d" : "#1d4ed8"}" stroke-width="2"/>`;
  out += text(x + 72, 184, "Kestrel", 17, "#1f2937", "bold", "middle");
  out += text(x + 72, 208, "55 locations", 14, "#1f2937", "normal", "middle");
  out += text(x + 72, 228, "Growth", 14, "#1f2937", "normal", "middle");
  const panel = (title, lines, fill, stroke, color, alpha) => {
    let p = `<g opacity="${alpha}">
             <rect x="30" y="300" width="900" height="150" rx="10" fill="${fill}" stroke="${stroke}"/>`;
    p += text(54, 340, title, 22, color, "bold");
    lines.forEach((line, k) => { p += text(54, 376 + k * 30, line, 21, "#1f2937"); });
    return p + "</g>";
  };
  if (t < 4) {
    out += panel("A stage is left only when its exit criteria are met.",
                 ["Watch what moves this deal forward, and what doesn't."], "#f9fafb", "#d1d5db", "#1f2937", 1);
  } else if (t >= 11 && t < 18) {
    out += panel("“They loved the demo!”  →  stays in Solution",
                 ["A feeling, not evidence: no champion, no budget range,", "no decision process recorded yet."],
                 "#fee2e2", "#b91c1c", "#b91c1c", ease((t - 11) / 0.5));
  } else if (last) {
    const [start, lines] = last;
    out += panel("Evidence: " + lines[0], lines.slice(1), "#ecfdf5", "#15803d", "#15803d", ease((t - start) / 0.5));
  }
  if (t >= 30) {
    out += text(480, 500, "If it isn't in the CRM, it didn't happen.", 24, "#1d4ed8", "bold", "middle");
  }
  document.getElementById("s").innerHTML = out;
}
</script></body></html>"""


def render_clip(out: Path) -> None:
    import json

    from playwright.sync_api import sync_playwright

    page_html = PAGE % {"w": WIDTH, "h": HEIGHT, "scenes": json.dumps(SCENES)}
    encoder = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            FFMPEG,
            "-loglevel",
            "error",
            "-y",
            "-f",
            "image2pipe",
            "-framerate",
            str(FPS),
            "-c:v",
            "png",
            "-i",
            "-",
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
            str(out),
        ],
        stdin=subprocess.PIPE,
    )
    assert encoder.stdin is not None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(page_html)
        for frame in range(SECONDS * FPS):
            page.evaluate("t => render(t)", frame / FPS)
            encoder.stdin.write(page.screenshot(type="png"))
        browser.close()
    encoder.stdin.close()
    if encoder.wait() != 0:
        raise SystemExit("ffmpeg failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    render_clip(args.out)
    print(f"{args.out} ({args.out.stat().st_size // 1024} KiB, {SECONDS} s)")


if __name__ == "__main__":
    main()

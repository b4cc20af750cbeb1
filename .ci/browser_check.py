"""Render what people look at in a real headless browser (Chromium from the system's
packages) and check it rendered: the adherence report of the sample call log, written by the
installed console tool.

- the page parses to a DOM with its summary table, the missed obligations and an SVG chart
  whose bars are there (``--dump-dom``);
- a screenshot holds the chart's colours (met green, missed red): the SVG was drawn, not only
  parsed;
- the page asks for nothing over the network (no http(s) URL but the SVG namespace) and has
  no script.
- the week picture (``contact-policy week --html``/``--svg``, the default policy and a call):
  the page's DOM has the picture's title, description, band titles, marks and patterns, its
  screenshot shows the answering bands, and the SVG drawn at its own size has the answering
  pattern inside Monday's band where its rect says, and nothing above it.

Usage: python .ci/browser_check.py PATH/TO/contact-policy  (exits non-zero on a failure)
"""

from __future__ import annotations

import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MET, MISSED = (0x2E, 0x7D, 0x32), (0xC6, 0x28, 0x28)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("browser check: no chromium on PATH (apt-get install chromium)")


def run_browser(browser: str, *args: str) -> str:
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        sys.exit(f"browser check: {' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def pixels(png: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, raw rows) of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        out += line
        prev = line
    return width, height, bpp, bytes(out)


def count_colour(image: tuple[int, int, int, bytes], rgb: tuple[int, int, int]) -> int:
    width, height, bpp, data = image
    n = 0
    for i in range(0, len(data), bpp):
        if all(abs(data[i + k] - rgb[k]) <= 6 for k in range(3)):
            n += 1
    return n


def main() -> None:
    tool = sys.argv[1] if len(sys.argv) > 1 else "contact-policy"
    browser = chromium()
    with tempfile.TemporaryDirectory() as tmp:
        page = pathlib.Path(tmp) / "report.html"
        subprocess.run(
            [tool, "report", str(ROOT / "docs/examples/call-log.csv"), "--html", str(page), "--quiet"],
            check=True,
        )
        html = page.read_text()
        urls = [u for u in re.findall(r"https?://[^\s\"'<>]+", html) if "www.w3.org/2000/svg" not in u]
        assert not urls, f"the report refers to the network: {urls}"
        assert "<script" not in html.lower(), "the report has a script"
        dom = run_browser(browser, "--dump-dom", page.as_uri())
        for needle in ('class="summary"', 'class="missed"', "<svg", "<rect", "Missed obligations"):
            assert needle in dom, f"the rendered DOM lacks {needle!r}"
        bars = dom.count("<rect")
        assert bars >= 2, f"only {bars} bars in the chart"
        shot = pathlib.Path(tmp) / "report.png"
        run_browser(browser, "--window-size=1000,900", f"--screenshot={shot}", page.as_uri())
        image = pixels(shot.read_bytes())
        green, red = count_colour(image, MET), count_colour(image, MISSED)
        assert green > 200 and red > 200, f"the chart's bars are not drawn (met {green} px, missed {red} px)"
        print(f"browser check: report rendered ({bars} bars; {green} met and {red} missed pixels)")
        check_week(tool, browser, pathlib.Path(tmp))


#: The week picture's answering band: its fill and its pattern's lines (contact_policy.week).
ANSWERING_FILL, ANSWERING_INK = (0xD8, 0xEC, 0xD3), (0x2E, 0x6B, 0x25)


def near(
    image: tuple[int, int, int, bytes], x: int, y: int, rgb: tuple[int, int, int], r: int = 4
) -> int:
    """How many pixels within ``r`` of (x, y) have the colour ``rgb``."""
    width, height, bpp, data = image
    n = 0
    for yy in range(max(0, y - r), min(height, y + r + 1)):
        for xx in range(max(0, x - r), min(width, x + r + 1)):
            i = (yy * width + xx) * bpp
            if all(abs(data[i + k] - rgb[k]) <= 10 for k in range(3)):
                n += 1
    return n


def check_week(tool: str, browser: str, tmp: pathlib.Path) -> None:
    """contact-policy week: the HTML page (default policy, a call) renders with its titles and
    bands; the SVG alone, drawn at its own size, has the Monday answering band's pattern where
    the band's rect is and a blank column above it."""
    import xml.etree.ElementTree as ET

    call = "2026-01-07T15:00-05:00"
    page, svg = tmp / "week.html", tmp / "week.svg"
    subprocess.run([tool, "week", "--call", call, "--html", str(page)], check=True)
    subprocess.run([tool, "week", "--call", call, "--svg", str(svg)], check=True)
    html = page.read_text()
    found = re.findall(r"https?://[^\s\"'<>]+", html)
    urls = [u for u in found if "www.w3.org/2000/svg" not in u]
    assert not urls, f"the week page refers to the network: {urls}"
    assert "<script" not in html.lower(), "the week page has a script"
    dom = run_browser(browser, "--dump-dom", page.as_uri())
    needles = (
        'role="img"',
        '<title id="week-title">',
        '<desc id="week-desc">',
        "<title>Calls answered Mon 5 Jan 09:00–17:00</title>",
        'data-kind="received"',
        'data-kind="due"',
        'data-kind="permitted"',
        "<pattern",
    )
    for needle in needles:
        assert needle in dom, f"the rendered week page lacks {needle!r}"
    shot = tmp / "week-page.png"
    run_browser(browser, "--window-size=1100,1000", f"--screenshot={shot}", page.as_uri())
    fill = count_colour(pixels(shot.read_bytes()), ANSWERING_FILL)
    assert fill > 2000, f"the week page's answering bands are not drawn ({fill} px)"
    root = ET.fromstring(svg.read_text())  # noqa: S314 - our own output
    ns = "{http://www.w3.org/2000/svg}"
    width, height = int(root.get("width", "0")), int(float(root.get("height", "0")))
    monday = next(g for g in root.iter(f"{ns}g") if g.get("data-kind") == "answering")
    rect = monday.find(f"{ns}rect")
    assert rect is not None
    x = int(float(rect.get("x", "0")) + float(rect.get("width", "0")) / 2)
    top = float(rect.get("y", "0"))
    bottom = top + float(rect.get("height", "0"))
    shot = tmp / "week.png"
    run_browser(browser, f"--window-size={width},{height}", f"--screenshot={shot}", svg.as_uri())
    image = pixels(shot.read_bytes())
    inside = [
        (near(image, x, int(yy), ANSWERING_FILL), near(image, x, int(yy), ANSWERING_INK))
        for yy in (top + 20, (top + bottom) / 2, bottom - 20)
    ]
    assert all(f > 0 and i > 0 for f, i in inside), f"no answering pattern in Monday's band: {inside}"
    y = int(top - 60)
    above = near(image, x, y, ANSWERING_FILL) + near(image, x, y, ANSWERING_INK)
    assert above == 0, "Monday's column is filled above its answering hours"
    print(
        f"browser check: week rendered (Monday's band at y {top:.0f}–{bottom:.0f}: {inside}; "
        f"page {fill} px)"
    )


if __name__ == "__main__":
    main()

"""Draws the app's icons: assets/icon.png (a plane split by a curved decision boundary, orange points on one side
and blue on the other) and assets/scenario-icon.png (a scenario file: a page with the same plane on it).

    python packaging/make_icon.py                      redraw the two committed PNGs (256 px)
    python packaging/make_icon.py --platform-icons DIR also write NeuralPlayground.ico and scenario.ico (Windows)
                                                       and NeuralPlayground.icns and scenario.icns (macOS) in DIR

The .ico and .icns files hold the drawing rendered at each size those formats use, as PNG entries; the build
scripts make them, so they are not committed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

SIZE = 256  # the drawings' own coordinates; other sizes are scaled renderings
ASSETS = Path(__file__).resolve().parent.parent / "assets"
ORANGE, BLUE = "#f59322", "#0877bd"
POINTS = ((60, 70, ORANGE), (120, 100, ORANGE), (85, 140, ORANGE), (165, 60, ORANGE),
          (110, 215, BLUE), (180, 195, BLUE), (205, 130, BLUE), (60, 220, BLUE))
ICO_SIZES = (16, 24, 32, 48, 64, 256)
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512))


def _plane(p: QPainter, frame: QPainterPath, point_radius: float = 17) -> None:
    """The decision-boundary picture, clipped to `frame` (in the 256-unit square)."""
    p.save()
    p.setClipPath(frame)
    p.fillRect(0, 0, SIZE, SIZE, QColor("#fbd9b0"))
    blue = QPainterPath(QPointF(0, SIZE))
    blue.lineTo(0, 175)
    blue.cubicTo(70, 120, 110, 230, 165, 150)
    blue.cubicTo(200, 100, 220, 70, SIZE, 40)
    blue.lineTo(SIZE, SIZE)
    blue.closeSubpath()
    p.fillPath(blue, QColor("#a9cde6"))
    p.setPen(QPen(QColor("#263238"), 7))
    boundary = QPainterPath(QPointF(0, 175))
    boundary.cubicTo(70, 120, 110, 230, 165, 150)
    boundary.cubicTo(200, 100, 220, 70, SIZE, 40)
    p.drawPath(boundary)
    p.setPen(QPen(QColor("#ffffff"), 4))
    for x, y, colour in POINTS:
        p.setBrush(QColor(colour))
        p.drawEllipse(QPointF(x, y), point_radius, point_radius)
    p.restore()


def paint_app_icon(p: QPainter) -> None:
    frame = QPainterPath()
    frame.addRoundedRect(QRectF(8, 8, SIZE - 16, SIZE - 16), 44, 44)
    _plane(p, frame)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#183d4e"), 6))
    p.drawRoundedRect(QRectF(8, 8, SIZE - 16, SIZE - 16), 44, 44)


def paint_scenario_icon(p: QPainter) -> None:
    """A page with a folded corner and the plane on it: a file that opens in the playground."""
    left, top, right, bottom, fold = 36.0, 10.0, 220.0, 246.0, 52.0
    page = QPainterPath(QPointF(left, top))
    page.lineTo(right - fold, top)
    page.lineTo(right, top + fold)
    page.lineTo(right, bottom)
    page.lineTo(left, bottom)
    page.closeSubpath()
    p.setPen(QPen(QColor("#183d4e"), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.setBrush(QColor("#ffffff"))
    p.drawPath(page)
    corner = QPainterPath(QPointF(right - fold, top))
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    p.setBrush(QColor("#dde6ea"))
    p.drawPath(corner)
    frame = QPainterPath()
    frame.addRoundedRect(QRectF(58, 84, 140, 140), 16, 16)
    p.save()
    p.translate(58, 84)
    p.scale(140 / SIZE, 140 / SIZE)
    inner = QPainterPath()
    inner.addRect(QRectF(0, 0, SIZE, SIZE))
    _plane(p, inner, point_radius=22)
    p.restore()
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#183d4e"), 4))
    p.drawRoundedRect(QRectF(58, 84, 140, 140), 16, 16)
    p.setPen(QPen(QColor("#90a4ae"), 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y, length in ((38, 80), (60, 96)):
        p.drawLine(QPointF(60, y), QPointF(60 + length, y))


def render(paint: Callable[[QPainter], None], size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / SIZE, size / SIZE)
    paint(p)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("could not encode a PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(paint: Callable[[QPainter], None]) -> bytes:
    """A Windows .ico with one PNG entry per size (PNG entries are valid in ICO files since Windows Vista)."""
    images = [png_bytes(render(paint, size)) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, data in zip(ICO_SIZES, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


def icns_bytes(paint: Callable[[QPainter], None]) -> bytes:
    """A macOS .icns with PNG entries, from 16 to 512 px."""
    body = b""
    for kind, size in ICNS_TYPES:
        data = png_bytes(render(paint, size))
        body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--platform-icons", metavar="DIR", type=Path,
                        help="write the .ico and .icns files here instead of redrawing the PNGs")
    args = parser.parse_args(argv)
    _app = QGuiApplication(sys.argv[:1])
    icons = {"NeuralPlayground": paint_app_icon, "scenario": paint_scenario_icon}
    if args.platform_icons is None:
        ok = render(paint_app_icon).save(str(ASSETS / "icon.png"))
        ok = render(paint_scenario_icon).save(str(ASSETS / "scenario-icon.png")) and ok
        return 0 if ok else 1
    args.platform_icons.mkdir(parents=True, exist_ok=True)
    for name, paint in icons.items():
        (args.platform_icons / f"{name}.ico").write_bytes(ico_bytes(paint))
        (args.platform_icons / f"{name}.icns").write_bytes(icns_bytes(paint))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Draw the application icon (PNG, ICO for Windows, ICNS for macOS) with Qt: ``python build/make_icon.py``.

A navy tile with a white plan sheet and three ticked lines: a checklist, as an improvement
plan is. Kept as code so that the icon can be changed and redrawn at any size.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.fillPath(tile, QColor("#1f3a68"))
    sheet = QPainterPath()
    sheet.addRoundedRect(QRectF(58 * s, 40 * s, 140 * s, 176 * s), 12 * s, 12 * s)
    p.fillPath(sheet, QColor("#ffffff"))
    tick = QPen(QColor("#2e7d32"), 12 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    line = QPen(QColor("#1f3a68"), 10 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    for row, done in enumerate((True, True, False)):
        y = (82 + row * 46) * s
        if done:
            p.setPen(tick)
            p.drawPolyline([QRectF(76 * s, y, 0, 0).topLeft(), QRectF(88 * s, y + 12 * s, 0, 0).topLeft(),
                            QRectF(108 * s, y - 12 * s, 0, 0).topLeft()])  # fmt: skip
        else:
            p.setPen(QPen(QColor("#c62828"), 10 * s))
            p.drawEllipse(QRectF(78 * s, y - 10 * s, 22 * s, 22 * s))
        p.setPen(line)
        p.drawLine(int(122 * s), int(y), int(178 * s), int(y))
    p.end()
    return image


def main() -> None:
    QGuiApplication(sys.argv[:1])
    HERE.mkdir(exist_ok=True)
    draw(256).save(str(HERE / "hmics-desktop.png"))
    draw(256).save(str(HERE / "hmics-desktop.ico"))
    draw(512).save(str(HERE / "hmics-desktop.icns"))  # PyInstaller needs Pillow to convert any other kind


if __name__ == "__main__":
    main()

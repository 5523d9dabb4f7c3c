"""Charts as files and as the papers' pictures: PNG at print resolution, SVG, their figures as CSV.

Drawn with Qt's own painter (``chart_painter``) into a ``QImage`` (PNG, 300 dots per inch) or
Qt's SVG generator, black on white whatever the screen's colours. Files are written beside their
target and moved into place when complete, as every export is.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from hmics_desktop.documents.model import Document, Picture
from hmics_desktop.domain.charts import Chart, csv_rows
from hmics_desktop.excel.atomic_save import write_atomically
from hmics_desktop.ui.dashboard.chart_painter import ChartPainter, Look
from hmics_desktop.ui.offscreen import ensure_gui

PRINT_DPI = 300
SCREEN_DPI = 96
SIZE_MM = (250.0, 120.0)  # a picture written on its own: a landscape page's width, less margins


def _pixels(millimetres: float, dpi: int) -> int:
    return round(millimetres / 25.4 * dpi)


def paint(painter: QPainter, charts: list[Chart], width: float, height: float) -> None:
    """The charts side by side, filling the painter's ``width`` × ``height``."""
    look = Look.printed()
    each = width / max(len(charts), 1)
    for index, chart in enumerate(charts):
        ChartPainter(chart, look).paint(painter, QRectF(index * each, 0, each, height))


def png_bytes(charts: list[Chart], size_mm: tuple[float, float] = SIZE_MM, dpi: int = PRINT_DPI) -> bytes:
    """The charts as a PNG picture of ``size_mm`` at ``dpi`` dots per inch."""
    ensure_gui()
    width, height = _pixels(size_mm[0], dpi), _pixels(size_mm[1], dpi)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(Look.printed().background)
    painter = QPainter(image)
    try:
        paint(painter, charts, width, height)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _write_svg(charts: list[Chart], path: Path, size_mm: tuple[float, float]) -> None:
    from PySide6.QtSvg import QSvgGenerator  # Qt SVG, loaded only to write SVG (not for a paper's pictures)

    ensure_gui()
    width, height = _pixels(size_mm[0], SCREEN_DPI), _pixels(size_mm[1], SCREEN_DPI)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(SCREEN_DPI)
    generator.setTitle(" and ".join(chart.title for chart in charts))
    generator.setDescription(" ".join(chart.alt_text() for chart in charts))
    painter = QPainter(generator)
    try:
        paint(painter, charts, width, height)
    finally:
        painter.end()


def _write_csv(charts: list[Chart], path: Path) -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(csv_rows(charts))
    path.write_text(text.getvalue(), encoding="utf-8-sig")  # Excel reads the dashes and accents


def write_chart_file(charts: list[Chart], target: Path, size_mm: tuple[float, float] = SIZE_MM) -> None:
    """The charts as ``target`` says: a PNG or SVG picture, or their figures as CSV (one row per bar)."""
    suffix = target.suffix.lower()
    if suffix == ".png":
        write_atomically(lambda path: path.write_bytes(png_bytes(charts, size_mm)), target)
    elif suffix == ".svg":
        write_atomically(lambda path: _write_svg(charts, path, size_mm), target)
    elif suffix == ".csv":
        write_atomically(lambda path: _write_csv(charts, path), target)
    else:
        raise ValueError(f"{target.name}: a chart is written as .png, .svg or .csv")


def draw_pictures(document: Document) -> None:
    """Draw each of the paper's pictures at print resolution (before it is written or shown)."""
    for picture in document.pictures():
        if picture.png is None:
            picture.png = png_bytes(picture.charts, (picture.width_mm, picture.height_mm))


def image_of(picture: Picture) -> QImage:
    """The picture as Qt shows it in a text (the preview, the PDF)."""
    if picture.png is None:
        picture.png = png_bytes(picture.charts, (picture.width_mm, picture.height_mm))
    return QImage.fromData(picture.png, "PNG")

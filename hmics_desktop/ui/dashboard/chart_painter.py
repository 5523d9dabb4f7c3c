"""Draw a chart (``domain.charts.Chart``) with a QPainter: on screen, into a picture, into SVG.

One drawing for every use, sized in points so that it reads the same on a 96-dpi screen and in
a 300-dpi picture: the title, a legend in words, the bars stacked part on part with each part's
figure written in it where it fits (else just beside the bar, where there is room before the
next; a bar's only part is said by its total) and each bar's total above it,
the delayed part striped (not told by colour alone), a scale, the bars' labels (turned or
thinned when they are many), and a note of what is counted. Returns where each part was
drawn, so that a click can find it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from hmics_desktop.domain.charts import Chart
from hmics_desktop.ui.contrast import BAR_TONES, bar_tone, tone

Hit = tuple[QRectF, int, int]  # where a part was drawn, its bar, its series
FAMILY = "Arial"  # Liberation Sans where Arial is not installed (the same widths)
SERIES_TONES = {"closed": "closed", "on_track": "on_track", "delayed": "delayed", "past": "delayed"}


@dataclass
class Look:
    """The colours a chart is drawn in."""

    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    parts: dict[str, QColor]

    @classmethod
    def printed(cls) -> Look:
        """Black on white, the parts in the tones that stand out (3:1) on white: for pictures and paper."""
        parts = {key: QColor(BAR_TONES[name][0]) for key, name in SERIES_TONES.items()}
        return cls(QColor("#ffffff"), QColor("#000000"), QColor("#505050"), QColor("#bfbfbf"), parts)

    @classmethod
    def on_screen(cls, palette: QPalette) -> Look:
        """The window's colours (high contrast too), the parts chosen against them."""
        parts = {key: bar_tone(name, palette) for key, name in SERIES_TONES.items()}
        return cls(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text),
                   tone("muted", palette), palette.color(QPalette.ColorRole.Mid), parts)  # fmt: skip


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(FAMILY)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    return QColor("#000000") if colour.lightnessF() > 0.55 else QColor("#ffffff")


def _nice_step(most: int, lines: int) -> int:
    raw = max(most / max(lines, 1), 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(step * power for step in (1, 2, 5, 10) if step * power >= raw))


class ChartPainter:
    """Paints one chart in a rectangle; ``focus`` (bar, series) is ringed (the keyboard's place)."""

    def __init__(self, chart: Chart, look: Look, *, scale: float = 1.0) -> None:
        self.chart, self.look, self.scale = chart, look, scale

    def paint(self, painter: QPainter, area: QRectF, focus: tuple[int, int] | None = None) -> list[Hit]:
        self.painter = painter
        self.pt = painter.device().logicalDpiY() / 72 * self.scale  # device pixels per point
        pt = self.pt
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area, self.look.background)
        box = area.adjusted(6 * pt, 4 * pt, -6 * pt, -4 * pt)
        top = self._title(box)
        top = self._legend(box, top)
        bottom = self._note(box)
        hits = self._plot(QRectF(box.left(), top + 4 * pt, box.width(), bottom - top - 6 * pt), focus)
        painter.restore()
        return hits

    # Words ---------------------------------------------------------------------------------------
    def _text(self, rect: QRectF, text: str, font: QFont, colour: QColor, flags: int) -> None:
        self.painter.setFont(font)
        self.painter.setPen(colour)
        self.painter.drawText(rect, flags, text)

    def _title(self, box: QRectF) -> float:
        """The title, on two lines when the chart is narrow."""
        font = _font(11 * self.scale, bold=True)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        metrics = QFontMetricsF(font, self.painter.device())
        height = metrics.boundingRect(QRectF(0, 0, box.width(), 1000), flags, self.chart.title).height()
        self._text(QRectF(box.left(), box.top(), box.width(), height), self.chart.title, font, self.look.text, flags)
        return box.top() + height + 2 * self.pt

    def _legend(self, box: QRectF, top: float) -> float:
        pt, font = self.pt, _font(8.5 * self.scale)
        metrics = QFontMetricsF(font, self.painter.device())
        x, line = box.left(), metrics.height()
        for series in self.chart.series:
            width = 12 * pt + metrics.horizontalAdvance(series.label) + 12 * pt
            if x > box.left() and x + width > box.right():
                x, top = box.left(), top + line + 2 * pt
            swatch = QRectF(x, top + (line - 9 * pt) / 2, 9 * pt, 9 * pt)
            self._part(swatch, series.key, series.highlighted)
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self._text(QRectF(x + 12 * pt, top, width, line), series.label, font, self.look.text, flags)
            x += width
        return top + line

    def _note(self, box: QRectF) -> float:
        if not self.chart.note:
            return box.bottom()
        font = _font(7.5 * self.scale)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap)
        metrics = QFontMetricsF(font, self.painter.device())
        height = metrics.boundingRect(QRectF(0, 0, box.width(), 1000), flags, self.chart.note).height()
        self._text(QRectF(box.left(), box.bottom() - height, box.width(), height), self.chart.note, font,
                   self.look.muted, flags)  # fmt: skip
        return box.bottom() - height - 2 * self.pt

    # Bars ----------------------------------------------------------------------------------------
    def _part(self, rect: QRectF, key: str, striped: bool) -> None:
        """A part of a bar (or a legend's swatch): its colour, and stripes when it is the highlighted one."""
        colour = self.look.parts.get(key, self.look.muted)
        painter = self.painter
        painter.fillRect(rect, colour)
        if striped and rect.width() > 0 and rect.height() > 0:
            painter.save()
            path = QPainterPath()
            path.addRect(rect)
            painter.setClipPath(path)
            painter.setPen(QPen(_on(colour), 1.2 * self.pt))
            step = 4 * self.pt
            offset = -rect.height()
            while offset < rect.width():
                start = QPointF(rect.left() + offset, rect.bottom())
                painter.drawLine(QLineF(start, start + QPointF(rect.height(), -rect.height())))
                offset += step
            painter.restore()

    def _plot(self, area: QRectF, focus: tuple[int, int] | None) -> list[Hit]:
        pt, chart, painter = self.pt, self.chart, self.painter
        if not chart.bars:
            self._text(area, "Nothing to show for this choice.", _font(9 * self.scale), self.look.muted,
                       int(Qt.AlignmentFlag.AlignCenter))  # fmt: skip
            return []
        font = _font(8 * self.scale)
        metrics = QFontMetricsF(font, painter.device())
        step = _nice_step(chart.most(), 4)
        top_value = step * math.ceil(chart.most() / step)
        gutter = metrics.horizontalAdvance(f"{top_value:,}") + 6 * pt
        slot = (area.width() - gutter) / len(chart.bars)
        labels_height, turned, every = self._label_room(area, slot, metrics)
        widest_total = metrics.horizontalAdvance(f"{chart.most():,}")
        headroom = (widest_total if widest_total > slot else metrics.height()) + 2 * pt  # totals upright: taller
        plot = QRectF(area.left() + gutter, area.top() + headroom, area.width() - gutter,
                      area.height() - labels_height - headroom - 2 * pt)  # fmt: skip
        if plot.height() <= 4 * pt:
            return []
        scale = plot.height() / top_value
        painter.setFont(font)
        for value in range(0, top_value + 1, step):  # the scale, faint lines across
            y = plot.bottom() - value * scale
            painter.setPen(QPen(self.look.grid, 0.6 * pt))
            painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
            painter.setPen(self.look.muted)
            flags = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRectF(area.left(), y - 8 * pt, gutter - 4 * pt, 16 * pt), flags, f"{value:,}")
        hits: list[Hit] = []
        width = self._bar_width(slot, scale, metrics)
        for index, bar in enumerate(chart.bars):
            x = plot.left() + slot * index + (slot - width) / 2
            bottom = plot.bottom()
            beside: list[tuple[QRectF, int]] = []
            for part, (series, value) in enumerate(zip(chart.series, bar.values, strict=True)):
                rect = QRectF(x, bottom - value * scale, width, value * scale)
                if value:
                    self._part(rect, series.key, series.highlighted)
                    alone = value == bar.total  # a bar's only part: the total above says its figure
                    if not alone and not self._figure(rect, value, series.key, series.highlighted, metrics):
                        beside.append((rect, value))
                hits.append((QRectF(x, rect.top(), width, max(rect.height(), 1)), index, part))
                bottom = rect.top()
                if focus == (index, part):
                    self._ring(rect.adjusted(-1.5 * pt, -1.5 * pt, 1.5 * pt, 1.5 * pt))
            self._beside(beside, plot.bottom(), x + slot, metrics)  # up to the next bar
            self._total(QRectF(plot.left() + slot * index, bottom, slot, 0), bar.total, metrics)
            if index % every == 0:
                self._label(QRectF(plot.left() + slot * index, plot.bottom() + 3 * pt, slot, labels_height),
                            bar.label, turned, font)  # fmt: skip
        painter.setPen(QPen(self.look.text, 0.8 * pt))
        painter.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
        return hits

    def _label_room(self, area: QRectF, slot: float, metrics: QFontMetricsF) -> tuple[float, bool, int]:
        """The height the bars' labels take, whether they are turned upright, and every how many is written."""
        widest = max(metrics.horizontalAdvance(bar.label) for bar in self.chart.bars)
        line = metrics.height()
        if widest <= slot - 2 * self.pt:
            return line + 4 * self.pt, False, 1
        words = max(metrics.horizontalAdvance(word) for bar in self.chart.bars for word in bar.label.split())
        if words <= slot - 2 * self.pt:  # on two or three lines, each word whole
            return 3 * line + 4 * self.pt, False, 1
        every = max(1, math.ceil(line * 1.2 / slot))
        return min(widest, area.height() * 0.35) + 4 * self.pt, True, every

    def _label(self, rect: QRectF, text: str, turned: bool, font: QFont) -> None:
        painter = self.painter
        painter.setFont(font)
        painter.setPen(self.look.text)
        if not turned:
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
            painter.drawText(rect, flags, text)
            return
        painter.save()
        painter.translate(rect.center().x(), rect.top())
        painter.rotate(-90)
        metrics = QFontMetricsF(font, painter.device())
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.height())
        flags = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(QRectF(-rect.height(), -metrics.height() / 2, rect.height(), metrics.height()), flags, shown)
        painter.restore()

    def _fits(self, value: int, width: float, height: float, metrics: QFontMetricsF) -> bool:
        """Whether a part ``width`` by ``height`` holds its figure."""
        figure = metrics.horizontalAdvance(f"{value:,}") + 3 * self.pt
        return figure <= width and metrics.height() + 2 * self.pt <= height

    def _bar_width(self, slot: float, scale: float, metrics: QFontMetricsF) -> float:
        """The bars' width: narrower where a part too small for its figure needs room beside its bar to write it."""
        width = widest = min(slot * 0.72, 60 * self.pt)
        for _ in range(3):  # a narrower bar may hold fewer figures: make room for those too
            beside = [metrics.horizontalAdvance(f"{value:,}") for bar in self.chart.bars for value in bar.values
                      if 0 < value < bar.total and not self._fits(value, width, value * scale, metrics)]  # fmt: skip
            room = slot - max(beside, default=0) - 4 * self.pt
            if not beside or room < slot * 0.3:
                break  # none needs room, or none would fit beside a bar however narrow: the bars stay as wide
            width = min(widest, room)
        return width

    def _beside(self, parts: list[tuple[QRectF, int]], floor: float, right: float, metrics: QFontMetricsF) -> None:
        """The figures of parts too small to hold them: right of the bar, level with their parts, none over another.

        A figure wider than the room up to ``right`` (where the next bar starts: bars too many for the width)
        is left out rather than written over the next bar; the figures as tables (T) still give it.
        """
        painter, height = self.painter, metrics.height()
        for rect, value in parts:
            text = f"{value:,}"
            top = min(rect.center().y() + height / 2, floor) - height
            box = QRectF(rect.right() + self.pt, top, metrics.horizontalAdvance(text) + 2 * self.pt, height)
            if box.right() > right:
                continue
            painter.fillRect(box, self.look.background)
            painter.setPen(self.look.text)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
            floor = top

    def _figure(self, rect: QRectF, value: int, key: str, striped: bool, metrics: QFontMetricsF) -> bool:
        """A part's figure, written inside it where it fits (on a plain box over the stripes); whether it was."""
        text = f"{value:,}"
        width, height = metrics.horizontalAdvance(text) + 3 * self.pt, metrics.height() + 2 * self.pt
        if not self._fits(value, rect.width(), rect.height(), metrics):
            return False
        colour = self.look.background if striped else self.look.parts.get(key, self.look.muted)
        box = QRectF(rect.center().x() - width / 2, rect.center().y() - height / 2, width, height)
        self.painter.fillRect(box, colour)
        self.painter.setPen(self.look.text if striped else _on(colour))
        self.painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        return True

    def _total(self, slot: QRectF, total: int, metrics: QFontMetricsF) -> None:
        """The bar's total above it: across when it fits, upright when the bars are narrow."""
        text, painter = f"{total:,}", self.painter
        width, height = metrics.horizontalAdvance(text), metrics.height()
        painter.setPen(self.look.text)
        if width <= slot.width():
            rect = QRectF(slot.left(), slot.top() - height - self.pt, slot.width(), height)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        elif height <= slot.width():
            painter.save()
            painter.translate(slot.center().x(), slot.top() - self.pt)
            painter.rotate(-90)
            painter.drawText(QRectF(0, -height / 2, width + 2, height), int(Qt.AlignmentFlag.AlignLeft), text)
            painter.restore()

    def _ring(self, rect: QRectF) -> None:
        self.painter.setPen(QPen(self.look.text, 2 * self.pt / 1.33))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(rect)

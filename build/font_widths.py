"""Extract Arial's character widths from Liberation Sans: ``python build/font_widths.py``.

The export wraps cell text to estimate row heights, with the advance widths of the font
the cells use (Arial 10). Liberation Sans has Arial's metrics and a licence that lets us
ship them, so this script reads the widths of its four styles (regular, bold, italic,
bold italic) from the installed TrueType files — the ``cmap``, ``hmtx``, ``hhea``,
``head`` and ``OS/2`` tables, parsed here with ``struct`` — and writes them to
``resources/fonts/arial_widths.json``. The application reads that table; it never parses
a font at run time. Run it again only to change the table (Debian: fonts-liberation).
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

FONTS = Path("/usr/share/fonts/truetype/liberation")
STYLES = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
    "bold_italic": "LiberationSans-BoldItalic.ttf",
}
TARGET = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "arial_widths.json"
LAST_CODE_POINT = 0xFFFF  # the Basic Multilingual Plane: every character a plan's text is likely to hold


class Font:
    """The tables of one TrueType file this script needs."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        (count,) = struct.unpack_from(">H", self.data, 4)
        self.tables = {}
        for index in range(count):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", self.data, 12 + 16 * index)
            self.tables[tag.decode("latin-1")] = (offset, length)

    def _at(self, tag: str) -> int:
        return self.tables[tag][0]

    def units_per_em(self) -> int:
        return struct.unpack_from(">H", self.data, self._at("head") + 18)[0]

    def vertical(self) -> dict[str, int]:
        """Ascent, descent and line gap (``hhea``), and Windows's ascent and descent (``OS/2``)."""
        ascent, descent, gap = struct.unpack_from(">hhh", self.data, self._at("hhea") + 4)
        win_ascent, win_descent = struct.unpack_from(">HH", self.data, self._at("OS/2") + 74)
        return {"ascent": ascent, "descent": -descent, "line_gap": gap, "win_ascent": win_ascent,
                "win_descent": win_descent}  # fmt: skip

    def advances(self) -> list[int]:
        """The advance width of every glyph (glyphs past ``numberOfHMetrics`` repeat the last)."""
        (metrics,) = struct.unpack_from(">H", self.data, self._at("hhea") + 34)
        (glyphs,) = struct.unpack_from(">H", self.data, self._at("maxp") + 4)
        base = self._at("hmtx")
        widths = [struct.unpack_from(">H", self.data, base + 4 * i)[0] for i in range(metrics)]
        return widths + [widths[-1]] * (glyphs - metrics)

    def character_map(self) -> dict[int, int]:
        """Code point → glyph, from the Windows Unicode (3, 1) subtable, format 4."""
        base = self._at("cmap")
        (count,) = struct.unpack_from(">H", self.data, base + 2)
        for index in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", self.data, base + 4 + 8 * index)
            if (platform, encoding) == (3, 1):
                return self._format_4(base + offset)
        raise ValueError("no Windows Unicode character map")

    def _format_4(self, at: int) -> dict[int, int]:
        data = self.data
        if struct.unpack_from(">H", data, at)[0] != 4:
            raise ValueError("the Windows Unicode character map is not in format 4")
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
        range_at = at + 16 + 6 * segments
        offsets = struct.unpack_from(f">{segments}H", data, range_at)
        mapping = {}
        for seg, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
            for code in range(start, min(end, LAST_CODE_POINT) + 1):
                if offset == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    where = range_at + 2 * seg + offset + 2 * (code - start)
                    glyph = struct.unpack_from(">H", data, where)[0]
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                if glyph:
                    mapping[code] = glyph
        return mapping


def runs(widths: dict[int, int]) -> list[list[int]]:
    """``[first, last, width]`` for each run of consecutive code points of equal width."""
    found: list[list[int]] = []
    for code in sorted(widths):
        if found and found[-1][1] == code - 1 and found[-1][2] == widths[code]:
            found[-1][1] = code
        else:
            found.append([code, code, widths[code]])
    return found


def main() -> int:
    table: dict[str, object] = {
        "about": "Advance widths of Arial, taken from Liberation Sans (same metrics) by build/font_widths.py; "
        "units per em as given; runs are [first code point, last code point, width].",
    }
    styles = {}
    for style, name in STYLES.items():
        font = Font(FONTS / name)
        advances = font.advances()
        widths = {code: advances[glyph] for code, glyph in font.character_map().items()}
        styles[style] = runs(widths)
        if style == "regular":
            table["units_per_em"] = font.units_per_em()
            table["vertical"] = font.vertical()
            table["missing_glyph_width"] = advances[0]
    table["styles"] = styles
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(table, separators=(",", ":"))
    TARGET.write_text(text.replace("],[", "],\n["), encoding="utf-8")
    print(f"{TARGET}: {len(text):,} characters, {sum(len(r) for r in styles.values()):,} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

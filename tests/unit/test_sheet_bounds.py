"""The quick bound of a plainly written sheet: never short of the exact measure, and only where it holds."""

import io
from pathlib import Path

import pytest
from crafted_files import inline_row, sheet_xml, xlsx_from_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from hmics_desktop.excel import workbook_reader, zip_package
from hmics_desktop.excel.grid import Extent
from hmics_desktop.excel.sheet_bounds import PlainCells, bound_xlsx_sheet
from hmics_desktop.excel.sheet_extents import scan_xlsx_sheet
from hmics_desktop.excel.workbook_parser import parse_workbook
from hmics_desktop.excel.workbook_reader import UnreadableWorkbook, read_workbook

HEADER = inline_row(1, "Recommendation", "Action")
PLAN = HEADER + inline_row(2, "R1 Review custody", "1.1 Audit the estate")
SHARED = [14, 30_000, 3]


def _bound(xml: str | bytes, shared: list[int] | None = None) -> Extent | None:
    data = xml.encode() if isinstance(xml, str) else xml
    extent = Extent("Plan")
    return extent if bound_xlsx_sheet(io.BytesIO(data), len(data), extent, shared or []) else None


def _exact(xml: str, shared: list[int] | None = None) -> Extent:
    extent = Extent("Plan")
    scan_xlsx_sheet(io.BytesIO(xml.encode()), extent, shared or [])
    return extent


def test_a_plain_sheet_is_bounded_by_its_furthest_cell_and_its_size() -> None:
    xml = sheet_xml(PLAN + '<row r="9"><c r="F9" s="2" t="s"><v>0</v></c><c r="G9" s="1"/></row>')
    bound = _bound(xml, SHARED)
    assert bound is not None
    assert (bound.last_row, bound.last_col) == (8, 6)  # the styled empty G9 counts: a bound, not the measure
    assert bound.text_chars == len(xml) + 14  # the XML's size and the shared string F9 names
    exact = _exact(xml, SHARED)
    assert (exact.last_row, exact.last_col) == (8, 5) and exact.text_chars < bound.text_chars


def test_what_excel_and_libreoffice_write_is_plain() -> None:
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    body = '<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="str">' \
           '<f>A1</f><v>x</v></c></row><row r="2"><c r="A2" s="2" /><c r="B2"><v>1.5</v></c></row>'  # fmt: skip
    assert _bound(declaration + sheet_xml(body)[21:], SHARED) is not None
    assert _bound(b"\xef\xbb\xbf" + sheet_xml(body).encode(), SHARED) is not None


ODD = {
    "a namespace prefix": '<row r="2"><x:c r="B2"><x:v>1</x:v></x:c></row>',
    "no reference": '<row r="2"><c t="inlineStr"><is><t>y</t></is></c></row>',
    "the type before the reference": '<row r="2"><c t="inlineStr" r="B2"><is><t>y</t></is></c></row>',
    "single quotes": "<row r='2'><c r='B2'><v>1</v></c></row>",
    "a character reference": '<row r="2"><c r="&#66;2"><v>1</v></c></row>',
    "a reference with dollars": '<row r="2"><c r="$B$2"><v>1</v></c></row>',
    "another attribute": '<row r="2"><c r="B2" cm="1"><v>1</v></c></row>',
    "a shared string beside a formula": '<row r="2"><c r="B2" t="s"><f>A1</f><v>1</v></c></row>',
    "a shared string's index with a space": '<row r="2"><c r="B2" t="s"><v> 1</v></c></row>',
}


@pytest.mark.parametrize("case", sorted(ODD))
def test_a_sheet_with_a_cell_written_otherwise_is_left_to_the_exact_measure(case: str) -> None:
    assert _bound(sheet_xml(PLAN + ODD[case]), SHARED) is None


@pytest.mark.parametrize(
    "start",
    ['<?xml version="1.0" encoding="ISO-8859-1"?>', '<?xml version="1.0" encoding = "UTF-8"?>', "<!-- hi -->"],
)
def test_a_sheet_that_may_not_be_utf8_is_left_to_the_exact_measure(start: str) -> None:
    assert _bound(start + sheet_xml(PLAN)[21:]) is None
    assert _bound("\ufeff" + sheet_xml(PLAN), []) is not None  # a UTF-8 byte order mark is UTF-8
    assert _bound(sheet_xml(PLAN).encode("utf-16")) is None


def test_a_bound_past_the_limits_is_left_to_the_exact_measure() -> None:
    far = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    repeated = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(3, 1_000))
    assert _bound(sheet_xml(PLAN + far)) is None
    assert _bound(sheet_xml(PLAN + repeated), SHARED) is None  # 997 cells of 30,000 characters


def test_a_malformed_plain_sheet_is_still_refused(tmp_path: Path, monkeypatch) -> None:
    def reached(*args, **kwargs):
        raise AssertionError("the reader was reached")

    monkeypatch.setattr(zip_package, "scan_xlsx_sheet", reached)  # refused by the bound's own reading
    path = xlsx_from_xml(tmp_path / "broken.xlsx", {"Plan": sheet_xml(PLAN).replace("</row>", "</rows>", 1)})
    with pytest.raises(UnreadableWorkbook, match=r"broken\.xlsx is damaged: if the program"):
        read_workbook(path)


def test_a_plain_plan_is_read_without_walking_its_cells(tmp_path: Path, monkeypatch) -> None:
    def walked(*args, **kwargs):
        raise AssertionError("every element was followed")

    monkeypatch.setattr(zip_package, "scan_xlsx_sheet", walked)
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "plan.xlsx", {"Custody": sheet_xml(PLAN)}))
    assert parsed.plans[0].recommendations[0].actions[0].text == "Audit the estate"


def test_sheets_whose_bounds_together_pass_the_limits_are_measured_exactly(tmp_path: Path) -> None:
    """Each bound is 600,000 cells, for a styled empty cell far down; the cells with values are few."""
    sheet = sheet_xml(PLAN + '<row r="100000"><c r="F100000" s="1"/></row>')
    parsed = parse_workbook(xlsx_from_xml(tmp_path / "plan.xlsx", {"Custody": sheet, "Copy": sheet}))
    assert parsed.plans[0].recommendations[0].actions[0].text == "Audit the estate"


def test_a_far_plain_cell_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    def reached(*args, **kwargs):
        raise AssertionError("the reader was reached")

    for name in ("from_path", "from_filelike"):
        monkeypatch.setattr(workbook_reader.python_calamine.CalamineWorkbook, name, reached)
    far = sheet_xml(PLAN + '<row r="9"><c r="XFD1048576"><v>1</v></c></row>')
    with pytest.raises(UnreadableWorkbook, match="1,048,576 rows and 16,384 columns"):
        read_workbook(xlsx_from_xml(tmp_path / "far.xlsx", {"Plan": far}))


# Any sheet, however written: when it is bounded, the bound is never short of the exact measure.
_REFS = st.tuples(st.sampled_from(["A", "D", "Z", "AB", "XFD", "b", "$C"]),
                  st.sampled_from(["1", "7", "5000", "1048576", "09", "$4", "0"]))  # fmt: skip
_CONTENTS = ["", "<v>0</v>", "<v>1</v>", "<v>2</v>", "<v> 1</v>", "<f>A1</f><v>1</v>", "<is><t>a text</t></is>",
             "<v>12345678901</v>", " ", "<v></v>", "<is><r><t>x</t></r><r><t>yz</t></r></is>"]  # fmt: skip


@st.composite
def _cell(draw) -> str:
    col, row = draw(_REFS)
    ref = draw(st.sampled_from([f' r="{col}{row}"', f" r='{col}{row}'", "", f' r="&#{ord(col[0])};{col[1:]}{row}"']))
    kind = draw(st.sampled_from(["", ' t="s"', " t='s'", ' t="inlineStr"', ' t="n"', ' t="str"', ' t="&#115;"']))
    attributes = "".join(draw(st.permutations([ref, kind, draw(st.sampled_from(["", ' s="3"', ' cm="1"']))])))
    name = draw(st.sampled_from(["c", "c", "c", "x:c", "a:b:c"]))
    content = draw(st.sampled_from(_CONTENTS))
    space = draw(st.sampled_from(["", " ", "\n"]))
    return f"<{name}{attributes}{space}/>" if not content else f"<{name}{attributes}{space}>{content}</{name}>"


@st.composite
def _plain_cell(draw) -> str:
    col, row = draw(st.sampled_from(["A", "D", "AB"])), draw(st.sampled_from(["1", "7", "5000"]))
    kind = draw(st.sampled_from(["", ' t="s"', ' t="inlineStr"', ' t="n"']))
    content = draw(st.sampled_from(["<v>0</v>", "<v>1</v>", "<v>2</v>"] if kind == ' t="s"' else _CONTENTS))
    return f'<c r="{col}{row}"{kind}>{content}</c>' if content else f'<c r="{col}{row}"{kind}/>'


@st.composite
def _row(draw) -> str:
    number = draw(st.sampled_from(["", ' r="2"', ' r="1048576"', " r='9'", ' r="x"']))
    name = draw(st.sampled_from(["row", "row", "row", "x:row"]))
    extra = draw(st.sampled_from(["", "", '<!-- <c r="XFD9"><v>1</v></c> -->', '<![CDATA[<c r="Z9">]]>']))
    return f"<{name}{number}>{''.join(draw(st.lists(st.one_of(_cell(), _plain_cell()), max_size=4)))}{extra}</{name}>"


@settings(max_examples=400, deadline=None)
@given(rows=st.lists(_row(), max_size=4), shared=st.lists(st.sampled_from([0, 5, 300_000]), max_size=3))
def test_a_bound_is_never_short_of_the_exact_measure(rows: list[str], shared: list[int]) -> None:
    xml = sheet_xml(HEADER + "".join(rows))
    bound = _bound(xml, shared)
    if bound is not None:
        exact = _exact(xml, shared)
        assert bound.last_row >= exact.last_row and bound.last_col >= exact.last_col
        assert bound.text_chars >= exact.text_chars


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.integers(0, 6_000), max_size=12))
def test_where_the_bytes_are_cut_changes_nothing(cuts: list[int]) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 3}</v></c><c r="B{r}" s="1"/>'
                   f'<c r="C{r}" t="inlineStr"><is><t>text {r}</t></is></c></row>' for r in range(2, 60))  # fmt: skip
    data = sheet_xml(HEADER + rows).encode()
    whole, pieces = PlainCells(SHARED), PlainCells(SHARED)
    whole.feed(data)
    whole.feed(b"")
    start = 0
    for end in [*sorted(set(cuts)), len(data)]:
        if end > start:
            pieces.feed(data[start:end])
            start = end
    pieces.feed(b"")
    measured = [(cells.last_row, cells.last_col, cells.shared_chars, cells.size) for cells in (whole, pieces)]
    assert measured[0] == measured[1]
    assert measured[0][:2] == (59, 3)

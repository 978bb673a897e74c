"""The periodic report as an Excel workbook (openpyxl): one sheet per group of tables.

Every sheet starts with the report's header block (the body and the national motto, the
place and date, the title, period and scope); the header row of its first table is bold
and frozen, so it stays in view while scrolling. Counts are numbers, shares are numbers
shown as percentages, dates are dates: the office can add up and re-sort.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.reports.tables import NOTHING, Document, Format, Heading, Sheet, Table, Value

FONT_NAME = "Times New Roman"  # what Vietnamese administrative documents are set in
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0%"


def write_xlsx(doc: Document, path: Path) -> Path:
    """Write ``doc`` as an .xlsx workbook at ``path``; return the path."""
    book = Workbook()
    _add_styles(book)
    default = book.active
    if default is not None:
        book.remove(default)
    for sheet in doc.sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet, doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _write_sheet(ws: Worksheet, sheet: Sheet, doc: Document) -> None:
    width = max(len(t.columns) for t in sheet.tables)
    row = _write_heading(ws, doc.heading, width)
    for number, table in enumerate(sheet.tables):
        row = _write_table(ws, table, row + 1, width, freeze=number == 0)
    if sheet is doc.sheets[0]:
        notes = Font(name=FONT_NAME, italic=True, size=10)
        _merged(ws, row + 1, 1, width, doc.notes, notes, horizontal="left")
        ws.row_dimensions[row + 1].height = 15 * 4
    for index in range(1, width + 1):
        widest = max(t.columns[index - 1].width for t in sheet.tables if len(t.columns) >= index)
        ws.column_dimensions[get_column_letter(index)].width = widest
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_heading(ws: Worksheet, heading: Heading, width: int) -> int:
    """The header block at the top of the sheet; returns its last row."""
    left = max(2, width // 3)  # the body on the left, the motto on the right
    bold = Font(name=FONT_NAME, bold=True, size=11)
    _merged(ws, 1, 1, left, heading.body, bold)
    _merged(ws, 1, left + 1, width, heading.country, bold)
    _merged(
        ws, 2, left + 1, width, heading.motto, Font(name=FONT_NAME, bold=True, underline="single")
    )
    _merged(ws, 3, left + 1, width, heading.place_date, Font(name=FONT_NAME, italic=True))
    _merged(ws, 5, 1, width, heading.title, Font(name=FONT_NAME, bold=True, size=14))
    _merged(ws, 6, 1, width, heading.subtitle, bold)
    _merged(ws, 7, 1, width, heading.period, Font(name=FONT_NAME, italic=True))
    _merged(ws, 8, 1, width, heading.scope, Font(name=FONT_NAME))
    return 8


def _write_table(ws: Worksheet, table: Table, row: int, width: int, *, freeze: bool) -> int:
    """A titled table from ``row`` (a blank row, the title, the header, the rows); a table
    narrower than the sheet gets its last column merged to the sheet's width. Returns the
    last row written."""
    row += 1
    ws.cell(row, 1, table.title).font = Font(name=FONT_NAME, bold=True, size=12)
    row += 1
    span = width - len(table.columns)
    header_font = Font(name=FONT_NAME, bold=True)
    for index, column in enumerate(table.columns, 1):
        cell = ws.cell(row, index, column.header)
        cell.font, cell.fill, cell.border = header_font, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _widen_last(ws, row, len(table.columns), span)
    ws.row_dimensions[row].height = 32
    if freeze:
        ws.freeze_panes = ws.cell(row + 1, 1)
    if not table.rows and table.empty:
        row += 1
        _merged(ws, row, 1, width, table.empty, Font(name=FONT_NAME, italic=True))
        return row
    lines = [*table.rows, *([table.total] if table.total else [])]
    for number, values in enumerate(lines):
        row += 1
        total = table.total is not None and number == len(lines) - 1
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            cell = ws.cell(row, index, _cell_value(value, column.format))
            cell.style = _style_name(value, column.format, total)
        _widen_last(ws, row, len(table.columns), span)
    return row


# Cell styles, registered once per workbook: a named style per kind of value, plain or in
# a total row (assigning a name is far quicker than a font, border and alignment each).
_LOOKS = {  # kind of value -> (horizontal alignment, wrap, number format)
    "text": ("left", True, "General"),
    "number": ("center", False, "General"),
    "rate": ("center", False, RATE_FORMAT),
    "date": ("center", False, DATE_FORMAT),
}


def _add_styles(book: Workbook) -> None:
    for look, (horizontal, wrap, number_format) in _LOOKS.items():
        for total in (False, True):
            style = NamedStyle(
                name=_STYLE.format(look=look, total="-total" if total else ""),
                font=Font(name=FONT_NAME, bold=total),
                border=BOX,
                alignment=Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap),
                number_format=number_format,
            )
            if total:
                style.fill = TOTAL_FILL
            book.add_named_style(style)


_STYLE = "danvan-{look}{total}"


def _style_name(value: Value, fmt: Format, total: bool) -> str:
    if isinstance(value, float):
        look = "rate"
    elif isinstance(value, date):
        look = "date"
    else:
        look = "text" if fmt is Format.TEXT else "number"
    return _STYLE.format(look=look, total="-total" if total else "")


def _cell_value(value: Value, fmt: Format) -> Value:
    if value is None and fmt is Format.RATE:
        return NOTHING
    return value


def _widen_last(ws: Worksheet, row: int, column: int, span: int) -> None:
    if span > 0:
        for extra in range(column + 1, column + span + 1):
            ws.cell(row, extra).border = BOX
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span)


def _merged(
    ws: Worksheet,
    row: int,
    first: int,
    last: int,
    text: str,
    font: Font,
    horizontal: str = "center",
) -> None:
    cell = ws.cell(row, first, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

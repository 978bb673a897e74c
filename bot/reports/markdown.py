"""The periodic report as Markdown (the same tables as the Excel workbook)."""

from __future__ import annotations

from datetime import date

from bot.reports.tables import NOTHING, Document, Format, Table, Value
from handlers.leader import percent, short_date


def render_markdown(doc: Document) -> str:
    """``doc`` as a Markdown document."""
    h = doc.heading
    lines = [
        f"**{h.body}** · {h.country} · *{h.motto}*",
        "",
        f"{h.number} · *{h.place_date}*",
        "",
        f"# {h.title}",
        "",
        f"**{h.subtitle}**",
        "",
        f"{h.period}  ",
        h.scope,
    ]
    for sheet in doc.sheets:
        for table in sheet.tables:
            lines += ["", f"## {table.title}", "", *_table(table)]
    lines += ["", f"*{doc.notes}*", ""]
    return "\n".join(lines)


def _table(table: Table) -> list[str]:
    if not table.rows and table.empty:
        return [table.empty]
    header = [c.header for c in table.columns]
    align = [":---" if c.format is Format.TEXT else "---:" for c in table.columns]
    rows = [
        [_text(v, c.format) for v, c in zip(values, table.columns, strict=True)]
        for values in table.rows
    ]
    if table.total is not None:
        rows.append(
            [
                f"**{_text(v, c.format)}**" if v is not None else ""
                for v, c in zip(table.total, table.columns, strict=True)
            ]
        )
    return [_row(header), _row(align), *(_row(r) for r in rows)]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _text(value: Value, fmt: Format) -> str:
    if value is None:
        return NOTHING if fmt is Format.RATE else ""
    if isinstance(value, float):
        return percent(value)
    if isinstance(value, date):
        return short_date(value)
    return str(value)

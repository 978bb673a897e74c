"""The periodic report as tables, once, for every format (Excel and Markdown render them).

Layout of a ward's report upward: the body and the national motto, the place and date,
the title, the period and scope; then the counts by kind, category and unit, citizens'
satisfaction, tiếp công dân, and the list of overdue petitions. A tố cáo's row in that
list shows only its code, category, unit and dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.config import Config
from core.labels import Kind
from core.summary import Report, Tally, days_overdue
from handlers import texts
from handlers.leader import capitalized, short_date, unit_name

# A cell: text, a count (int), a share (float, shown as a percentage), a date, or empty.
Value = str | int | float | date | None
NOTHING = "—"  # a share of nothing


class Format(StrEnum):
    """How a column's values are shown."""

    TEXT = "text"
    COUNT = "count"
    RATE = "rate"  # a share (a float, shown as a percentage); None: nothing to divide by
    DATE = "date"


@dataclass(frozen=True)
class Column:
    """A column: its Vietnamese header, how its values look, its width in characters."""

    header: str
    format: Format
    width: int


@dataclass(frozen=True)
class Table:
    """A titled table; a ``total`` row, when there is one, comes last and is emphasised."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    total: tuple[Value, ...] | None = None
    empty: str | None = None  # what to say instead of an empty table


@dataclass(frozen=True)
class Sheet:
    """A group of tables (one Excel sheet)."""

    name: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Heading:
    """The report's header block."""

    body: str  # UBND PHƯỜNG ...
    number: str  # Số: .../BC-UBND, filled in by hand
    country: str
    motto: str
    place_date: str
    title: str
    subtitle: str
    period: str
    scope: str


@dataclass(frozen=True)
class Document:
    """The whole report, ready to render."""

    heading: Heading
    sheets: tuple[Sheet, ...]
    notes: str


def document(report: Report, config: Config) -> Document:
    """Lay ``report`` out as tables (see the module docstring)."""
    figures = report.figures
    columns = texts.REPORT_COLUMNS
    kinds = {capitalized(texts.KIND_LABELS[k]): t for k, t in figures.by_kind().items()}
    categories = {texts.CATEGORY_LABELS[c]: t for c, t in figures.by_category().items()}
    units = {
        unit_name(config, u): t
        for u, t in figures.by_unit(() if figures.unit else (u.code for u in config.units)).items()
    }
    sections = texts.REPORT_SECTIONS
    sheets = texts.REPORT_SHEETS
    return Document(
        heading=_heading(report, config),
        sheets=(
            Sheet(
                sheets["summary"],
                (
                    _tally_table(sections["kind"], columns["kind"], kinds, figures.total),
                    _ratings_table(report),
                    _reception_table(report),
                ),
            ),
            Sheet(
                sheets["category"],
                (
                    _tally_table(
                        sections["category"], columns["category"], categories, figures.total
                    ),
                ),
            ),
            Sheet(
                sheets["unit"],
                (_tally_table(sections["unit"], columns["unit"], units, figures.total),),
            ),
            Sheet(sheets["overdue"], (_overdue_table(report, config),)),
        ),
        notes=texts.REPORT_NOTES.format(last=short_date(figures.period.last)),
    )


def _heading(report: Report, config: Config) -> Heading:
    period, made, unit = report.figures.period, report.made_on, report.figures.unit
    return Heading(
        body=texts.REPORT_BODY.format(ward=config.ward.name).upper(),
        number=texts.REPORT_NUMBER,
        country=texts.REPORT_COUNTRY,
        motto=texts.REPORT_MOTTO,
        place_date=texts.REPORT_PLACE_DATE.format(
            province=config.ward.province, day=made.day, month=made.month, year=made.year
        ),
        title=texts.REPORT_TITLE,
        subtitle=texts.REPORT_SUBTITLE,
        period=texts.REPORT_PERIOD.format(
            first=short_date(period.first), last=short_date(period.last)
        ),
        scope=texts.REPORT_SCOPE.format(scope=unit_name(config, unit) if unit else texts.ALL_UNITS),
    )


def _tally_table(title: str, label: str, tallies: dict[str, Tally], total: Tally) -> Table:
    names = texts.REPORT_COLUMNS
    columns = (
        Column(names["number"], Format.COUNT, 5),
        Column(label, Format.TEXT, 36),
        *(Column(names[key], Format.COUNT, 12) for key in ("received", "settled", "on_time")),
        Column(names["late"], Format.COUNT, 10),
        Column(names["open"], Format.COUNT, 14),
        Column(names["overdue"], Format.COUNT, 12),
        Column(names["rate"], Format.RATE, 12),
    )
    rows = tuple((n, name, *_counts(t)) for n, (name, t) in enumerate(tallies.items(), 1))
    return Table(title, columns, rows, total=(None, texts.REPORT_TOTAL, *_counts(total)))


def _counts(t: Tally) -> tuple[Value, ...]:
    return (
        t.received,
        t.settled,
        t.settled_on_time,
        t.settled - t.settled_on_time,
        t.open_at_end,
        t.overdue_at_end,
        t.settle_rate,
    )


def _ratings_table(report: Report) -> Table:
    ratings = report.figures.ratings
    return _facts_table(
        texts.REPORT_SECTIONS["ratings"],
        [
            (texts.REPORT_RATED, ratings.rated),
            (texts.REPORT_SATISFIED, ratings.satisfied),
            (texts.REPORT_UNSATISFIED, ratings.unsatisfied),
            (texts.REPORT_SATISFIED_RATE, _share(ratings.satisfied_rate)),
        ],
    )


def _reception_table(report: Report) -> Table:
    """Tiếp công dân and đối thoại held in the period (core.summary.ReceptionTally)."""
    title, held = texts.REPORT_SECTIONS["reception"], report.reception
    if held is None:
        return _facts_table(title, [(texts.REPORT_RECEPTION, texts.REPORT_RECEPTION_NO_DATA)])
    return _facts_table(
        title,
        [
            (texts.REPORT_RECEPTION, held.sessions_held),
            (texts.REPORT_RECEPTION_BOOKED, held.citizens_booked),
            (texts.REPORT_RECEPTION_RECORDED, held.outcomes_recorded),
            (texts.REPORT_DIALOGUES, held.dialogues_held),
        ],
    )


def _facts_table(title: str, facts: Sequence[tuple[str, Value]]) -> Table:
    """Numbered rows of what and how much (a count, a share or a sentence)."""
    names = texts.REPORT_COLUMNS
    columns = (
        Column(names["number"], Format.COUNT, 5),
        Column(names["item"], Format.TEXT, 36),
        Column(names["value"], Format.TEXT, 12),
    )
    rows = tuple((n, what, value) for n, (what, value) in enumerate(facts, 1))
    return Table(title, columns, rows)


def _share(share: float | None) -> Value:
    return NOTHING if share is None else share


def _overdue_table(report: Report, config: Config) -> Table:
    names = texts.REPORT_COLUMNS
    period = report.figures.period
    columns = (
        Column(names["number"], Format.COUNT, 5),
        Column(names["code"], Format.TEXT, 16),
        Column(names["kind"], Format.TEXT, 20),
        Column(names["category"], Format.TEXT, 30),
        Column(names["unit"], Format.TEXT, 30),
        Column(names["received_on"], Format.DATE, 12),
        Column(names["due"], Format.DATE, 12),
        Column(names["days_overdue"], Format.COUNT, 10),
        Column(names["status"], Format.TEXT, 20),
    )
    rows = []
    for n, item in enumerate(report.overdue, 1):
        secret = item.kind is Kind.TO_CAO
        assert item.due_date is not None, "an overdue petition has a due date"
        rows.append(
            (
                n,
                item.code,
                texts.REPORT_HIDDEN if secret else capitalized(texts.KIND_LABELS[item.kind]),
                texts.CATEGORY_LABELS[item.category],
                unit_name(config, item.unit),
                item.received_on,
                item.due_date,
                days_overdue(item.due_date, period),
                texts.REPORT_HIDDEN if secret else texts.SUMMARY_STATUS_LABELS[item.status],
            )
        )
    title = texts.REPORT_SECTIONS["overdue"].format(last=short_date(period.last))
    return Table(title, columns, tuple(rows), empty=texts.REPORT_NO_OVERDUE)

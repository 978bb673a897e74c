"""The PNG chart sent with the leaders' daily summary (matplotlib, no display needed).

Drawn on matplotlib's Agg canvas directly (no pyplot: no global figure state, safe in a
server), in DejaVu Sans, which ships with matplotlib and has every Vietnamese letter.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from core.summary import DayCount
from handlers import texts

OPEN_COLOUR, OVERDUE_COLOUR = "#4C78A8", "#E45756"
RECEIVED_COLOUR, ANSWERED_COLOUR = "#4C78A8", "#54A24B"
DPI = 150
LABEL_WIDTH = 34  # characters per line of a unit's name


def units_chart(bars: Sequence[tuple[str, int, int]], title: str, path: Path) -> Path | None:
    """Horizontal bars of open and overdue petitions, one pair per ``(unit name, open,
    overdue)``, in the given order from the top; None (no file) when every count is 0."""
    if not any(open_ or overdue for _, open_, overdue in bars):
        return None
    names = [textwrap.fill(name, LABEL_WIDTH) for name, _, _ in bars]
    height = max(3.0, 0.75 * len(bars) + 1.5)
    with _figure(8.0, height, title) as (figure, axes):
        rows = range(len(bars))
        thickness = 0.38
        opened = axes.barh(
            [r - thickness / 2 for r in rows],
            [b[1] for b in bars],
            thickness,
            label=texts.CHART_OPEN,
            color=OPEN_COLOUR,
        )
        overdue = axes.barh(
            [r + thickness / 2 for r in rows],
            [b[2] for b in bars],
            thickness,
            label=texts.CHART_OVERDUE,
            color=OVERDUE_COLOUR,
        )
        for container, column in ((opened, 1), (overdue, 2)):
            labels = [str(b[column]) if b[column] else "" for b in bars]
            axes.bar_label(container, labels=labels, padding=3)
        axes.set_yticks(list(rows), names)
        axes.invert_yaxis()  # the first unit on top
        axes.set_xlabel(texts.CHART_COUNT_AXIS)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.margins(x=0.12)
        axes.legend(loc="lower right")
        _save(figure, path)
    return path


def trend_chart(days: Sequence[DayCount], title: str, path: Path) -> Path | None:
    """Petitions received and answered per day, as two lines; None (no file) when all 0."""
    if not any(d.received or d.answered for d in days):
        return None
    with _figure(9.0, 4.0, title) as (figure, axes):
        x = range(len(days))
        lines = (
            ([d.received for d in days], texts.CHART_RECEIVED, RECEIVED_COLOUR),
            ([d.answered for d in days], texts.CHART_ANSWERED, ANSWERED_COLOUR),
        )
        for values, label, colour in lines:
            axes.plot(x, values, marker="o", ms=3, label=label, color=colour)
        step = max(1, len(days) // 10)
        ticks = list(range(0, len(days), step))
        axes.set_xticks(ticks, [f"{days[i].day.day:02d}/{days[i].day.month:02d}" for i in ticks])
        axes.set_ylabel(texts.CHART_COUNT_AXIS)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", alpha=0.3)
        axes.legend(loc="upper left")
        _save(figure, path)
    return path


@contextmanager
def _figure(width: float, height: float, title: str) -> Iterator[tuple[Figure, Axes]]:
    with matplotlib.rc_context(
        {"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 10}
    ):
        figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title(textwrap.fill(title, 70), fontsize=11)
        axes.spines[["top", "right"]].set_visible(False)
        yield figure, axes


def _save(figure: Figure, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")

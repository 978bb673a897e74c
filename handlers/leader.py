"""The leaders' side: the daily summary, its chart, and ``/baocao``.

What is counted, and how, is defined in core/summary.py. Summaries show codes, labels and
counts only: never a petition's text, never who sent it. The text is plain, with short
lines under a header per block, so it reads well on a phone; a summary longer than one
message is split by the outbox.

``/baocao [ngay|tuan|thang|quy]``: leaders see every unit, unit heads their own unit;
anyone else is refused politely. The figures and the chart come through Services
(``stats``: storage/stats.py sharing the turn's session; ``charts``: bot/reports/chart.py,
which imports matplotlib only when a chart is drawn), so handlers depend on core only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from core.clock import local_date
from core.config import ChartKind, Config, Role
from core.ports import Repository
from core.roles import Officer
from core.summary import (
    DayCount,
    Figures,
    Item,
    Period,
    PeriodKind,
    Stats,
    period_ending,
    worst_first,
)
from core.vn_dates import format_vn_date
from handlers import texts
from handlers.options import fold
from handlers.services import Services
from handlers.turn import Turn

MAX_LISTED = 10  # petitions listed by code in a chat summary; more are counted
TREND_DAYS = 30  # the trend chart covers the 30 days ending on the summary's day


async def report_command(turn: Turn, officer: Officer, args: str) -> None:
    """``/baocao [ngay|tuan|thang|quy]`` from a registered officer (see the module doc)."""
    if officer.role not in (Role.LEADER, Role.UNIT_HEAD):
        turn.say(texts.REPORT_NOT_ALLOWED)
        return
    kind = parse_period(args)
    if kind is None:
        turn.say(texts.REPORT_USAGE)
        return
    services = turn.services
    today = local_date(services.clock.now(), services.config.ward.timezone)
    unit = None if officer.role is Role.LEADER else officer.unit_code
    figures = await _stats(turn.repo, services).figures(period_ending(kind, today), unit)
    turn.say(summary_text(figures, services.config, kind))


async def daily_figures(
    repo: Repository, services: Services, day: date, first: date | None = None
) -> Figures:
    """The figures of local day ``day`` (every unit), or of the days ``first`` to ``day``
    (the summary after rest days): the daily summary's and its chart's."""
    return await _stats(repo, services).figures(Period(first or day, day))


async def daily_summary_text(repo: Repository, services: Services, day: date) -> str:
    """The leaders' daily summary of local day ``day`` (every unit), as plain text."""
    figures = await daily_figures(repo, services, day)
    return summary_text(figures, services.config, PeriodKind.DAY)


@dataclass(frozen=True)
class ChartData:
    """What the daily chart shows, read from the database: its title and the units' bars
    (open, overdue) or, for ``summary.chart: trend``, the days. :func:`draw_chart` draws it
    once the read transaction is over."""

    title: str
    bars: tuple[tuple[str, int, int], ...] = ()
    trend: tuple[DayCount, ...] | None = None


async def chart_data(
    repo: Repository, services: Services, day: date, figures: Figures | None = None
) -> ChartData:
    """The daily summary's chart (``summary.chart`` in config.yaml) as of the end of local
    day ``day``. ``figures``: the summary's, if the caller has them already (their period
    ends on ``day``)."""
    config = services.config
    stats = _stats(repo, services)
    if config.summary.chart is ChartKind.TREND:
        period = Period(day - timedelta(days=TREND_DAYS - 1), day)
        title = texts.CHART_TREND_TITLE.format(first=short_date(period.first), last=short_date(day))
        return ChartData(title, trend=tuple(await stats.trend(period)))
    if figures is None:
        figures = await stats.figures(Period.day(day))
    bars = tuple(
        (unit_name(config, unit), tally.open_at_end, tally.overdue_at_end)
        for unit, tally in figures.by_unit(u.code for u in config.units).items()
    )
    return ChartData(texts.CHART_UNITS_TITLE.format(last=short_date(day)), bars=bars)


async def draw_chart(services: Services, data: ChartData, path: Path) -> Path | None:
    """Draw ``data`` as a PNG at ``path``; None, and no file, when there is nothing to draw.
    Drawn in a worker thread, so the event loop (and the bot) does not stall while
    matplotlib renders; call it with no transaction open (on SQLite an open one holds the
    database for every other writer meanwhile)."""
    charts = services.charts
    if data.trend is not None:
        return await asyncio.to_thread(charts.trend_chart, data.trend, data.title, path)
    return await asyncio.to_thread(charts.units_chart, data.bars, data.title, path)


def parse_period(args: str) -> PeriodKind | None:
    """The period a leader typed (with or without diacritics; nothing: yesterday)."""
    word = fold(args).replace(" ", "")  # "Tuần" -> "tuan"
    if not word:
        return PeriodKind.DAY
    try:
        return PeriodKind(word)
    except ValueError:
        return None


def summary_text(figures: Figures, config: Config, kind: PeriodKind) -> str:
    """The summary of ``figures`` as plain text for a chat (see the module doc)."""
    title = period_title(figures.period, kind)
    scope = unit_name(config, figures.unit) if figures.unit else config.ward.name
    if figures.is_empty():
        return texts.SUMMARY_EMPTY.format(title=title, scope=scope)
    blocks = [
        [title, scope],
        _received_block(figures),
        _settled_block(figures),
        _overdue_block(figures, config),
        _urgent_block(figures, config),
        [_ratings_line(figures), _on_time_line(figures)],
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def period_title(period: Period, kind: PeriodKind) -> str:
    """E.g. "TỔNG HỢP NGÀY thứ Hai, 30/11/2026", "TỔNG HỢP QUÝ IV/2026 (01/10/2026 – ...)";
    a daily summary that covers rest days too: "TỔNG HỢP CÁC NGÀY 04/12/2026 – 06/12/2026"."""
    last = period.last
    if kind is PeriodKind.DAY and period.days > 1:
        return texts.SUMMARY_TITLE_DAYS.format(
            first=short_date(period.first), last=short_date(last)
        )
    return texts.SUMMARY_TITLE[kind.value].format(
        first=short_date(period.first) if kind is not PeriodKind.DAY else "",
        last=format_vn_date(last) if kind is PeriodKind.DAY else short_date(last),
        month=f"{last.month:02d}/{last.year}",
        quarter=f"{('I', 'II', 'III', 'IV')[(last.month - 1) // 3]}/{last.year}",
    )


def unit_name(config: Config, code: str | None) -> str:
    """A unit's Vietnamese name (its code when no longer configured)."""
    return texts.NO_UNIT if code is None else config.unit_name(code)


def short_date(day: date) -> str:
    """dd/mm/yyyy."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def percent(share: float | None) -> str:
    """54%, or a dash when there is nothing to divide by."""
    return "—" if share is None else f"{round(share * 100)}%"


def capitalized(label: str) -> str:
    """The label with its first letter in capitals (KIND_LABELS are lower case)."""
    return label[:1].upper() + label[1:]


# --- blocks of the summary ------------------------------------------------------------------


def _received_block(figures: Figures) -> list[str]:
    total = figures.total.received
    lines = [texts.SUMMARY_RECEIVED.format(count=total)]
    if total:
        kinds = {
            capitalized(texts.KIND_LABELS[k]): t.received for k, t in figures.by_kind().items()
        }
        categories = {
            texts.CATEGORY_LABELS[c]: t.received for c, t in figures.by_category().items()
        }
        lines += _counted(kinds.items())
        lines += [texts.SUMMARY_BY_CATEGORY, *_counted(categories.items())]
    return lines


def _settled_block(figures: Figures) -> list[str]:
    total = figures.total
    lines = [
        texts.SUMMARY_ANSWERED.format(
            count=total.answered,
            on_time=total.answered_on_time,
            late=total.answered - total.answered_on_time,
        )
    ]
    if total.filed:
        lines.append(texts.SUMMARY_FILED.format(count=total.filed))
    return lines


def _overdue_block(figures: Figures, config: Config) -> list[str]:
    last = short_date(figures.period.last)
    by_unit = figures.by_unit(u.code for u in config.units).items()
    return [
        texts.SUMMARY_OVERDUE.format(last=last, count=figures.total.overdue_at_end),
        *_counted((unit_name(config, unit), tally.overdue_at_end) for unit, tally in by_unit),
    ]


def _urgent_block(figures: Figures, config: Config) -> list[str]:
    received, still_open = figures.urgent_received, figures.urgent_open
    if not received and not still_open:
        return []
    lines = [texts.SUMMARY_URGENT, texts.SUMMARY_URGENT_RECEIVED.format(count=len(received))]
    lines += [_urgent_line(item, config) for item in received[:MAX_LISTED]]
    lines += _more(len(received))
    lines.append(texts.SUMMARY_URGENT_OPEN.format(count=len(still_open)))
    if still_open:
        codes = ", ".join(item.code for item in still_open[:MAX_LISTED])
        lines += [texts.SUMMARY_URGENT_CODES.format(codes=codes), *_more(len(still_open))]
    return lines


def _urgent_line(item: Item, config: Config) -> str:
    return texts.SUMMARY_URGENT_ITEM.format(
        code=item.code,
        category=texts.CATEGORY_LABELS[item.category],
        unit=unit_name(config, item.unit),
        status=texts.SUMMARY_STATUS_LABELS[item.status],
    )


def _ratings_line(figures: Figures) -> str:
    ratings = figures.ratings
    if not ratings.rated:
        return texts.SUMMARY_NO_RATINGS
    return texts.SUMMARY_RATINGS.format(
        satisfied=ratings.satisfied,
        rated=ratings.rated,
        share=percent(ratings.satisfied_rate),
        unsatisfied=ratings.unsatisfied,
    )


def _on_time_line(figures: Figures) -> str:
    total = figures.total
    if total.answer_rate is None:
        return texts.SUMMARY_ON_TIME_NONE
    return texts.SUMMARY_ON_TIME.format(
        share=percent(total.answer_rate),
        on_time=total.answered_on_time,
        done=total.answered,
        overdue=total.overdue_at_end,
    )


def _counted(pairs: Iterable[tuple[str, int]]) -> list[str]:
    """One line per non-zero count, largest first."""
    return [
        texts.SUMMARY_ITEM.format(label=label, count=count)
        for label, count in worst_first(dict(pairs))
    ]


def _more(count: int) -> list[str]:
    return [texts.SUMMARY_MORE.format(count=count - MAX_LISTED)] if count > MAX_LISTED else []


def _stats(repo: Repository, services: Services) -> Stats:
    return services.stats(repo, services.config.ward.timezone)

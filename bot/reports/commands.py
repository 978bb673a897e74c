"""`danvan summary` and `danvan report`: the leaders' documents from the command line.

- ``danvan summary [--date YYYY-MM-DD] [--chart FILE.png]`` prints the daily summary of a
  local day (default: yesterday) and, when asked, writes its chart.
- ``danvan report --from DATE --to DATE [--format xlsx|md] [--output FILE] [--unit CODE]``
  writes the periodic report: Excel to ``bao-cao-FROM_TO.xlsx`` in the current directory
  by default, Markdown to stdout unless ``--output`` is given.

A bad argument or an unusable database is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.settings import Settings
from core.clock import local_date
from core.summary import Period, PeriodKind

if TYPE_CHECKING:
    from bot.app import App
    from handlers.services import Services


class Refusal(Exception):
    """An argument that cannot be used; the message says why, in one line."""


def add_arguments(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the two commands on the `danvan` parser."""
    summary = commands.add_parser("summary", help="the leaders' daily summary of one day")
    summary.add_argument("--date", help="the local day, YYYY-MM-DD (default: yesterday)")
    summary.add_argument("--chart", type=Path, help="also write the day's chart to this PNG file")

    report = commands.add_parser("report", help="the periodic report (Excel or Markdown)")
    report.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    report.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
    report.add_argument("--format", choices=("xlsx", "md"), default="xlsx")
    report.add_argument(
        "--output", type=Path, help="file to write (default: bao-cao-FROM_TO.xlsx; md: stdout)"
    )
    report.add_argument("--unit", help="one unit's code from config.yaml (default: every unit)")


async def run(settings: Settings, args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run `danvan summary` or `danvan report` (output to ``out``, default stdout); the
    exit status."""
    from bot.app import run_on_app

    command, sink = args.command, out or sys.stdout
    try:
        when = _check_arguments(settings, args)
    except Refusal as exc:
        print(f"danvan {command}: {exc}", file=sys.stderr)
        return 2

    async def work(app: App) -> None:
        if isinstance(when, Period):
            await _report(app.services, args, when, sink)
        else:
            await _summary(app.services, args, when, sink)

    return await run_on_app(settings, command, work)


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD date, or a Refusal naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refusal(f"{option} must be a date like 2026-11-30, not {text!r}") from None


def _check_arguments(settings: Settings, args: argparse.Namespace) -> date | Period | None:
    """The dates asked for, read once: `summary`'s day (None: yesterday), `report`'s period."""
    if args.command == "summary":
        return None if args.date is None else parse_day(args.date, "--date")
    first, last = parse_day(args.first, "--from"), parse_day(args.last, "--to")
    if first > last:
        raise Refusal(f"--from ({first}) is after --to ({last})")
    codes = [u.code for u in settings.config.units]
    if args.unit is not None and args.unit not in codes:
        raise Refusal(f"--unit {args.unit!r} is not a unit of config.yaml ({', '.join(codes)})")
    return Period(first, last)


async def _summary(
    services: Services, args: argparse.Namespace, day: date | None, out: TextIO
) -> None:
    from handlers.leader import chart_data, daily_figures, draw_chart, summary_text

    if day is None:
        today = local_date(services.clock.now(), services.config.ward.timezone)
        day = today - timedelta(days=1)
    async with services.store.transaction() as repo:
        figures = await daily_figures(repo, services, day)
        chart = None if args.chart is None else await chart_data(repo, services, day, figures)
    out.write(summary_text(figures, services.config, PeriodKind.DAY) + "\n")
    if chart is not None and await draw_chart(services, chart, args.chart) is None:
        print(f"danvan summary: no chart: nothing to draw for {day}", file=sys.stderr)


async def _report(
    services: Services, args: argparse.Namespace, period: Period, out: TextIO
) -> None:
    from bot.reports.tables import document
    from storage.stats import SqlStats

    config = services.config
    made_on = local_date(services.clock.now(), config.ward.timezone)
    async with services.store.transaction() as repo:
        report = await SqlStats.of(repo, config.ward.timezone).report(period, made_on, args.unit)
    doc = document(report, config)
    if args.format == "md":
        from bot.reports.markdown import render_markdown

        text = render_markdown(doc)
        if args.output is None:
            out.write(text)
            return
        args.output.write_text(text, encoding="utf-8")
        output = args.output
    else:
        from bot.reports.xlsx import write_xlsx

        output = write_xlsx(doc, args.output or default_output(period))
    out.write(f"{output}\n")


def default_output(period: Period) -> Path:
    """bao-cao-2026-07-01_2026-09-30.xlsx, in the current directory."""
    return Path(f"bao-cao-{period.first.isoformat()}_{period.last.isoformat()}.xlsx")

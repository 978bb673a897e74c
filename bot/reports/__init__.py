"""The leaders' documents: the summary's chart (PNG), the periodic report (Excel, Markdown).

The figures come from storage/stats.py (definitions in core/summary.py); these modules only
lay them out. matplotlib and openpyxl are imported by the module that needs them, so the
rest of the application does not pay for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.summary import DayCount


class LazyCharts:
    """core.summary.Charts backed by bot/reports/chart.py, imported (with matplotlib, about
    half a second) only when a chart is first drawn, not when the application starts."""

    def units_chart(
        self, bars: Sequence[tuple[str, int, int]], title: str, path: Path
    ) -> Path | None:
        """See bot.reports.chart.units_chart."""
        from bot.reports import chart

        return chart.units_chart(bars, title, path)

    def trend_chart(self, days: Sequence[DayCount], title: str, path: Path) -> Path | None:
        """See bot.reports.chart.trend_chart."""
        from bot.reports import chart

        return chart.trend_chart(days, title, path)

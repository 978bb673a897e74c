"""What the conversations need from the application, injected by bot/ (and by tests)."""

from collections.abc import Callable
from dataclasses import dataclass

from core.calendar import WorkCalendar
from core.clock import Clock
from core.config import Config
from core.labels import Category, Kind
from core.ports import Classifier, Repository, Store
from core.reception_ports import ReceptionRepository
from core.summary import Charts, StatsFactory


@dataclass(frozen=True)
class Services:
    """The configured collaborators of every handler."""

    config: Config
    store: Store
    classify: Classifier
    route: Callable[[Kind, Category], str]  # -> unit code
    calendar: WorkCalendar
    clock: Clock
    stats: StatsFactory  # the leaders' figures (storage/stats.py)
    charts: Charts  # the summary's chart (bot/reports/chart.py)
    # tiếp công dân and đối thoại in the turn's transaction (storage/reception.py)
    reception: Callable[[Repository], ReceptionRepository] | None = None

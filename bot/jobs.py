"""What the scheduler's jobs do: the deadline sweep and the leaders' daily summary.

APScheduler's persistent job store keeps a job as a reference to a module-level function
("bot.jobs:deadline_sweep") with no arguments, so nothing unpicklable is stored: a job
finds the running application through :func:`bind` / :func:`current` (bot/scheduler.py
binds it when it starts the scheduler).

Every message is recorded before it can be queued again: the reminder's key is claimed
(storage/reminders.claim) in the transaction that writes its outbox rows, one transaction
per reminder, so a restart, a re-run or a second scheduler never sends it twice, and a
failure leaves nothing half done. The channel's outbox sender delivers the rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from bot.reception_jobs import reception_round
from core.clock import local_date
from core.ports import Recipient
from core.reminders import Reminder, ReminderKind, ReminderPolicy
from core.summary import PeriodKind, daily_summary_period
from core.vn_dates import format_vn_date
from handlers import leader as leader_handlers
from handlers import texts
from handlers.services import Services
from storage.officers import SqlOfficers
from storage.reminders import ReminderCandidate, claim, reminder_candidates, sent_keys
from storage.repository import SqlStore

log = logging.getLogger(__name__)

SUMMARY_KIND = "daily-summary"
DEFAULT_CHART_DIR = Path("charts")  # in the working directory, like the default database


class CredentialKeeper(Protocol):
    """A channel's expiring credentials (Zalo's token pair), renewed by a job."""

    async def refresh_if_due(self) -> bool:
        """Renew when about to expire; True when it did."""
        ...


@dataclass(frozen=True)
class JobContext:
    """What jobs use: the application's services and store, where charts are written, who
    to tell that new outbox rows are waiting (the channels' senders), if anyone, and the
    channels' credentials to keep fresh."""

    services: Services
    store: SqlStore
    chart_dir: Path = DEFAULT_CHART_DIR
    posted: Callable[[], None] | None = None
    credentials: tuple[CredentialKeeper, ...] = ()

    def policy(self) -> ReminderPolicy:
        """The reminder rules of this deployment."""
        config = self.services.config
        return ReminderPolicy(
            config.reminders, config.deadlines, self.services.calendar, config.ward.timezone
        )


_bound: list[JobContext] = []


def bind(context: JobContext) -> None:
    """Make ``context`` the one jobs use (the latest bound wins)."""
    _bound.append(context)


def unbind(context: JobContext) -> None:
    """Forget ``context`` (the scheduler that bound it stopped)."""
    if context in _bound:
        _bound.remove(context)


def current() -> JobContext:
    """The context jobs run in; RuntimeError when no scheduler is running here."""
    if not _bound:
        raise RuntimeError("no application is bound: jobs run only under bot.scheduler")
    return _bound[-1]


# --- the deadline sweep ------------------------------------------------------------------


async def deadline_sweep() -> int:
    """Send the reminders and escalations due now (see core/reminders.py), then what
    reception sessions and dialogues are owed (bot/reception_jobs.py); return how
    many were queued. Safe to run at any time, as often as wanted, in several processes."""
    context = current()
    services = context.services
    policy = context.policy()
    now = services.clock.now()
    today = local_date(now, services.config.ward.timezone)
    async with context.store.transaction() as repo:
        candidates = await reminder_candidates(repo.session, policy.due_date_horizon(today))
        plan = [(c, r) for c in candidates for r in policy.due_now(c.facts, now)]
        done = await sent_keys(repo.session, [r.key for _, r in plan])
        plan = [(c, r) for c, r in plan if r.key not in done]
        # who gets what, looked up once per audience in this sweep (not once per reminder)
        audiences: dict[tuple[ReminderKind, str], list[Recipient]] = {}
        officers = SqlOfficers(repo.session)
        for candidate, reminder in plan:
            audience = _audience(reminder.kind, candidate)
            if audience not in audiences:
                audiences[audience] = await recipients_of(officers, *audience)
    sent, failed = 0, 0
    nobody: set[str] = set()
    for candidate, reminder in plan:
        recipients = audiences[_audience(reminder.kind, candidate)]
        if not recipients:
            # not recorded: it goes out once someone can get it, if still the one due then
            nobody.add(candidate.facts.unit_code or "?")
            continue
        try:
            sent += await _deliver(context, candidate, reminder, recipients, now)
        except Exception:
            log.exception("reminder %s could not be queued; the next sweep retries", reminder.key)
            failed += 1
    if nobody:
        log.warning(
            "reminders waiting for someone to receive them (units %s): officers register with "
            "/dangky; they are sent once someone can get them",
            ", ".join(sorted(nobody)),
        )
    _posted(context, sent)
    sent += await reception_round(context)  # tiếp công dân and đối thoại: bot/reception_jobs.py
    if failed:
        raise RuntimeError(f"{failed} reminder(s) could not be queued (see the log)")
    return sent


def _audience(kind: ReminderKind, candidate: ReminderCandidate) -> tuple[ReminderKind, str]:
    """Whom a reminder goes to, as (kind, unit): the leaders' are the same for every unit."""
    unit = candidate.facts.unit_code
    assert unit is not None, "reminders are only due for petitions at a unit"
    return kind, "" if kind is ReminderKind.OVERDUE_LEADER else unit


async def _deliver(
    context: JobContext,
    candidate: ReminderCandidate,
    reminder: Reminder,
    recipients: list[Recipient],
    now: datetime,
) -> bool:
    """Claim one reminder and queue its messages to ``recipients`` in one transaction;
    False when it was already sent (by another scheduler meanwhile)."""
    text = reminder_text(context.services, candidate, reminder)
    async with context.store.transaction() as repo:
        if not await claim(
            repo.session, reminder.key, reminder.kind.value, reminder.petition_id, now
        ):
            return False
        for recipient in recipients:
            await repo.post_message(recipient, text, (), now)
    log.info("reminder %s queued to %d chat(s)", reminder.key, len(recipients))
    return True


async def recipients_of(officers: SqlOfficers, kind: ReminderKind, unit: str) -> list[Recipient]:
    """Who gets a reminder of this kind about a petition held by ``unit``."""
    if kind is ReminderKind.OVERDUE_LEADER:
        return await officers.leaders()
    if kind in (ReminderKind.OVERDUE_HEAD, ReminderKind.URGENT_HEAD):
        return await officers.heads(unit)
    if kind is ReminderKind.URGENT:
        on_duty = await officers.people(unit_code=unit, on_duty=True)
        return on_duty or await officers.unit_inboxes(unit)
    return await officers.unit_inboxes(unit)


_TEMPLATES = {
    ReminderKind.DUE_SOON: texts.REMIND_DUE_SOON,
    ReminderKind.DUE_TODAY: texts.REMIND_DUE_TODAY,
    ReminderKind.OVERDUE_HEAD: texts.REMIND_OVERDUE_HEAD,
    ReminderKind.OVERDUE_LEADER: texts.REMIND_OVERDUE_LEADER,
    ReminderKind.URGENT: texts.REMIND_URGENT,
    ReminderKind.URGENT_HEAD: texts.REMIND_URGENT_HEAD,
}


def reminder_text(services: Services, candidate: ReminderCandidate, reminder: Reminder) -> str:
    """The reminder's message: code, kind, category, unit, due date, days, the command to
    open it. Never the petition's text nor its sender (safe for a tố cáo)."""
    return _TEMPLATES[reminder.kind].format(
        code=candidate.code,
        kind=texts.KIND_LABELS[candidate.kind],
        category=texts.CATEGORY_LABELS[candidate.category],
        unit=services.config.unit_name(candidate.facts.unit_code or ""),
        due=format_vn_date(reminder.due_date) if reminder.due_date else texts.NO_DUE,
        days=reminder.working_days,
        elapsed=elapsed_text(reminder.minutes),
        realerts=reminder.realerts,
    )


def elapsed_text(minutes: int) -> str:
    """A duration in Vietnamese: "45 phút", "2 giờ", "1 giờ 30 phút"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return texts.ELAPSED_MINUTES.format(minutes=rest)
    if not rest:
        return texts.ELAPSED_HOURS.format(hours=hours)
    return texts.ELAPSED_HOURS_MINUTES.format(hours=hours, minutes=rest)


# --- the leaders' daily summary ------------------------------------------------------------


def summary_key(leader: Recipient, day: date) -> str:
    """The key of one leader's summary of one day (the last day it covers)."""
    return f"{SUMMARY_KIND}:{leader.channel}:{leader.chat_id}:{day.isoformat()}"


async def daily_summary() -> int:
    """Send every leader the summary of the local day before, with its chart, once per
    leader and day; return to how many leaders it was queued. With
    ``summary.working_days_only`` nothing goes out on a rest day, and a working day's
    summary covers the rest days before it too (core.summary.daily_summary_period)."""
    context = current()
    services = context.services
    config = services.config
    now = services.clock.now()
    today = local_date(now, config.ward.timezone)
    period = daily_summary_period(today, services.calendar, config.summary.working_days_only)
    if period is None:
        log.info("%s is not a working day: no daily summary today", today)
        return 0
    day = period.last
    async with context.store.transaction() as repo:
        leaders = await SqlOfficers(repo.session).leaders()
        done = await sent_keys(repo.session, [summary_key(p, day) for p in leaders])
        waiting = [p for p in leaders if summary_key(p, day) not in done]
        if not waiting:
            if not leaders:
                log.warning("no leader is registered: the daily summary of %s goes to nobody", day)
            return 0
        figures = await leader_handlers.daily_figures(repo, services, day, period.first)
        chart_data = await leader_handlers.chart_data(repo, services, day, figures)
    # drawn after the transaction: on SQLite an open one holds the database meanwhile
    text = leader_handlers.summary_text(figures, config, PeriodKind.DAY)
    charts = context.chart_dir.resolve()  # the sender finds it from any directory
    chart = await leader_handlers.draw_chart(
        services, chart_data, charts / f"summary-{day.isoformat()}.png"
    )
    if period.days == 1:
        caption = texts.SUMMARY_CHART_CAPTION.format(day=format_vn_date(day))
    else:
        caption = texts.SUMMARY_CHART_CAPTION_DAYS.format(
            first=leader_handlers.short_date(period.first), last=leader_handlers.short_date(day)
        )
    sent = 0
    for person in waiting:
        async with context.store.transaction() as repo:
            if not await claim(repo.session, summary_key(person, day), SUMMARY_KIND, None, now):
                continue
            await repo.post_message(person, text, (), now)
            if chart is not None:
                await repo.post_photo(person, str(chart), caption, now)
        sent += 1
    _posted(context, sent)
    return sent


def _posted(context: JobContext, count: int) -> None:
    if count and context.posted is not None:
        context.posted()


# --- channels' credentials -------------------------------------------------------------------


async def refresh_credentials() -> int:
    """Renew the channels' credentials that are about to expire (Zalo's access token, see
    bot/channels/zalo/tokens.py); return how many were renewed. A failure is logged by the
    keeper (a dead refresh token also alerts the leaders) and retried at the next run."""
    renewed = 0
    for keeper in current().credentials:
        try:
            renewed += int(await keeper.refresh_if_due())
        except Exception:
            log.exception("renewing a channel's credentials failed; the next run retries")
    return renewed

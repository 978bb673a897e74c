"""What the scheduler owes tiếp công dân and đối thoại (rules in core/reception.py and
core/dialogue.py), run by the deadline sweep (bot/jobs.py) every few minutes. Each round,
in order:

1. plans the weekly rules' sessions up to ``reception.horizon_days`` ahead (once each);
2. publishes the sessions whose publication time has come, announcing them to subscribed
   chats, and warns the leaders about one published later than the law asks;
3. sends the host's briefing the evening before and the citizens' reminders (the day
   before, and an hour before);
4. announces dialogues, sends the host the grouped questions when they close, and
   reminds the host daily until a held dialogue's results are published.

Every message is claimed under a key (``reception-publish:ID``, ``reception-late:ID``,
``reception-brief:ID``, ``reception-remind-day:BOOKING``, ``reception-remind-hour:BOOKING``,
``dialogue-announce:ID``, ``dialogue-questions:ID``, ``dialogue-results:ID:DAY``) in the
transaction that queues it, so nothing is sent twice across restarts or schedulers. A
message nobody can receive yet (no officer registered) is not claimed: it waits.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from core.clock import local_date
from core.config import Role
from core.dialogue import DialogueRules
from core.labels import Category
from core.ports import Recipient
from core.reception import ReceptionRules
from core.reception_ports import Booking, DialogueInfo, Question, Session
from core.vn_dates import format_vn_date, format_vn_datetime
from handlers import texts
from handlers.reception import session_line
from storage.officers import SqlOfficers
from storage.reception import SqlReception
from storage.reminders import claim
from storage.repository import SqlRepository

if TYPE_CHECKING:
    from bot.jobs import JobContext

log = logging.getLogger(__name__)

REMINDER_WINDOW = timedelta(days=2)  # sessions this close are looked at for reminders
HISTORY_SHOWN = 5  # events of a linked petition in the host's briefing


def rules_of(context: JobContext) -> tuple[ReceptionRules, DialogueRules]:
    """The reception and dialogue rules of this deployment."""
    config = context.services.config
    zone = config.ward.timezone
    return (
        ReceptionRules(config.reception, context.services.calendar, zone),
        DialogueRules(config.dialogue, zone),
    )


async def reception_round(context: JobContext) -> int:
    """Plan, publish, brief, remind and announce what is due now; return how many messages
    were queued. Safe to run at any time, as often as wanted, in several processes."""
    rules, dialogue_rules = rules_of(context)
    now = context.services.clock.now()
    today = rules.local_date(now)
    planned = [rules.planned_session(p) for p in rules.plan(today, rules.horizon(today))]
    async with context.store.transaction() as repo:
        await SqlReception(repo.session).plan(planned, now)
        publish = await SqlReception(repo.session).to_publish(now, today)
        soon = await SqlReception(repo.session).starting(now, now + REMINDER_WINDOW)
        dialogues = await SqlReception(repo.session).dialogues_ahead(now)
        held = await SqlReception(repo.session).dialogues_without_results(now)
        ahead = context.services.config.reminders.before_due_working_days
        owed = await SqlReception(repo.session).results_owed(
            context.services.calendar.add_working_days(today, ahead)
        )
    sent = 0
    if context.services.calendar.is_working_day(today):
        for booking, due in owed:
            sent += await _remind_result(context, booking, due, today, now)
    for session in publish:
        if rules.publication_due(session.publish_on, now):
            sent += await _publish(context, rules, session, now)
    for session in soon:
        sent += await _remind(context, rules, session, now)
    for dialogue in dialogues:
        sent += await _dialogue_before(context, dialogue_rules, dialogue, now)
    for dialogue in held:
        day = dialogue_rules.results_reminder(dialogue.starts_at, now)
        if day is not None:
            due = dialogue_rules.results_due(dialogue.starts_at)
            text = texts.REMIND_DIALOGUE_RESULTS.format(
                id=dialogue.id, topic=dialogue.topic, due=format_vn_date(due)
            )
            key = f"dialogue-results:{dialogue.id}:{day.isoformat()}"
            sent += await _send_once(context, key, [dialogue.host], text, now)
    if sent and context.posted is not None:
        context.posted()
    return sent


async def _send_once(
    context: JobContext, key: str, recipients: Sequence[Recipient], text: str, now: datetime
) -> int:
    """Claim ``key`` and queue ``text`` to every recipient in one transaction; 1 when sent."""
    if not recipients:
        return 0
    async with context.store.transaction() as repo:
        if not await claim(repo.session, key, key.split(":", 1)[0], None, now):
            return 0
        for recipient in dict.fromkeys(recipients):
            await repo.post_message(recipient, text, (), now)
    log.info("%s queued to %d chat(s)", key, len(recipients))
    return 1


async def _leaders(context: JobContext) -> list[Recipient]:
    async with context.store.transaction() as repo:
        return await SqlOfficers(repo.session).people(roles_wanted=(Role.LEADER,))


# --- sessions ----------------------------------------------------------------------------


async def _publish(
    context: JobContext, rules: ReceptionRules, session: Session, now: datetime
) -> int:
    """Publish a session and announce it to the subscribed chats (one transaction)."""
    services = context.services
    line = session_line(services, session)
    text = texts.SESSION_ANNOUNCED.format(session=line, capacity=session.capacity)
    async with context.store.transaction() as repo:
        reception = SqlReception(repo.session)
        if not await reception.mark_published(session.id, now):
            return 0
        if not await claim(repo.session, f"reception-publish:{session.id}", "reception", None, now):
            return 0
        for chat in await reception.subscribers():
            await repo.post_message(chat, text, (), now)
    sent = 1
    if rules.published_late(session.day, now):
        warning = texts.SESSION_LATE_WARNING.format(
            session=line,
            days=rules.notice_working_days(session.day, now),
            required=services.config.reception.publish_working_days,
        )
        key = f"reception-late:{session.id}"
        sent += await _send_once(context, key, await _leaders(context), warning, now)
    return sent


async def _remind(
    context: JobContext, rules: ReceptionRules, session: Session, now: datetime
) -> int:
    """The host's briefing and the booked citizens' reminders due now."""
    sent = 0
    line = session_line(context.services, session)
    async with context.store.transaction() as repo:
        bookings = await SqlReception(repo.session).bookings_in(session.id)
        briefing = None
        if rules.briefing_due(session.starts_at, now):
            briefing = await _briefing(repo, context, bookings, line)
            hosts = await _hosts(SqlOfficers(repo.session), session)
    if briefing is not None:
        sent += await _send_once(context, f"reception-brief:{session.id}", hosts, briefing, now)
    reminder = rules.citizen_reminder(session.starts_at, now)
    if reminder is None:
        return sent
    for booking in bookings:
        text = texts.REMIND_BOOKING[reminder.value].format(
            number=booking.queue_number, session=line
        )
        sent += await _send_once(context, f"{reminder.value}:{booking.id}", [booking.to], text, now)
    return sent


async def _remind_result(
    context: JobContext, booking: Booking, due: date, today: date, now: datetime
) -> int:
    """The host is reminded that a heard citizen is owed the result: once when it comes
    within ``reminders.before_due_working_days``, once more when it is due (or past).
    Called on working days only."""
    async with context.store.transaction() as repo:
        session = await SqlReception(repo.session).session(booking.session_id)
        hosts = await _hosts(SqlOfficers(repo.session), session) if session else []
    if session is None:
        return 0
    stage = "due" if today >= due else "soon"
    text = texts.REMIND_RECEPTION_RESULT[stage].format(
        number=booking.queue_number,
        name=booking.name or "",
        matter=booking.matter,
        session=session_line(context.services, session),
        due=format_vn_date(due),
    )
    key = f"reception-result-{stage}:{booking.id}:{due.isoformat()}"
    return await _send_once(context, key, hosts, text, now)


async def _hosts(officers: SqlOfficers, session: Session) -> list[Recipient]:
    """Who gets a session's briefing: the heads of its host unit (else the unit's inbox),
    or the leaders when the session names no unit."""
    if session.host_unit is None:
        return await officers.people(roles_wanted=(Role.LEADER,))
    heads = await officers.people(unit_code=session.host_unit, roles_wanted=(Role.UNIT_HEAD,))
    return heads or await officers.unit_inboxes(session.host_unit)


async def _briefing(
    repo: SqlRepository, context: JobContext, bookings: Sequence[Booking], line: str
) -> str:
    """The host's list: each booked citizen with their matter and linked petition's history."""
    zone = context.services.config.ward.timezone
    lines = [texts.BRIEFING_HEADER.format(session=line, count=len(bookings))]
    if not bookings:
        lines.append(texts.BRIEFING_EMPTY)
    for booking in bookings:
        lines.append(
            texts.BRIEFING_LINE.format(
                number=booking.queue_number,
                name=booking.name or texts.UNKNOWN_VALUE,
                category=texts.CATEGORY_LABELS[Category(booking.category)],
                matter=booking.matter,
            )
        )
        if booking.petition_code is None:
            continue
        petition = await repo.petition_by_code(booking.petition_code)
        if petition is None:
            continue
        due = format_vn_date(petition.due_date) if petition.due_date else texts.NO_DUE
        lines.append(
            texts.BRIEFING_PETITION.format(
                code=petition.code,
                status=texts.SUMMARY_STATUS_LABELS[petition.status],
                due=due,
            )
        )
        for event in (await repo.history(petition.id))[-HISTORY_SHOWN:]:
            lines.append(
                texts.BRIEFING_EVENT.format(
                    at=format_vn_date(local_date(event.at, zone)),
                    action=texts.EVENT_LABELS.get(event.action, event.action),
                )
            )
    lines.append(texts.BRIEFING_FOOTER)
    return "\n".join(lines)


# --- dialogues ---------------------------------------------------------------------------


async def _dialogue_before(
    context: JobContext, rules: DialogueRules, dialogue: DialogueInfo, now: datetime
) -> int:
    """The announcement (7 days before) and the host's grouped questions (at the cut-off)."""
    sent = 0
    starts = dialogue.starts_at.astimezone(rules.zone)
    if rules.announcement_due(dialogue.starts_at, now):
        text = texts.DIALOGUE_ANNOUNCED.format(
            topic=dialogue.topic,
            when=format_vn_datetime(starts),
            place=dialogue.place,
            cohosts=texts.DIALOGUE_COHOSTS.format(cohosts=dialogue.cohosts)
            if dialogue.cohosts
            else "",
            close=format_vn_datetime(dialogue.questions_close_at.astimezone(rules.zone)),
        )
        async with context.store.transaction() as repo:
            reception = SqlReception(repo.session)
            if await claim(repo.session, f"dialogue-announce:{dialogue.id}", "dialogue", None, now):
                await reception.mark_announced(dialogue.id, now)
                for chat in await reception.subscribers():
                    await repo.post_message(chat, text, (), now)
                sent += 1
    if now >= dialogue.questions_close_at:
        async with context.store.transaction() as repo:
            questions = await SqlReception(repo.session).questions(dialogue.id)
        text = grouped_questions(dialogue, questions)
        sent += await _send_once(
            context, f"dialogue-questions:{dialogue.id}", [dialogue.host], text, now
        )
    return sent


def grouped_questions(dialogue: DialogueInfo, questions: Sequence[Question]) -> str:
    """The host's list: questions by topic (category), a merged group once with its size."""
    merged: dict[int, int] = {}
    for question in questions:
        if question.merged_into is not None:
            merged[question.merged_into] = merged.get(question.merged_into, 0) + 1
    by_category: dict[str, list[Question]] = {}
    for question in questions:
        if question.merged_into is None:
            by_category.setdefault(question.category, []).append(question)
    lines = [
        texts.QUESTIONS_HEADER.format(id=dialogue.id, topic=dialogue.topic, count=len(questions))
    ]
    if not questions:
        lines.append(texts.QUESTIONS_NONE)
    for category, group in sorted(by_category.items(), key=lambda item: -len(item[1])):
        lines.append(texts.QUESTIONS_TOPIC.format(topic=texts.CATEGORY_LABELS[Category(category)]))
        for question in group:
            same = merged.get(question.id, 0)
            lines.append(
                texts.QUESTIONS_LINE.format(
                    text=question.text,
                    same=texts.QUESTIONS_SAME.format(count=same + 1) if same else "",
                )
            )
    lines.append(texts.QUESTIONS_FOOTER.format(id=dialogue.id))
    return "\n".join(lines)

"""Citizens and tiếp công dân / đối thoại, on every channel.

* `/lichtiepdan` lists the published sessions ahead with their free places and a button
  to book each open one. Booking asks for the matter in one sentence (classified like a
  petition) or one of the citizen's petitions to link, then confirms with a queue number
  and a cancel button; a full or closed session offers the next one with a free place.
  `/huylich` lists the citizen's bookings to cancel.
* `/theodoi` / `/huytheodoi` subscribe the chat to announcements of sessions and
  dialogues, or unsubscribe it.
* `/doithoai` lists the dialogues taking questions; a question is classified and merged
  with a near-duplicate one already asked (the answer goes to both askers).

Booking, subscribing and asking store what the citizen gives, so they need the privacy
consent (viewing does not). The chosen session or dialogue waits in ``state.about``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.clock import local_date
from core.labels import Category
from core.lifecycle import is_open
from core.ports import Recipient
from core.reception_ports import Booking, BookingRefused, NewBooking, ReceptionRepository, Session
from core.vn_dates import format_vn_date, format_vn_datetime
from handlers import texts
from handlers.channel import Choice, Command, Event, Option, Text
from handlers.officers import read_event
from handlers.options import MIN_LETTERS, letters
from handlers.services import Services
from handlers.state import Step
from handlers.turn import Turn
from nlp.similar import best_match

COMMANDS = frozenset({"lichtiepdan", "huylich", "theodoi", "huytheodoi", "doithoai"})
BOOK, LINK, CANCEL, ASK = "rb:", "rl:", "rx:", "dq:"
PREFIXES = (BOOK, LINK, CANCEL, ASK)
NO_LINK = LINK + "-"
SHOWN = 5  # sessions in /lichtiepdan, petitions offered to link
_STEPS = frozenset({Step.RECEPTION_MATTER, Step.DIALOGUE_QUESTION})
_NEEDS_CONSENT = frozenset({"theodoi", "huylich"})
MAX_MATTER = 1000


async def handle(turn: Turn, event: Event) -> bool:
    """Handle a reception or dialogue command, button or step; False when not ours."""
    factory = turn.services.reception
    if factory is None:
        return False
    state = turn.state
    event, ours = read_event(turn, event, COMMANDS, PREFIXES)
    command = event.name if isinstance(event, Command) else None
    choice = event.value if isinstance(event, Choice) else None
    if command is None and not ours:
        if state.step not in _STEPS:
            return False
    elif command is not None and state.step in _STEPS:
        _leave(turn)
        if command == "huy":
            turn.say(texts.CANCELLED)
            return True
    if command is not None and command not in COMMANDS:
        return False
    reception = factory(turn.repo)
    if (command in _NEEDS_CONSENT or choice or state.step in _STEPS) and not await _consented(turn):
        _leave(turn)
        turn.say(texts.RECEPTION_CONSENT_FIRST)
        return True
    if command is not None:
        await _command(turn, reception, command)
    elif choice is not None:
        await _choice(turn, reception, choice)
    elif state.step is Step.RECEPTION_MATTER:
        await _matter(turn, reception, event)
    else:
        await _question(turn, reception, event)
    return True


async def _consented(turn: Turn) -> bool:
    notice = turn.services.config.privacy.notice_version
    return await turn.repo.has_consent(turn.citizen.id, notice)


def _leave(turn: Turn) -> None:
    state = turn.state
    if state.step in _STEPS:
        state.step, state.about, state.question, state.options = Step.IDLE, None, None, []


def _too_short(text: str) -> bool:
    """Too few letters to be a matter or a question (the citizen flow's measure)."""
    return letters(text) < MIN_LETTERS


def _here(turn: Turn) -> Recipient:
    return Recipient(turn.sender.channel, turn.sender.external_id)


def _now(turn: Turn) -> datetime:
    return turn.services.clock.now()


async def _command(turn: Turn, reception: ReceptionRepository, name: str) -> None:
    if name == "lichtiepdan":
        await _schedule(turn, reception)
    elif name == "huylich":
        await _my_bookings(turn, reception)
    elif name == "theodoi":
        new = await reception.subscribe(turn.citizen.id, _here(turn), _now(turn))
        turn.say(texts.SUBSCRIBED if new else texts.ALREADY_SUBSCRIBED)
    elif name == "huytheodoi":
        gone = await reception.unsubscribe(_here(turn))
        turn.say(texts.UNSUBSCRIBED if gone else texts.NOT_SUBSCRIBED)
    else:
        await _dialogues(turn, reception)


async def _choice(turn: Turn, reception: ReceptionRepository, value: str) -> None:
    prefix, _, rest = value.partition(":")
    prefix += ":"
    if prefix == LINK and turn.state.step is not Step.RECEPTION_MATTER:
        turn.say(texts.BUTTON_EXPIRED)
    elif prefix == LINK:
        await _matter(turn, reception, Choice(value))
    elif not rest.isdigit():
        turn.say(texts.BUTTON_EXPIRED)
    elif prefix == BOOK:
        await _pick_session(turn, reception, int(rest))
    elif prefix == CANCEL:
        await _cancel(turn, reception, int(rest))
    else:
        await _pick_dialogue(turn, reception, int(rest))


# --- the schedule and booking ------------------------------------------------------------


def session_line(services: Services, session: Session) -> str:
    """One session as citizens and officers read it: when, who, where."""
    zone = services.config.ward.timezone
    start, end = (t.astimezone(ZoneInfo(zone)) for t in (session.starts_at, session.ends_at))
    moved = (
        texts.SESSION_MOVED.format(day=format_vn_date(session.moved_from))
        if session.moved_from
        else ""
    )
    return texts.SESSION_LINE.format(
        day=format_vn_date(session.day),
        start=f"{start:%H:%M}",
        end=f"{end:%H:%M}",
        host=session.host,
        place=session.place,
        moved=moved,
    )


async def _schedule(turn: Turn, reception: ReceptionRepository) -> None:
    """`/lichtiepdan`: the published sessions ahead and their free places."""
    now = _now(turn)
    sessions = await reception.upcoming(now, SHOWN)
    if not sessions:
        turn.say(texts.SCHEDULE_EMPTY)
        return
    lines, options = [texts.SCHEDULE_HEADER], []
    for number, session in enumerate(sessions, 1):
        if now >= session.booking_closes_at:
            places = texts.SCHEDULE_CLOSED
        elif session.full:
            places = texts.SCHEDULE_FULL
        else:
            places = texts.SCHEDULE_FREE.format(free=session.capacity - session.booked)
            options.append(
                Option(f"{BOOK}{session.id}", texts.BOOK_BUTTON.format(day=_short(session)))
            )
        lines.append(f"{number}. {session_line(turn.services, session)}\n   {places}")
    lines.append(texts.SCHEDULE_FOOTER)
    turn.ask("\n".join(lines), options)


def _short(session: Session) -> str:
    return f"{session.day:%d/%m}"


async def _pick_session(turn: Turn, reception: ReceptionRepository, session_id: int) -> None:
    now = _now(turn)
    session = await reception.session(session_id)
    if session is None or session.published_at is None or now >= session.starts_at:
        turn.say(texts.BUTTON_EXPIRED)
        return
    if now >= session.booking_closes_at or session.full:
        await _offer_next(turn, reception, session, BookingRefused.FULL if session.full else "")
        return
    mine = await reception.bookings_of(turn.citizen.id, now)
    if any(b.session_id == session.id for b in mine):
        turn.say(texts.BOOKED_TWICE)
        return
    petitions = [
        p for p in await turn.repo.petitions_of(turn.citizen.id, SHOWN * 2) if is_open(p.status)
    ][:SHOWN]
    options = [Option(f"{LINK}{p.code}", texts.LINK_BUTTON.format(code=p.code)) for p in petitions]
    turn.state.step, turn.state.about = Step.RECEPTION_MATTER, str(session.id)
    turn.ask(
        texts.ASK_MATTER.format(session=session_line(turn.services, session))
        + (texts.ASK_MATTER_OR_LINK if options else ""),
        options,
    )


async def _offer_next(
    turn: Turn, reception: ReceptionRepository, session: Session, reason: str
) -> None:
    """A full or closed session: say so and offer the next one with a free place."""
    _leave(turn)
    said = texts.SESSION_FULL if reason == BookingRefused.FULL else texts.SESSION_CLOSED
    following = await reception.next_bookable(session.starts_at, _now(turn))
    if following is None:
        turn.say(f"{said} {texts.NO_NEXT_SESSION}")
        return
    turn.ask(
        f"{said} {texts.NEXT_SESSION.format(session=session_line(turn.services, following))}",
        [Option(f"{BOOK}{following.id}", texts.BOOK_BUTTON.format(day=_short(following)))],
    )


async def _matter(turn: Turn, reception: ReceptionRepository, event: Event) -> None:
    """The matter typed, or a petition picked: book the session chosen before."""
    services, state = turn.services, turn.state
    session_id = int(state.about or 0)
    petition_id, kind, category = None, None, None
    if isinstance(event, Choice) and event.value != NO_LINK:
        found = await turn.repo.petition_for_owner(event.value.removeprefix(LINK), turn.citizen.id)
        if found is None:
            turn.say(texts.BUTTON_EXPIRED)
            return
        petition = found[0]
        matter = texts.MATTER_OF_PETITION.format(code=petition.code)
        petition_id, kind, category = petition.id, petition.kind.value, petition.category.value
    else:
        matter = event.text.strip() if isinstance(event, Text) else ""
        if _too_short(matter):
            turn.say(texts.MATTER_TOO_SHORT)
            return
        matter = matter[:MAX_MATTER]
        prediction = services.classify(matter)
        kind, category = prediction.kind.value, prediction.category.value
    _leave(turn)
    new = NewBooking(
        session_id, turn.citizen.id, _here(turn), matter, kind, category, petition_id, _now(turn)
    )
    try:
        booking = await reception.book(new)
    except BookingRefused as refused:
        session = await reception.session(session_id)
        if refused.reason == BookingRefused.TWICE:
            turn.say(texts.BOOKED_TWICE)
        elif session is None or refused.reason == BookingRefused.UNKNOWN:
            turn.say(texts.BUTTON_EXPIRED)
        else:
            await _offer_next(turn, reception, session, refused.reason)
        return
    session = await reception.session(session_id)
    assert session is not None
    turn.ask(
        texts.BOOKED.format(
            number=booking.queue_number,
            session=session_line(services, session),
            category=texts.CATEGORY_LABELS[Category(category)],
        ),
        [Option(f"{CANCEL}{booking.id}", texts.CANCEL_BOOKING_BUTTON)],
    )


async def _my_bookings(turn: Turn, reception: ReceptionRepository) -> None:
    """`/huylich`: the citizen's bookings ahead, each with a cancel button."""
    bookings = await reception.bookings_of(turn.citizen.id, _now(turn))
    if not bookings:
        turn.say(texts.NO_BOOKINGS)
        return
    lines, options = [texts.MY_BOOKINGS], []
    for booking in bookings:
        session = await reception.session(booking.session_id)
        assert session is not None
        lines.append(_booking_line(turn, booking, session))
        options.append(
            Option(f"{CANCEL}{booking.id}", texts.CANCEL_ONE.format(number=booking.queue_number))
        )
    turn.ask("\n".join(lines), options)


def _booking_line(turn: Turn, booking: Booking, session: Session) -> str:
    return texts.BOOKING_LINE.format(
        number=booking.queue_number, session=session_line(turn.services, session)
    )


async def _cancel(turn: Turn, reception: ReceptionRepository, booking_id: int) -> None:
    cancelled = await reception.cancel(booking_id, turn.citizen.id, _now(turn))
    turn.state.question, turn.state.options = None, []
    if cancelled is None:
        turn.say(texts.BOOKING_NOT_FOUND)
        return
    turn.say(texts.BOOKING_CANCELLED.format(number=cancelled.queue_number))


# --- dialogues -----------------------------------------------------------------------------


async def _dialogues(turn: Turn, reception: ReceptionRepository) -> None:
    """`/doithoai`: the dialogues taking questions."""
    dialogues = await reception.open_dialogues(_now(turn))
    if not dialogues:
        turn.say(texts.NO_DIALOGUES)
        return
    zone = turn.services.config.ward.timezone
    lines, options = [texts.DIALOGUES_HEADER], []
    for dialogue in dialogues:
        starts = dialogue.starts_at.astimezone(ZoneInfo(zone))
        lines.append(
            texts.DIALOGUE_LINE.format(
                topic=dialogue.topic,
                when=format_vn_datetime(starts),
                place=dialogue.place,
            )
        )
        options.append(
            Option(f"{ASK}{dialogue.id}", texts.ASK_BUTTON.format(topic=dialogue.topic[:40]))
        )
    turn.ask("\n".join(lines), options)


async def _pick_dialogue(turn: Turn, reception: ReceptionRepository, dialogue_id: int) -> None:
    dialogue = await reception.dialogue(dialogue_id)
    if dialogue is None or _now(turn) >= dialogue.questions_close_at:
        turn.say(texts.QUESTIONS_CLOSED)
        return
    turn.state.step, turn.state.about = Step.DIALOGUE_QUESTION, str(dialogue.id)
    turn.ask(texts.ASK_QUESTION.format(topic=dialogue.topic))


async def _question(turn: Turn, reception: ReceptionRepository, event: Event) -> None:
    """A question for the dialogue chosen before: classified, merged with a near-duplicate."""
    text = event.text.strip() if isinstance(event, Text) else ""
    if _too_short(text):
        turn.say(texts.MATTER_TOO_SHORT)
        return
    dialogue = await reception.dialogue(int(turn.state.about or 0))
    _leave(turn)
    now = _now(turn)
    if dialogue is None or now >= dialogue.questions_close_at:
        turn.say(texts.QUESTIONS_CLOSED)
        return
    text = text[:MAX_MATTER]
    category = turn.services.classify(text).category.value
    firsts = [q for q in await reception.questions(dialogue.id) if q.merged_into is None]
    threshold = turn.services.config.dialogue.merge_threshold
    match = best_match(text, ((q.id, q.text) for q in firsts), threshold)
    await reception.add_question(
        dialogue.id,
        turn.citizen.id,
        _here(turn),
        text,
        category,
        match.key if match else None,
        now,
    )
    day = local_date(dialogue.starts_at, turn.services.config.ward.timezone)
    turn.say(texts.QUESTION_THANKS.format(topic=dialogue.topic, day=format_vn_date(day)))

"""The citizen's conversation: consent, the petition text, what is missing, filing, lookups.

Written once against handlers.channel; every channel runs exactly this flow. The flow
asks only for what the kind of đơn needs (DOMAIN.md sections 3 and 4), and a citizen who
accepts every default reaches a filed petition in at most four exchanges after the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from core.clock import local_date
from core.deadlines import due_on_receipt
from core.faq import best_faq_match
from core.labels import Category, Kind
from core.lifecycle import Action
from core.ports import Actor, Contact, NewPetition, Petition
from core.vn_dates import format_vn_date
from handlers import followup, linking, officer_work, reception, texts
from handlers.channel import Choice, Command, Event, Location, Media, Option, Text
from handlers.lookup import list_mine, lookup
from handlers.options import MIN_LETTERS, NO, YES, chosen, fold, letters
from handlers.state import Draft, Step
from handlers.turn import Turn
from nlp.extract import extract
from nlp.normalize import MAX_CHARS, normalize, strip_diacritics
from nlp.redact import redact
from nlp.similar import best_match

MAX_TEXT_CHARS = 20_000
_LIMIT = f"{MAX_TEXT_CHARS:,}".replace(",", ".")  # written the Vietnamese way: 20.000
DUPLICATE_CANDIDATES = 200  # open petitions compared with a new one, newest first

# Categories about a physical place: a field report needs to say where.
PLACE_CATEGORIES = frozenset(
    {
        Category.DAT_DAI,
        Category.XAY_DUNG,
        Category.TRAT_TU_DO_THI,
        Category.HA_TANG_GIAO_THONG,
        Category.MOI_TRUONG,
        Category.AN_NINH_TRAT_TU,
    }
)
_HIDE_WORDS = frozenset({"giau ten", "an danh", "toi muon giau ten", "khong muon neu ten"})
_PHONE = re.compile(r"^(?:\+?84|0)(\d{9,10})$")
_NAME = re.compile(r"^[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+)*\.?$")

OTHER_CATEGORY, OTHER_KIND, CANCEL, ALL = "other_category", "other_kind", "cancel", "all"
UNKNOWN_PLACE, WITH_NAME, ANONYMOUS, HIDE_NAME, VIA_CHAT = (
    "no_place",
    "with_name",
    "anonymous",
    "hide_name",
    "via_chat",
)
USE_NAME, USE_PHONE, FAQ_DONE, FAQ_SEND = "use_name", "phone:", "faq_done", "faq_send"
GIVE_NAME = "give_name"
CATEGORY_PREFIX, KIND_PREFIX = "cat:", "kind:"


async def handle(turn: Turn, event: Event) -> None:
    """Process one event of a citizen's chat."""
    state = turn.state
    _expire_stale_draft(turn)
    state.touched_at = turn.received_at.isoformat()
    offered = state.offered()
    if await reception.handle(turn, event):  # tiếp công dân, đối thoại, /theodoi
        return
    if isinstance(event, Command):
        await _command(turn, event)
        return
    notice = turn.services.config.privacy.notice_version
    if not await turn.repo.has_consent(turn.citizen.id, notice):
        await _without_consent(turn, event, offered)
        return
    if state.step in (Step.NEW, Step.CONSENT):
        state.step = Step.IDLE
    if await followup.handle(turn, event):
        return
    if isinstance(event, Media | Location) and await _attach(turn, event):
        return
    await _STEPS[state.step](turn, event, offered)


def _expire_stale_draft(turn: Turn) -> None:
    """Drop a petition left unfinished too long: a message days later is a new matter."""
    state = turn.state
    if state.draft is None or state.touched_at is None:
        return
    hours = turn.services.config.conversation.draft_expiry_hours
    if turn.received_at - datetime.fromisoformat(state.touched_at) < timedelta(hours=hours):
        return
    _reset(turn)
    turn.say(texts.DRAFT_EXPIRED.format(hours=hours))


# --- consent -------------------------------------------------------------------------------


async def _refuse_consent(turn: Turn) -> None:
    """Record a refusal (or withdrawal) and forget everything that is not part of a petition."""
    notice = turn.services.config.privacy.notice_version
    await turn.repo.record_consent(turn.citizen.id, False, notice, turn.sender.channel, _now(turn))
    await turn.repo.forget_unfiled_messages(turn.citizen.id)
    source = turn.state.source
    _reset(turn, Step.NEW)
    turn.state.source = source


async def _without_consent(turn: Turn, event: Event, offered: list[Option]) -> None:
    state = turn.state
    answer = chosen(offered, event) if state.step is Step.CONSENT else None
    if answer is None:
        _keep_pending(turn, event)
        if state.step is Step.CONSENT and isinstance(event, Text | Choice):
            turn.say(texts.CONSENT_NEEDED)
        _ask_consent(turn)
        return
    config = turn.services.config
    if answer.value != YES:
        await _refuse_consent(turn)
        turn.say(texts.CONSENT_REFUSED.format(hotline=config.ward.hotline or "trụ sở phường"))
        return
    await turn.repo.record_consent(
        turn.citizen.id, True, config.privacy.notice_version, turn.sender.channel, _now(turn)
    )
    turn.say(texts.CONSENT_THANKS)
    state.step = Step.IDLE
    pending = state.pending_message_ids
    if not pending:
        turn.say(texts.ASK_FOR_TEXT)
        return
    parts = [await turn.repo.inbound_text(message_id) for message_id in pending]
    since = datetime.fromisoformat(state.pending_since) if state.pending_since else None
    state.pending_message_ids, state.pending_since = [], None
    await _new_text(turn, "\n".join(p for p in parts if p), pending, since)


def _keep_pending(turn: Turn, event: Event) -> None:
    """Keep what was sent before consent, to continue with it once consent is given."""
    state = turn.state
    if isinstance(event, Text) and letters(event.text) >= MIN_LETTERS:
        state.pending_message_ids.append(turn.message_id)
    elif isinstance(event, Media):
        if turn.attachment_id is not None:
            state.pending_attachment_ids.append(turn.attachment_id)
        if event.caption:
            state.pending_message_ids.append(turn.message_id)
    elif isinstance(event, Location):
        state.pending_location = [event.latitude, event.longitude]
    else:
        return
    if state.pending_since is None and state.pending_message_ids:
        state.pending_since = turn.received_at.isoformat()


def _ask_consent(turn: Turn) -> None:
    turn.state.step = Step.CONSENT
    turn.ask(
        texts.PRIVACY_NOTICE.format(ward=turn.services.config.ward.name),
        [Option(YES, texts.CONSENT_YES), Option(NO, texts.CONSENT_NO)],
    )


# --- a new petition text ---------------------------------------------------------------------


async def _idle(turn: Turn, event: Event, offered: list[Option]) -> None:
    if isinstance(event, Text):
        await _new_text(turn, event.text, [turn.message_id])
    else:
        turn.say(texts.ASK_FOR_TEXT)


async def _new_text(
    turn: Turn, text: str, message_ids: list[int], received_at: datetime | None = None
) -> None:
    """Classify a new petition text and confirm it; ``received_at`` is its legal receipt."""
    text = text.strip()
    if not text:
        turn.say(texts.EMPTY_TEXT)
        return
    if len(text) > MAX_TEXT_CHARS:
        turn.say(texts.TOO_LONG.format(limit=_LIMIT))
        return
    if letters(text) < MIN_LETTERS:
        turn.say(texts.NOT_UNDERSTOOD)
        return
    state = turn.state
    prediction = turn.services.classify(text)
    draft = Draft(
        text=text,
        message_ids=list(message_ids),
        received_at=(received_at or turn.received_at).isoformat(),
        kind=prediction.kind.value,
        category=prediction.category.value,
        urgent=prediction.urgent,
        confidence=prediction.confidence,
        ranking=[category.value for category, _ in prediction.categories],
        attachment_ids=list(state.pending_attachment_ids),
    )
    if state.pending_location:
        draft.latitude, draft.longitude = state.pending_location
    _read_details(draft, turn.services.config.nlp.confidence_threshold)
    state.draft = draft
    state.pending_attachment_ids, state.pending_location = [], None
    if prediction.kind is Kind.HOI_DAP and _answer_from_faq(turn, text):
        return
    if prediction.confidence < turn.services.config.nlp.confidence_threshold:
        _ask_category(turn, unsure=True)
        return
    _confirm(turn)


def _read_details(draft: Draft, threshold: float) -> None:
    """Take what the text already says (an address, a phone number) so it is not asked."""
    details = extract(draft.text[:MAX_CHARS], wards=False)
    if details.addresses:
        draft.place = "; ".join(span.text for span in details.addresses)[:500]
    if details.phones:
        draft.phone_in_text = details.phones[0].value
    draft.uncertain = draft.confidence < threshold


def _answer_from_faq(turn: Turn, text: str) -> bool:
    config = turn.services.config
    match = best_faq_match(config.faq, strip_diacritics(normalize(text)))
    if match is None or match.score < config.nlp.faq_min_score:
        return False
    turn.state.step = Step.FAQ
    turn.ask(
        texts.FAQ_ANSWER.format(answer=match.entry.answer),
        [Option(FAQ_DONE, texts.FAQ_DONE), Option(FAQ_SEND, texts.FAQ_SEND)],
    )
    return True


async def _faq(turn: Turn, event: Event, offered: list[Option]) -> None:
    answer = chosen(offered, event)
    if answer is not None and answer.value == FAQ_SEND:
        _confirm(turn)
    elif answer is not None:
        _reset(turn)
        turn.say(texts.FAQ_THANKS)
    elif isinstance(event, Text):
        await _new_text(turn, event.text, [turn.message_id])
    else:
        turn.insist()


# --- confirming kind, category and unit ----------------------------------------------------


def _confirm(turn: Turn) -> None:
    draft = _draft(turn)
    kind, category = Kind(draft.kind), Category(draft.category)
    unit = turn.services.config.unit(turn.services.route(kind, category))
    if draft.urgent:
        turn.say(texts.URGENT_NOTICE)
    turn.state.step = Step.CONFIRM
    turn.ask(
        texts.CONFIRM.format(
            kind=texts.KIND_LABELS[kind], category=texts.CATEGORY_LABELS[category], unit=unit.name
        ),
        [
            Option(YES, texts.CONFIRM_YES),
            Option(OTHER_CATEGORY, texts.CONFIRM_OTHER_CATEGORY),
            Option(OTHER_KIND, texts.CONFIRM_OTHER_KIND),
            Option(CANCEL, texts.CANCEL),
        ],
    )


async def _confirming(turn: Turn, event: Event, offered: list[Option]) -> None:
    answer = chosen(offered, event)
    if answer is None:
        if isinstance(event, Text) and len(event.text.split()) >= 3:
            _add_to_text(turn, event.text)
        else:
            turn.say(texts.CHOOSE_AN_OPTION)
        _confirm(turn)
    elif answer.value == YES:
        await _next_missing(turn)
    elif answer.value == OTHER_CATEGORY:
        _ask_category(turn, unsure=False)
    elif answer.value == OTHER_KIND:
        _ask_kind(turn)
    else:
        _cancel(turn)


def _add_to_text(turn: Turn, addition: str) -> None:
    """Append what the citizen added to the petition being written (within the size limit)."""
    draft = _draft(turn)
    text = f"{draft.text}\n{addition.strip()}"
    if len(text) > MAX_TEXT_CHARS:
        turn.say(texts.TOO_LONG.format(limit=_LIMIT))
        return
    draft.text = text
    draft.message_ids.append(turn.message_id)
    turn.say(texts.TEXT_ADDED)


def _ask_category(turn: Turn, unsure: bool) -> None:
    ranking = [Category(value) for value in _draft(turn).ranking] or list(Category)
    ranking += [c for c in Category if c not in ranking]
    shown = ranking[:3] if unsure else ranking
    options = [Option(CATEGORY_PREFIX + c.value, texts.CATEGORY_LABELS[c]) for c in shown]
    if unsure:
        options.append(Option(ALL, texts.ALL_CATEGORIES))
    turn.state.step = Step.PICK_CATEGORY
    turn.ask(texts.UNSURE_CATEGORY if unsure else texts.PICK_CATEGORY, options)


async def _picking_category(turn: Turn, event: Event, offered: list[Option]) -> None:
    answer = chosen(offered, event)
    if answer is None:
        turn.insist()
    elif answer.value == ALL:
        _ask_category(turn, unsure=False)
    else:
        _draft(turn).category = answer.value.removeprefix(CATEGORY_PREFIX)
        _confirm(turn)


def _ask_kind(turn: Turn) -> None:
    turn.state.step = Step.PICK_KIND
    turn.ask(
        texts.PICK_KIND,
        [Option(KIND_PREFIX + k.value, texts.KIND_LABELS[k].capitalize()) for k in Kind],
    )


async def _picking_kind(turn: Turn, event: Event, offered: list[Option]) -> None:
    answer = chosen(offered, event)
    if answer is None:
        turn.insist()
        return
    _draft(turn).kind = answer.value.removeprefix(KIND_PREFIX)
    _confirm(turn)


# --- asking only what is missing ------------------------------------------------------------


async def _next_missing(turn: Turn) -> None:
    draft = _draft(turn)
    kind = Kind(draft.kind)
    has_place = draft.place is not None or draft.latitude is not None
    if kind is Kind.KIEN_NGHI_PHAN_ANH:
        if Category(draft.category) in PLACE_CATEGORIES and not has_place and not draft.place_asked:
            _ask_place(turn)
        elif not draft.identity_chosen:
            _ask_identity(turn)
        else:
            await _file(turn)
    elif kind in (Kind.KHIEU_NAI, Kind.TO_CAO) and not draft.anonymous:
        if draft.full_name is None:
            _ask_name(turn)
        elif not draft.contact_done:
            _ask_phone(turn)
        else:
            await _file(turn)
    else:
        await _file(turn)


def _ask_place(turn: Turn) -> None:
    turn.state.step = Step.PLACE
    turn.ask(texts.ASK_PLACE, [Option(UNKNOWN_PLACE, texts.PLACE_UNKNOWN)])


async def _placing(turn: Turn, event: Event, offered: list[Option]) -> None:
    draft = _draft(turn)
    answer = chosen(offered, event)
    if answer is not None:
        draft.place_asked = True
    elif isinstance(event, Text) and event.text.strip():
        draft.place = event.text.strip()[:500]
        draft.message_ids.append(turn.message_id)
    else:
        turn.repeat()
        return
    await _next_missing(turn)


def _ask_identity(turn: Turn) -> None:
    turn.state.step = Step.IDENTITY
    turn.ask(
        texts.ASK_IDENTITY_PA,
        [Option(WITH_NAME, texts.WITH_MY_NAME), Option(ANONYMOUS, texts.ANONYMOUS)],
    )


async def _identifying(turn: Turn, event: Event, offered: list[Option]) -> None:
    answer = chosen(offered, event)
    if answer is None:
        turn.insist()
        return
    draft = _draft(turn)
    draft.identity_chosen, draft.anonymous = True, answer.value == ANONYMOUS
    await _next_missing(turn)


def _known_name(turn: Turn) -> str | None:
    """A name that looks like a person's (the saved one, else the account's), or None."""
    for candidate in (turn.citizen.full_name, turn.sender.display_name, turn.citizen.display_name):
        name = " ".join("".join(c for c in candidate or "" if c.isalpha() or c in " .'-").split())
        if name and _NAME.match(name):
            return name
    return None


def _ask_name(turn: Turn) -> None:
    kind = Kind(_draft(turn).kind)
    question = texts.ASK_NAME.format(kind_label=texts.KIND_LABELS[kind].capitalize())
    options = []
    name = _known_name(turn)
    if name:
        options.append(Option(USE_NAME, texts.USE_NAME.format(name=name)))
    if kind is Kind.TO_CAO:
        question += texts.ASK_NAME_TO_CAO_NOTE
        options.append(Option(HIDE_NAME, texts.HIDE_MY_NAME))  # confirmed before it applies
    turn.state.step = Step.NAME
    turn.ask(question, options)


def _ask_hide_name(turn: Turn) -> None:
    turn.state.step = Step.HIDE_NAME
    turn.ask(
        texts.CONFIRM_HIDE_NAME,
        [Option(GIVE_NAME, texts.GIVE_MY_NAME), Option(HIDE_NAME, texts.HIDE_MY_NAME)],
    )


async def _hiding_name(turn: Turn, event: Event, offered: list[Option]) -> None:
    answer = chosen(offered, event)
    if answer is None:  # perhaps they typed their name right away
        await _naming(turn, event, [])
    elif answer.value == HIDE_NAME:
        _draft(turn).anonymous = True
        await _next_missing(turn)
    else:
        _ask_name(turn)


async def _naming(turn: Turn, event: Event, offered: list[Option]) -> None:
    draft = _draft(turn)
    answer = chosen(offered, event)
    wants_hidden = (answer is not None and answer.value == HIDE_NAME) or (
        isinstance(event, Text) and fold(event.text) in _HIDE_WORDS
    )
    if wants_hidden and Kind(draft.kind) is Kind.TO_CAO:
        _ask_hide_name(turn)
        return
    if answer is not None:
        draft.full_name = _known_name(turn)
    elif isinstance(event, Text) and _NAME.match(name := " ".join(event.text.split())):
        draft.full_name = name[:200]
        draft.identity_message_ids.append(turn.message_id)
    else:
        turn.say(texts.BAD_NAME)
        _ask_name(turn)
        return
    await _next_missing(turn)


def _ask_phone(turn: Turn) -> None:
    options = []
    for phone in dict.fromkeys(p for p in (_draft(turn).phone_in_text, turn.citizen.phone) if p):
        options.append(Option(USE_PHONE + phone, texts.USE_PHONE.format(phone=phone)))
    options.append(Option(VIA_CHAT, texts.CONTACT_VIA_CHAT))
    turn.state.step = Step.PHONE
    turn.ask(texts.ASK_CONTACT, options)


async def _phoning(turn: Turn, event: Event, offered: list[Option]) -> None:
    draft = _draft(turn)
    answer = chosen(offered, event)
    if answer is not None:
        draft.phone = answer.value.removeprefix(USE_PHONE) if answer.value != VIA_CHAT else None
    elif isinstance(event, Text) and (phone := _phone(event.text)):
        draft.phone = phone
        draft.identity_message_ids.append(turn.message_id)
    else:
        turn.say(texts.BAD_PHONE)
        _ask_phone(turn)
        return
    draft.contact_done = True
    await _next_missing(turn)


def _phone(text: str) -> str | None:
    digits = re.sub(r"[\s.\-()]", "", text)
    match = _PHONE.match(digits)
    return "0" + match.group(1) if match else None


# --- filing ----------------------------------------------------------------------------------


async def _file(turn: Turn) -> None:
    services, draft = turn.services, _draft(turn)
    config = services.config
    kind, category = Kind(draft.kind), Category(draft.category)
    unit_code = services.route(kind, category)
    denounced = kind is Kind.TO_CAO  # also when kept as an anonymous lead below
    anonymous_to_cao = denounced and draft.anonymous
    if anonymous_to_cao:
        kind = Kind.KIEN_NGHI_PHAN_ANH  # a lead, without tố cáo deadlines (Điều 25.1)
    received_at = datetime.fromisoformat(draft.received_at)
    received_day = local_date(received_at, config.ward.timezone)
    deadline = due_on_receipt(config.deadlines, services.calendar, kind, received_day)
    if draft.anonymous:
        contact = Contact(full_name=None, phone=None, address=None, confidential=True)
    else:
        contact = Contact(
            full_name=draft.full_name or _known_name(turn),
            phone=draft.phone,
            address=None,
            confidential=kind is Kind.TO_CAO,
        )
    duplicate = None
    if kind is Kind.KIEN_NGHI_PHAN_ANH and not anonymous_to_cao:
        duplicate = await _open_duplicate(turn, draft.text, category, unit_code, received_at)
    redacted = None
    if contact.confidential:
        known = [n for n in (draft.full_name, _known_name(turn), turn.citizen.full_name) if n]
        redacted = redact(draft.text[:MAX_TEXT_CHARS], known)
    citizen = Actor("citizen", turn.citizen.id)
    petition = await turn.repo.create_petition(
        NewPetition(
            citizen_id=turn.citizen.id,
            channel=turn.sender.channel,
            kind=kind,
            category=category,
            urgent=draft.urgent,
            confidence=draft.confidence,
            text=draft.text,
            received_at=received_at,
            code_year=received_day.year,
            anonymous=draft.anonymous,
            # a denouncer's "where" is often their own home: it stays in the text only
            place=None if denounced else draft.place,
            latitude=None if denounced else draft.latitude,
            longitude=None if denounced else draft.longitude,
            source=turn.state.source,
            contact=contact,
            attachment_ids=draft.attachment_ids,
            uncertain=draft.uncertain,
            redacted_text=redacted,
        ),
        citizen,
    )
    await turn.repo.link_messages(petition.id, draft.message_ids)
    await turn.repo.redact_messages(petition.id, draft.identity_message_ids, texts.IDENTITY_MOVED)
    note = texts.ANONYMOUS_TO_CAO if anonymous_to_cao else None
    routed = await turn.repo.apply(
        petition.id,
        Action.ROUTE,
        Actor.system(),
        _now(turn),
        note,
        unit_code=unit_code,
        due_date=deadline.due,
        due_rule=deadline.rule_id,
    )
    if kind is not Kind.TO_CAO and (draft.full_name or draft.phone):
        await turn.repo.update_citizen_contact(turn.citizen.id, draft.full_name, draft.phone)
    _reset(turn)
    turn.say(
        texts.FILED.format(
            kind=texts.KIND_LABELS[kind],
            code=petition.code,
            unit=config.unit(unit_code).name,
            due=format_vn_date(deadline.due),
        )
    )
    if duplicate is not None:
        cluster = duplicate.cluster_id or duplicate.id
        await turn.repo.join_cluster(petition.id, cluster, turn.citizen.id, _now(turn))
        turn.say(texts.ALREADY_HANDLED.format(code=duplicate.code))
        routed = replace(routed, cluster_id=cluster)
    await officer_work.announce(turn, routed)
    if anonymous_to_cao:
        turn.say(texts.ANONYMOUS_TO_CAO)
    if draft.urgent:
        turn.say(texts.URGENT_NOTICE)


async def _open_duplicate(
    turn: Turn, text: str, category: Category, unit_code: str, received_at: datetime
) -> Petition | None:
    """An open petition about the same problem in the same place, if there is one."""
    settings = turn.services.config.nlp
    if settings.duplicate_window_days == 0:
        return None
    since = received_at - timedelta(days=settings.duplicate_window_days)
    candidates = await turn.repo.open_petitions_like(
        category, unit_code, since, DUPLICATE_CANDIDATES
    )
    match = best_match(
        text[:MAX_CHARS],
        ((p, p.text[:MAX_CHARS]) for p in candidates),
        settings.duplicate_threshold,
    )
    return match.key if match is not None else None


# --- photos and locations along the way ---------------------------------------------------


async def _attach(turn: Turn, event: Media | Location) -> bool:
    """Keep a photo or location with the petition being written; True when handled here."""
    state, draft = turn.state, turn.state.draft
    if isinstance(event, Location):
        if draft is None:
            state.pending_location = [event.latitude, event.longitude]
        else:
            draft.latitude, draft.longitude = event.latitude, event.longitude
        if state.step is Step.PLACE:
            await _next_missing(turn)
            return True
        turn.say(texts.LOCATION_RECEIVED)
    else:
        media = texts.MEDIA_NAMES.get(event.media_type, texts.MEDIA_NAMES["document"])
        if draft is None:
            if turn.attachment_id is not None:
                state.pending_attachment_ids.append(turn.attachment_id)
            if event.caption and event.caption.strip():
                await _new_text(turn, event.caption, [turn.message_id])
                return True
            turn.say(texts.PHOTO_WITHOUT_TEXT.format(media=media))
            return True
        if turn.attachment_id is not None:
            draft.attachment_ids.append(turn.attachment_id)
        turn.say(texts.PHOTO_RECEIVED.format(media=media))
        if event.caption and event.caption.strip():
            _add_to_text(turn, event.caption)
    if state.step is not Step.IDLE:
        turn.repeat()
    return True


# --- commands ----------------------------------------------------------------------------------


async def _command(turn: Turn, command: Command) -> None:
    state = turn.state
    if command.name == "start":
        source = command.args[:64] or state.source
        busy_with_consent = not await turn.repo.has_consent(
            turn.citizen.id, turn.services.config.privacy.notice_version
        )
        _reset(turn, Step.NEW if busy_with_consent else Step.IDLE)
        state.source = source
        if busy_with_consent:
            _ask_consent(turn)
        else:
            turn.say(texts.ASK_FOR_TEXT)
    elif command.name == "huy":
        if state.step is Step.CONSENT:  # leaving the consent question is not consenting
            await turn.repo.forget_unfiled_messages(turn.citizen.id)
            _cancel(turn)
        elif state.draft is None and state.step in (Step.IDLE, Step.NEW):
            turn.say(texts.NOTHING_TO_CANCEL)
        else:
            _cancel(turn)
    elif command.name == "rutdongy":
        await _refuse_consent(turn)
        turn.say(texts.CONSENT_WITHDRAWN)
    elif command.name == "trogiup":
        turn.say(texts.HELP)
    elif command.name == "tracuu":
        await lookup(turn, command.args)
    elif command.name == "cuatoi":
        await list_mine(turn)
    elif command.name == "lienket":
        await linking.handle(turn, command.args)
    else:
        turn.say(texts.UNKNOWN_COMMAND.format(name=command.name[:32]))


# --- helpers -----------------------------------------------------------------------------------


def _draft(turn: Turn) -> Draft:
    draft = turn.state.draft
    if draft is None:
        raise RuntimeError(f"step {turn.state.step} needs a draft petition and there is none")
    return draft


def _reset(turn: Turn, step: Step = Step.IDLE) -> None:
    state = turn.state
    state.step, state.draft, state.question, state.options = step, None, None, []
    state.about = None
    state.pending_message_ids, state.pending_attachment_ids, state.pending_location = [], [], None
    state.pending_since = None


def _cancel(turn: Turn) -> None:
    consented = turn.state.step not in (Step.NEW, Step.CONSENT)
    _reset(turn, Step.IDLE if consented else Step.NEW)
    turn.say(texts.CANCELLED)


def _now(turn: Turn) -> datetime:
    return turn.services.clock.now()


_STEPS = {
    Step.IDLE: _idle,
    Step.FAQ: _faq,
    Step.CONFIRM: _confirming,
    Step.PICK_CATEGORY: _picking_category,
    Step.PICK_KIND: _picking_kind,
    Step.PLACE: _placing,
    Step.IDENTITY: _identifying,
    Step.NAME: _naming,
    Step.HIDE_NAME: _hiding_name,
    Step.PHONE: _phoning,
}

"""Messages to people other than the one who wrote: a unit, its head, a petition's sender.

Everything goes through the outbox in the current turn's transaction (Repository.post_*),
so a notice is sent if and only if what caused it is committed. A notice that asks a
question (a citizen asked for more information, or to rate an answer) also becomes that
chat's pending question when the chat is not busy with something else, so a typed "1" or
a plain text answer works on every channel, buttons or not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.config import Role
from core.ports import Petition, Recipient
from handlers.channel import Option
from handlers.officers import OfficerRepository
from handlers.state import ConversationState, Step
from handlers.turn import Turn

StateChange = Callable[[ConversationState], None]

# Steps a follow-up question may replace: nothing is being typed there (a citizen typing
# information or a comment for one petition keeps doing so; the new message's buttons work).
_NOT_BUSY = frozenset({Step.IDLE, Step.RATE})


def _officers(turn: Turn) -> OfficerRepository:
    if turn.officers is None:
        raise RuntimeError("officers' notices need storage with officers (SqlOfficers)")
    return turn.officers


def _pairs(options: Sequence[Option]) -> list[tuple[str, str]]:
    return [(option.value, option.label) for option in options]


async def post(
    turn: Turn,
    to: Recipient,
    text: str,
    options: Sequence[Option] = (),
    petition_id: int | None = None,
) -> None:
    """Queue one message to ``to`` (``petition_id``: the petition it tells about)."""
    await turn.repo.post_message(to, text, _pairs(options), turn.services.clock.now(), petition_id)


async def to_unit(
    turn: Turn, unit_code: str, text: str, options: Sequence[Option] = ()
) -> list[Recipient]:
    """Tell a unit (its group, else its officers); return where it went."""
    inboxes = await _officers(turn).unit_inboxes(unit_code)
    for inbox in inboxes:
        await post(turn, inbox, text, options)
    return inboxes


async def to_heads(turn: Turn, unit_code: str, text: str) -> None:
    """Tell the unit's heads privately (nobody when the unit has none registered)."""
    for head in await _officers(turn).people(unit_code=unit_code, roles_wanted=(Role.UNIT_HEAD,)):
        await post(turn, head, text)


async def to_on_duty(turn: Turn, unit_code: str, text: str, options: Sequence[Option]) -> None:
    """Alert the unit's officers on duty privately (urgent petitions)."""
    for officer in await _officers(turn).people(unit_code=unit_code, on_duty=True):
        await post(turn, officer, text, options)


async def to_sender(
    turn: Turn,
    petition: Petition,
    text: str,
    options: Sequence[Option] = (),
    step: Step | None = None,
) -> None:
    """Tell a petition's sender (their identity is only used to deliver); with ``step``,
    the message becomes their chat's pending question if the chat is not busy."""
    for chat in await turn.repo.owner_chats(petition.id):
        await post(turn, chat, text, options, petition.id)
        if step is not None:
            await offer(turn, chat, text, options, step, petition.code)


async def to_followers(turn: Turn, petition: Petition, text: str) -> None:
    """Tell the citizens who joined the petition's near-duplicate cluster."""
    for chat in await turn.repo.subscriber_chats(petition.cluster_id or petition.id):
        await post(turn, chat, text, petition_id=petition.id)


async def offer(
    turn: Turn, chat: Recipient, question: str, options: Sequence[Option], step: Step, about: str
) -> None:
    """Make ``question`` the pending question of another chat (or of this one), unless
    that chat is in the middle of something (then the buttons of the message still work)."""

    def apply(state: ConversationState) -> None:
        if state.step in _NOT_BUSY and state.draft is None and state.task is None:
            state.step, state.about = step, about
            state.question, state.options = question, [[o.value, o.label] for o in options]

    await edit_state(turn, chat, apply)


async def edit_state(turn: Turn, chat: Recipient, change: StateChange) -> None:
    """Change the saved state of a chat: this turn's own state, or another chat's (locked,
    loaded, changed and saved inside the turn's transaction). Another chat that is busy in
    a turn of its own is left as it is, rather than waited for (two turns changing each
    other's chat would deadlock): the message is queued all the same, and its buttons
    work."""
    if (chat.channel, chat.chat_id) == (turn.sender.channel, turn.sender.external_id):
        change(turn.state)
        return
    at = turn.services.clock.now()
    await turn.repo.ensure_conversation(chat.channel, chat.chat_id, at)
    free, saved = await turn.repo.load_free_conversation(chat.channel, chat.chat_id)
    if not free:
        return
    state = ConversationState.from_dict(saved)
    change(state)
    await turn.repo.save_conversation(chat.channel, chat.chat_id, state.to_dict(), at)

"""The entry point of every channel: persist first, then run the conversation.

1. In its own transaction, the incoming event is stored (with its sender) and committed,
   so nothing a citizen sends is lost whatever fails later.
2. In a second transaction the conversation runs, holding a lock on the chat's state so
   that one chat's messages are processed one at a time (a double tap cannot file twice);
   its changes, the new state and the message's "processed" mark commit together or not
   at all.
A platform re-sending the same update (same external id) is recognised and ignored.
When step 1 itself fails, :meth:`Dispatcher.handle` raises: nothing was stored, and the
channel must say so (or let the platform re-send).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from core.ports import Repository
from handlers import citizen, officer_work, officers, texts
from handlers.channel import Choice, Command, Event, Incoming, Location, Media, Reply, Text
from handlers.services import Services
from handlers.state import ConversationState
from handlers.turn import Turn

log = logging.getLogger(__name__)

# Called inside the turn's transaction with its replies (e.g. to put them in an outbox, so
# that they are committed together with what the message changed).
ReplySink = Callable[[Repository, Incoming, list[Reply]], Awaitable[None]]


class Dispatcher:
    """Turns incoming events into replies, for any channel."""

    def __init__(
        self,
        services: Services,
        *,
        reply_sink: ReplySink | None = None,
        officer_repository: officers.OfficerRepositoryFactory | None = None,
    ) -> None:
        self.services = services
        self.reply_sink = reply_sink
        self.officer_repository = officer_repository

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Process one incoming event and return the replies to send (none for a re-send)."""
        sender, event = incoming.sender, _cleaned(incoming.event)
        store = self.services.store
        async with store.transaction() as repo:
            person = await repo.identify(
                sender.channel, sender.external_id, sender.display_name, incoming.received_at
            )
            text, payload = _describe(event)
            message_id = await repo.record_inbound(
                person.id,
                sender.channel,
                type(event).__name__.lower(),
                text,
                payload,
                incoming.received_at,
                incoming.external_id,
            )
            if message_id is None:
                log.info("ignoring re-sent %s update %s", sender.channel, incoming.external_id)
                return []
            await repo.ensure_conversation(sender.channel, sender.external_id, incoming.received_at)
            attachment_id = None
            if isinstance(event, Media):
                attachment_id = await repo.add_attachment(
                    person.id,
                    message_id,
                    event.media_type,
                    sender.channel,
                    event.file_id,
                    event.size,
                    incoming.received_at,
                )
        try:
            async with store.transaction() as repo:
                saved = await repo.load_conversation(sender.channel, sender.external_id)
                turn = Turn(
                    services=self.services,
                    repo=repo,
                    sender=sender,
                    citizen=person,
                    message_id=message_id,
                    received_at=incoming.received_at,
                    state=ConversationState.from_dict(saved),
                    attachment_id=attachment_id,
                )
                if self.officer_repository is not None:
                    turn.officers = self.officer_repository(repo)
                await _converse(turn, event)
                now = self.services.clock.now()
                await repo.save_conversation(
                    sender.channel, sender.external_id, turn.state.to_dict(), now
                )
                await repo.mark_processed(message_id, now)
                if self.reply_sink is not None:
                    await self.reply_sink(repo, incoming, turn.replies)
        except Exception:
            log.exception("processing message %s failed; it is kept unprocessed", message_id)
            failed = [Reply(texts.SAVED_BUT_FAILED)]
            if self.reply_sink is not None:
                try:
                    async with store.transaction() as repo:
                        await self.reply_sink(repo, incoming, failed)
                except Exception:
                    log.exception("could not queue the failure notice for message %s", message_id)
            return failed
        return turn.replies


async def _converse(turn: Turn, event: Event) -> None:
    """Registration commands, then officers' work, then (never in a group) the citizen."""
    if await officers.handle(turn, event, turn.officers):
        return
    if turn.officers is not None and await officer_work.handle(turn, event, turn.officers):
        return
    if not officers.is_group(turn.sender):  # in a group, nothing else is for the bot
        await citizen.handle(turn, event)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean_text(text: str) -> str:
    """NFC (some phones send decomposed letters); NUL and broken surrogates, which no
    database can store as text, become U+FFFD. Everything else is kept as sent."""
    return unicodedata.normalize("NFC", _UNSTORABLE.sub("\ufffd", text))


def _cleaned(event: Event) -> Event:
    """The event with its text cleaned (see _clean_text)."""
    if isinstance(event, Text):
        return Text(_clean_text(event.text))
    if isinstance(event, Media) and event.caption:
        return replace(event, caption=_clean_text(event.caption))
    if isinstance(event, Command):
        return Command(event.name, _clean_text(event.args))
    return event


def _describe(event: Event) -> tuple[str | None, dict[str, Any]]:
    """The text and the structured payload to store for an event."""
    if isinstance(event, Text):
        return event.text, {}
    if isinstance(event, Choice):
        return None, {"value": event.value}
    if isinstance(event, Media):
        return event.caption, {
            "media_type": event.media_type,
            "file_id": event.file_id,
            "size": event.size,
        }
    if isinstance(event, Location):
        return None, {"latitude": event.latitude, "longitude": event.longitude}
    assert isinstance(event, Command)
    if event.name in officers.COMMANDS and event.args:  # an invite code is a credential
        return f"/{event.name} {texts.CODE_HIDDEN}", {"command": event.name}
    return f"/{event.name} {event.args}".strip(), {"command": event.name, "args": event.args}

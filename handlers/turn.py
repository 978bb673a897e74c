"""One turn of a conversation: who wrote, what is known, and the replies being built."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from core.ports import Citizen, Repository
from handlers import texts
from handlers.channel import Option, Reply, Sender
from handlers.services import Services
from handlers.state import ConversationState

if TYPE_CHECKING:
    from handlers.officers import OfficerRepository


@dataclass
class Turn:
    """The context a handler works in while processing one incoming event."""

    services: Services
    repo: Repository
    sender: Sender
    citizen: Citizen
    message_id: int
    received_at: datetime
    state: ConversationState
    attachment_id: int | None = None
    officers: OfficerRepository | None = None  # None when storage does not provide officers
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> None:
        """Queue a plain reply."""
        self.replies.append(Reply(text))

    def ask(self, question: str, options: Sequence[Option] = ()) -> None:
        """Queue a question; the next answer is read against its options."""
        self.replies.append(Reply(question, tuple(options)))
        self.state.question = question
        self.state.options = [[o.value, o.label] for o in options]

    def insist(self) -> None:
        """The answer was none of the options: say so and ask the same question again."""
        self.say(texts.CHOOSE_AN_OPTION)
        self.repeat()

    def repeat(self) -> None:
        """Ask the pending question again (after an invalid answer or an interruption)."""
        if self.state.question:
            self.ask(self.state.question, self.state.offered())

"""A chat's conversation state, saved as JSON between messages (survives restarts)."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from handlers.channel import Option

log = logging.getLogger(__name__)


class Step(StrEnum):
    """What the bot is waiting for."""

    NEW = "new"  # nothing yet: the privacy notice comes first
    CONSENT = "consent"
    IDLE = "idle"  # ready for a new petition
    CONFIRM = "confirm"
    PICK_CATEGORY = "pick_category"
    PICK_KIND = "pick_kind"
    PLACE = "place"
    IDENTITY = "identity"  # phản ánh: with my name or anonymous
    NAME = "name"
    HIDE_NAME = "hide_name"  # a denouncer asked to stay anonymous: confirm the consequence
    PHONE = "phone"
    FAQ = "faq"
    PROVIDE_INFO = "provide_info"  # a unit asked for more information about ``about``
    RATE = "rate"  # the unit answered ``about``: satisfied or not?
    RATE_COMMENT = "rate_comment"  # not satisfied: what is wrong (optional)
    RECEPTION_MATTER = "reception_matter"  # booking session ``about``: the matter, or a petition
    DIALOGUE_QUESTION = "dialogue_question"  # a question for dialogue ``about``


@dataclass
class Draft:
    """A petition being put together."""

    text: str
    message_ids: list[int]
    received_at: str  # ISO 8601 of the first message: the legal receipt time
    kind: str
    category: str
    urgent: bool
    confidence: float
    ranking: list[str]  # categories, most likely first
    place: str | None = None
    place_asked: bool = False
    latitude: float | None = None
    longitude: float | None = None
    identity_chosen: bool = False
    anonymous: bool = False
    full_name: str | None = None
    phone: str | None = None
    contact_done: bool = False
    identity_message_ids: list[int] = field(default_factory=list)  # name/phone as typed
    uncertain: bool = False  # the classifier was below its confidence threshold
    phone_in_text: str | None = None  # a phone number the text itself gives
    attachment_ids: list[int] = field(default_factory=list)


@dataclass
class ConversationState:
    """Everything the bot remembers about one chat between two messages."""

    step: Step = Step.NEW
    question: str | None = None  # the pending question, repeated after an interruption
    options: list[list[str]] = field(default_factory=list)  # [value, label] now on offer
    draft: Draft | None = None
    pending_message_ids: list[int] = field(default_factory=list)  # text sent before consent
    pending_attachment_ids: list[int] = field(default_factory=list)
    pending_location: list[float] | None = None
    pending_since: str | None = None  # ISO time of the first pending message (legal receipt)
    source: str | None = None  # deep-link tag, e.g. a QR code on a notice board
    touched_at: str | None = None  # ISO time of the last message handled
    about: str | None = None  # the petition code a follow-up step (info, rating) is about
    task: dict[str, Any] | None = None  # an officer's action waiting for its text
    link_failures: list[str] = field(default_factory=list)  # ISO times of wrong link codes

    def offered(self) -> list[Option]:
        """The options currently on offer."""
        return [Option(value, label) for value, label in self.options]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ConversationState:
        """Rebuild a saved state; an unreadable one (e.g. from an older release) starts over."""
        if not data:
            return cls()
        try:
            draft = data.get("draft")
            return cls(
                step=Step(data.get("step", Step.NEW)),
                question=data.get("question"),
                options=[[str(v), str(label)] for v, label in data.get("options", [])],
                draft=Draft(**draft) if draft else None,
                pending_message_ids=list(data.get("pending_message_ids", [])),
                pending_attachment_ids=list(data.get("pending_attachment_ids", [])),
                pending_location=data.get("pending_location"),
                pending_since=data.get("pending_since"),
                source=data.get("source"),
                touched_at=data.get("touched_at"),
                about=data.get("about"),
                task=dict(data["task"]) if data.get("task") else None,
                link_failures=[str(t) for t in data.get("link_failures", [])],
            )
        except (TypeError, ValueError):
            # never log the values: a draft holds names, phone numbers, the petition text
            log.warning("discarding unreadable conversation state (keys: %s)", sorted(data))
            return cls()

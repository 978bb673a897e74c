"""The seams between the domain and the outside: what handlers need from storage and NLP.

Handlers depend on these protocols only; storage/ and nlp/ implement them and bot/ wires
them together. Records are plain frozen dataclasses, so nothing database-shaped leaks out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from core.labels import Category, Kind
from core.lifecycle import Action, FilingReason, Status

# A channel reports a group chat as the channel ``<name>_group`` (e.g. ``telegram_group``),
# with the group's id as the chat id; the people in it are on ``<name>``.
GROUP_SUFFIX = "_group"


class Prediction(Protocol):
    """What the classifier says about a text."""

    @property
    def kind(self) -> Kind: ...
    @property
    def category(self) -> Category: ...
    @property
    def urgent(self) -> bool: ...
    @property
    def confidence(self) -> float: ...
    @property
    def categories(self) -> tuple[tuple[Category, float], ...]:
        """Every category ranked by probability, best first."""
        ...


class Classifier(Protocol):
    """``classify(text) -> Prediction``."""

    def __call__(self, text: str) -> Prediction: ...


@dataclass(frozen=True)
class Citizen:
    """A person who writes to the ward (one row whatever the channel)."""

    id: int
    display_name: str | None
    full_name: str | None
    phone: str | None


@dataclass(frozen=True)
class Contact:
    """How to reach the sender of one petition; kept apart from its content."""

    full_name: str | None
    phone: str | None
    address: str | None
    confidential: bool  # a denouncer or an anonymous sender: only the confidential handler sees it


@dataclass(frozen=True)
class Actor:
    """Who did something to a petition (citizen, officer or system) and their id."""

    type: str
    id: int | None = None

    @staticmethod
    def system() -> Actor:
        """The bot itself."""
        return Actor("system")


@dataclass(frozen=True)
class Recipient:
    """Where a message goes: a chat on a channel (a person's private chat or a group)."""

    channel: str
    chat_id: str
    is_group: bool = False


@dataclass(frozen=True)
class NewPetition:
    """Everything needed to file a petition."""

    citizen_id: int
    channel: str
    kind: Kind
    category: Category
    urgent: bool
    confidence: float
    text: str
    received_at: datetime
    code_year: int  # local year of receipt, part of the tracking code
    anonymous: bool
    contact: Contact  # stored apart from the content; the only link to the sender
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    source: str | None = None  # e.g. a QR code's deep-link tag
    attachment_ids: Sequence[int] = ()
    uncertain: bool = False  # the classifier was unsure: an officer should check the labels
    redacted_text: str | None = None  # what units see when the sender must stay hidden


@dataclass(frozen=True)
class Petition:
    """A filed petition as the application reads it."""

    id: int
    code: str
    kind: Kind
    category: Category
    urgent: bool
    status: Status
    unit_code: str | None
    received_at: datetime
    due_date: date | None
    due_rule: str | None
    text: str
    anonymous: bool
    channel: str
    cluster_id: int | None = None  # the first petition of its near-duplicate cluster
    redacted_text: str | None = None  # what units see when the sender must stay hidden
    confidential: bool = False  # the sender is a denouncer or anonymous (see Contact)
    uncertain: bool = False
    place: str | None = None
    accepted_at: datetime | None = None
    answered_at: datetime | None = None
    rating: str | None = None  # "satisfied" / "unsatisfied"
    version: int = 1  # grows with every change of status


@dataclass(frozen=True)
class AttachmentRef:
    """A file a citizen sent with a petition (kept on the channel, referenced by id)."""

    media_type: str
    channel: str
    file_id: str


@dataclass(frozen=True)
class PetitionEvent:
    """One line of a petition's append-only history."""

    at: datetime
    actor: Actor
    action: str
    from_status: Status | None
    to_status: Status | None
    note: str | None


LINK_CODE_DIGITS = 6  # the one-time code that links a citizen's accounts on two channels


class Redeemed(StrEnum):
    """What typing a link code did."""

    LINKED = "linked"
    UNKNOWN = "unknown"  # no such code, expired or used
    SAME_CHANNEL = "same_channel"  # both accounts on one channel: not a second channel
    ALREADY = "already"  # the two accounts are one citizen already


class PetitionMoved(LookupError):
    """The petition is no longer at the unit an action was decided for."""


class Repository(Protocol):
    """Reads and writes inside one transaction."""

    async def identify(
        self, channel: str, external_id: str, display_name: str | None, at: datetime
    ) -> Citizen:
        """The citizen behind a channel identity, created on first contact."""
        ...

    async def record_inbound(
        self,
        citizen_id: int,
        channel: str,
        kind: str,
        text: str | None,
        payload: Mapping[str, Any],
        received_at: datetime,
        external_id: str | None = None,
    ) -> int | None:
        """Persist an incoming message before anything else happens; return its id.

        None when a message with the same channel and external id was already recorded
        (the platform re-sent it).
        """
        ...

    async def mark_processed(self, message_id: int, at: datetime) -> None:
        """Record that the handler finished with a message."""
        ...

    async def inbound_text(self, message_id: int) -> str | None:
        """The text of a persisted incoming message."""
        ...

    async def forget_unfiled_messages(self, citizen_id: int) -> int:
        """Delete a citizen's messages that belong to no petition; return how many."""
        ...

    async def record_consent(
        self, citizen_id: int, granted: bool, notice_version: str, channel: str, at: datetime
    ) -> None:
        """Append a consent decision."""
        ...

    async def has_consent(self, citizen_id: int, notice_version: str) -> bool:
        """Whether the citizen's latest decision on this notice is a grant."""
        ...

    async def ensure_conversation(self, channel: str, external_id: str, at: datetime) -> None:
        """Create the chat's conversation record if it is missing."""
        ...

    async def load_conversation(self, channel: str, external_id: str) -> dict[str, Any] | None:
        """The saved state of a chat, locked until the transaction ends (one turn at a time)."""
        ...

    async def load_free_conversation(
        self, channel: str, external_id: str
    ) -> tuple[bool, dict[str, Any] | None]:
        """Another chat's state if it is not busy (True, state), else (False, None)."""
        ...

    async def save_conversation(
        self, channel: str, external_id: str, state: Mapping[str, Any], at: datetime
    ) -> None:
        """Save (replace) a chat's conversation state."""
        ...

    async def add_attachment(
        self,
        citizen_id: int,
        message_id: int,
        media_type: str,
        channel: str,
        channel_file_id: str,
        size: int | None,
        at: datetime,
    ) -> int:
        """Record an attachment's metadata (not yet tied to a petition); return its id."""
        ...

    async def update_citizen_contact(
        self, citizen_id: int, full_name: str | None, phone: str | None
    ) -> None:
        """Remember the name/phone a citizen gave, to offer them next time."""
        ...

    async def create_petition(self, new: NewPetition, actor: Actor) -> Petition:
        """Insert a petition in status received, with its code and a first event."""
        ...

    async def apply(
        self,
        petition_id: int,
        action: Action,
        actor: Actor,
        at: datetime,
        note: str | None = None,
        *,
        unit_code: str | None = None,
        due_date: date | None = None,
        due_rule: str | None = None,
        reason: FilingReason | None = None,
        held_by: str | None = None,
    ) -> Petition:
        """Move a petition through the lifecycle, appending an event; with ``held_by``,
        raise PetitionMoved when the petition is no longer at that unit."""
        ...

    async def link_messages(self, petition_id: int, message_ids: Sequence[int]) -> None:
        """Tie the messages a petition was built from to it (they are kept with it)."""
        ...

    async def redact_messages(
        self, petition_id: int, message_ids: Sequence[int], placeholder: str
    ) -> None:
        """Replace the text of messages whose content now lives in petition_contacts."""
        ...

    async def open_petitions_like(
        self, category: Category, unit_code: str, since: datetime, limit: int
    ) -> list[Petition]:
        """Open, non-confidential petitions of a category at a unit received since ``since``."""
        ...

    async def join_cluster(
        self, petition_id: int, cluster_id: int, citizen_id: int, at: datetime
    ) -> None:
        """Link a petition to a near-duplicate cluster and subscribe its sender to it."""
        ...

    async def petition_for_owner(
        self, code: str, citizen_id: int
    ) -> tuple[Petition, list[PetitionEvent]] | None:
        """A petition and its history, only if this citizen filed it."""
        ...

    async def petitions_of(self, citizen_id: int, limit: int) -> list[Petition]:
        """A citizen's petitions, newest first."""
        ...

    # --- casework: what officers read and do (storage/casework.py) ---------------------

    async def petition_by_code(self, code: str) -> Petition | None:
        """Any petition by its tracking code (callers check who may see it)."""
        ...

    async def history(self, petition_id: int) -> list[PetitionEvent]:
        """A petition's events, oldest first."""
        ...

    async def queue(
        self, unit_code: str | None, limit: int, offset: int
    ) -> tuple[list[Petition], int]:
        """Open petitions of a unit (None: every unit), overdue first then due soonest;
        with the total count."""
        ...

    async def cluster_size(self, cluster_id: int | None) -> int:
        """How many petitions a near-duplicate cluster holds (its first one included);
        1 for a petition in no cluster."""
        ...

    async def attachments_of(self, petition_id: int) -> list[AttachmentRef]:
        """The files sent with a petition."""
        ...

    async def sender_contact(
        self, petition_id: int, officer_id: int, purpose: str, at: datetime
    ) -> Contact:
        """Who sent a petition; every call is logged (identity_accesses)."""
        ...

    async def relabel(
        self, petition_id: int, officer_id: int, kind: Kind, category: Category, at: datetime
    ) -> Petition:
        """An officer corrects the labels; kept as a labelled example for training."""
        ...

    async def identifying_strings(self, petition_id: int) -> list[str]:
        """The sender's name, phone and address as given, for redaction only."""
        ...

    async def owner_chats(self, petition_id: int) -> list[Recipient]:
        """Where to reach the petition's sender: their chat on the channel they used."""
        ...

    async def subscriber_chats(self, petition_id: int) -> list[Recipient]:
        """The chats of citizens who follow a cluster they joined (near-duplicates)."""
        ...

    async def rate(
        self, petition_id: int, satisfied: bool, comment: str | None, actor: Actor, at: datetime
    ) -> None:
        """Record the sender's rating of the latest answer (an event and the rating)."""
        ...

    async def new_link_code(
        self, citizen_id: int, channel: str, now: datetime, valid: timedelta
    ) -> str:
        """A fresh one-time code for this citizen's account on ``channel``."""
        ...

    async def redeem_link_code(
        self, code: str, citizen_id: int, channel: str, now: datetime
    ) -> Redeemed:
        """Type ``code`` from this account: when LINKED, this citizen joins the code's one."""
        ...

    async def post_photo(
        self, to: Recipient, file_id: str, caption: str | None, at: datetime
    ) -> None:
        """Queue a photo (a file id of ``to``'s channel) with an optional caption."""
        ...

    async def post_message(
        self,
        to: Recipient,
        text: str,
        options: Sequence[tuple[str, str]],
        at: datetime,
        petition_id: int | None = None,
    ) -> None:
        """Queue a message to anyone (committed with the transaction, sent by the channel);
        ``petition_id``: the petition a notice is about."""
        ...

    async def undelivered_channels(self, petition_id: int) -> list[str]:
        """Channels on which a notice about the petition could not be delivered (yet)."""
        ...


class Store(Protocol):
    """Opens transactions: committed when the block ends, rolled back when it raises."""

    def transaction(self) -> AbstractAsyncContextManager[Repository]:
        """A unit of work."""
        ...

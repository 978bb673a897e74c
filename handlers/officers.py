"""Officers' registration commands, for every channel: ``/dangky CODE`` binds a person's
account to a unit and role; ``/ganketnhom CODE`` in a group binds the group to the unit, so
the unit's notifications go there. Invite codes come from config.yaml (``invite_codes``).

A channel adapter reports a group chat as the channel ``<name>_group`` (e.g.
``telegram_group``) with the group's id as the sender's external id; in a group only these
commands are handled and everything else is ignored (the citizen flow never runs there).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from core import roles
from core.config import InviteCode, Role
from core.ports import GROUP_SUFFIX, Recipient, Repository
from handlers import texts
from handlers.channel import Choice, Command, Event, Sender, Text
from handlers.options import chosen
from handlers.turn import Turn

COMMANDS = frozenset({"dangky", "ganketnhom"})


class OfficerRepository(Protocol):
    """What registration needs from storage (implemented in storage/officers.py)."""

    async def code_holder(self, invite_code: str) -> tuple[str, str] | None:
        """The (channel, external id) of the active officer registered with this code."""
        ...

    async def officer_unit(self, channel: str, external_id: str) -> tuple[str, str] | None:
        """(unit code, role) of the active officer behind this account, if any."""
        ...

    async def register_officer(
        self,
        channel: str,
        external_id: str,
        invite: InviteCode,
        full_name: str | None,
        at: datetime,
    ) -> None:
        """Create or update the officer row of this account."""
        ...

    async def bind_group(
        self, unit_code: str, channel: str, chat_id: str, title: str | None, code: str, at: datetime
    ) -> None:
        """Bind (or re-bind) the unit's group chat on this channel."""
        ...

    async def officer(self, channel: str, external_id: str) -> roles.Officer | None:
        """The active officer behind this account, as the role checks see them."""
        ...

    async def unit_inboxes(self, unit_code: str) -> list[Recipient]:
        """Where a unit's work goes: its bound group chats, else each of its officers."""
        ...

    async def people(
        self,
        *,
        unit_code: str | None = None,
        roles_wanted: tuple[Role, ...] = (),
        exclude: tuple[Role, ...] = (),
        on_duty: bool | None = None,
    ) -> list[Recipient]:
        """The private chats of active officers, filtered by unit, roles and duty."""
        ...

    async def units_of_group(self, channel: str, chat_id: str) -> list[str]:
        """The codes of the units bound to this group chat."""
        ...

    async def set_on_duty(self, officer_id: int, on_duty: bool) -> None:
        """Put an officer on or off duty."""
        ...


OfficerRepositoryFactory = Callable[[Repository], OfficerRepository]


def is_group(sender: Sender) -> bool:
    """Whether the message came from a group chat (see the module docstring)."""
    return sender.channel.endswith(GROUP_SUFFIX)


def person_channel(channel: str) -> str:
    """``telegram_group`` -> ``telegram``: the channel of the people in a group."""
    return channel.removesuffix(GROUP_SUFFIX)


def read_event(
    turn: Turn, event: Event, commands: frozenset[str], prefixes: tuple[str, ...]
) -> tuple[Event, bool]:
    """An officer module's view of an event: a typed number or label of one of its offered
    options becomes that option (``Choice``); and whether the event is one of its commands
    or buttons."""
    if isinstance(event, Text):
        picked = chosen(turn.state.offered(), event)
        if picked is not None and picked.value.startswith(prefixes):
            event = Choice(picked.value)
    ours = (isinstance(event, Command) and event.name in commands) or (
        isinstance(event, Choice) and event.value.startswith(prefixes)
    )
    return event, ours


def person_of(sender: Sender) -> tuple[str, str] | None:
    """The (channel, id) of the person who wrote: in a group, the member (None if unknown)."""
    if is_group(sender):
        if sender.member_id is None:
            return None
        return person_channel(sender.channel), sender.member_id
    return sender.channel, sender.external_id


async def handle(turn: Turn, event: Event, officers: OfficerRepository | None) -> bool:
    """Handle a registration command; True when handled here.

    Without ``officers`` (storage not wired for it), officer commands fall through to the
    citizen flow, which answers that the command is unknown.
    """
    group = is_group(turn.sender)
    if not isinstance(event, Command) or event.name not in COMMANDS or officers is None:
        return False
    invite = _invite(turn, event.args)
    if event.name == "dangky":
        if group:
            turn.say(texts.OFFICER_DANGKY_IN_PRIVATE)
        elif not event.args.strip():
            turn.say(texts.OFFICER_USAGE)
        elif invite is None:
            turn.say(texts.OFFICER_BAD_CODE.format(code=event.args.strip()[:32]))
        else:
            await _register(turn, officers, invite)
        return True
    if not group:
        turn.say(texts.GROUP_ONLY)
    elif not event.args.strip():
        turn.say(texts.GROUP_USAGE)
    elif invite is None:
        turn.say(texts.OFFICER_BAD_CODE.format(code=event.args.strip()[:32]))
    else:
        await officers.bind_group(
            invite.unit,
            person_channel(turn.sender.channel),
            turn.sender.external_id,
            turn.sender.display_name,
            invite.code,
            turn.services.clock.now(),
        )
        turn.say(texts.GROUP_BOUND.format(unit=turn.services.config.unit(invite.unit).name))
    return True


def _invite(turn: Turn, typed: str) -> InviteCode | None:
    """The invite code typed (case and surrounding spaces ignored), if it exists."""
    wanted = typed.strip().upper()
    if not wanted:
        return None
    for invite in turn.services.config.invite_codes:
        if invite.code.upper() == wanted:
            return invite
    return None


async def _register(turn: Turn, officers: OfficerRepository, invite: InviteCode) -> None:
    sender = turn.sender
    unit = turn.services.config.unit(invite.unit).name
    role = texts.OFFICER_ROLE_LABELS.get(invite.role.value, invite.role.value)
    holder = await officers.code_holder(invite.code)
    if holder is not None and holder != (sender.channel, sender.external_id):
        turn.say(texts.OFFICER_CODE_TAKEN)
        return
    if holder is not None and await officers.officer_unit(sender.channel, sender.external_id) == (
        invite.unit,
        invite.role.value,
    ):
        turn.say(texts.OFFICER_ALREADY.format(role=role, unit=unit))
        return
    await officers.register_officer(
        sender.channel, sender.external_id, invite, sender.display_name, turn.services.clock.now()
    )
    turn.say(texts.OFFICER_REGISTERED.format(role=role, unit=unit))

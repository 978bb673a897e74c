"""What officers are shown of a petition: its card, its actions and its history.

A card never shows who sent a petition. For a confidential one (a tố cáo, an anonymous
lead) it shows the redacted copy of the text, whoever looks (DOMAIN.md section 4); the
confidential handler sees the sender only through the logged "who" action.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from core import roles
from core.clock import local_date
from core.lifecycle import Action, allowed_actions, is_open
from core.ports import Petition, PetitionEvent
from core.vn_dates import format_vn_date
from handlers import texts
from handlers.channel import Option
from handlers.services import Services

ACTION_PREFIX = "po:"  # po:<action>:<code>
WHO = "who"  # the confidential handler's "show me the sender"
RELABEL = "relabel"  # correct the kind/category (kept as a training example)
_ACTION_ORDER = (
    Action.ACCEPT,
    Action.REQUEST_INFO,
    Action.ANSWER,
    Action.TRANSFER,
    Action.FILE,
    Action.CLOSE,
)
_CARD_TEXT_CHARS = 1500  # the card shows the start of a long text; /xem shows it all


def visible_text(petition: Petition) -> str:
    """The text officers may read: the redacted copy for a confidential petition."""
    if petition.confidential:
        return petition.redacted_text or ""
    return petition.text


def overdue_days(petition: Petition, today: date) -> int:
    """Calendar days past the due date (0 when not overdue or closed)."""
    if petition.due_date is None or not is_open(petition.status):
        return 0
    return max((today - petition.due_date).days, 0)


def card(
    services: Services,
    petition: Petition,
    *,
    new: bool = False,
    cluster_size: int = 1,
    attachments: int = 0,
    full_text: bool = False,
    undelivered: Sequence[str] = (),
) -> str:
    """The card of a petition, as a unit or an officer sees it; ``undelivered``: the
    channels on which a notice to its sender is not delivered (yet)."""
    config = services.config
    today = local_date(services.clock.now(), config.ward.timezone)
    urgent = texts.CARD_URGENT if petition.urgent else ""
    head = texts.CARD_NEW if new else texts.CARD_HEADER
    lines = [
        head.format(code=petition.code, urgent=urgent),
        texts.CARD_BODY.format(
            kind=texts.KIND_LABELS[petition.kind],
            category=texts.CATEGORY_LABELS[petition.category],
            unit=unit_name(services, petition.unit_code),
            status=texts.STATUS_LABELS[petition.status],
            due=format_vn_date(petition.due_date) if petition.due_date else texts.NO_DUE,
        ),
    ]
    late = overdue_days(petition, today)
    if late:
        lines.append(texts.CARD_OVERDUE.format(days=late))
    if petition.place and not petition.confidential:
        lines.append(texts.CARD_PLACE.format(place=petition.place))
    if petition.uncertain:
        lines.append(texts.CARD_UNCERTAIN)
    if cluster_size > 1:
        lines.append(texts.CARD_CLUSTER.format(size=cluster_size))
    if attachments:
        lines.append(texts.CARD_ATTACHMENTS.format(count=attachments))
    if petition.rating:
        lines.append(texts.CARD_RATING[petition.rating])
    if undelivered:
        names = ", ".join(texts.CHANNEL_NAMES.get(name, name) for name in undelivered)
        lines.append(texts.CARD_UNDELIVERED.format(channels=names))
    if petition.confidential:
        lines.append(texts.CARD_CONFIDENTIAL)
    body = visible_text(petition)
    if not full_text and len(body) > _CARD_TEXT_CHARS:
        body = body[:_CARD_TEXT_CHARS].rstrip() + f"… (/xem {petition.code})"
    lines.append(texts.CARD_TEXT.format(text=body))
    return "\n".join(lines)


def actions(petition: Petition, officer: roles.Officer | None = None) -> list[Option]:
    """The buttons of a card: what the lifecycle allows now (and, for a named officer,
    what their role allows, plus "who sent it" for the confidential handler); correcting
    the labels is offered on a unit's card only when the classifier was unsure."""
    possible = allowed_actions(petition.status)
    chosen = [
        action
        for action in _ACTION_ORDER
        if action in possible
        and (officer is None or roles.can_act(officer, petition.unit_code, action))
    ]
    options = [action_option(action.value, petition.code) for action in chosen]
    relabel = (
        petition.uncertain if officer is None else roles.can_relabel(officer, petition.unit_code)
    )
    if relabel and is_open(petition.status):
        options.append(action_option(RELABEL, petition.code))
    if (
        petition.confidential
        and officer is not None
        and roles.sees_identity(officer, petition.unit_code)
    ):
        options.append(action_option(WHO, petition.code))
    return options


def action_option(action: str, code: str) -> Option:
    """One action button (its value carries the action and the petition code)."""
    return Option(f"{ACTION_PREFIX}{action}:{code}", texts.ACTION_LABELS[action])


def parse_action(value: str) -> tuple[str, str] | None:
    """``po:accept:PA-2026-000001`` -> ("accept", "PA-2026-000001")."""
    if not value.startswith(ACTION_PREFIX):
        return None
    action, _, code = value.removeprefix(ACTION_PREFIX).partition(":")
    return (action, code) if action and code else None


def history(services: Services, events: Iterable[PetitionEvent]) -> list[str]:
    """A petition's history as lines, notes included (answers, requests, reasons)."""
    timezone = services.config.ward.timezone
    lines = [texts.CARD_HISTORY]
    for event in events:
        at = format_vn_date(local_date(event.at, timezone))
        note = f": {event.note}" if event.note else ""
        action = texts.EVENT_LABELS.get(event.action, event.action)
        lines.append(texts.CARD_EVENT.format(at=at, action=action, note=note))
    return lines


def unit_name(services: Services, unit_code: str | None) -> str:
    """A unit's name from config (its code if it is no longer configured)."""
    return texts.NO_DUE if unit_code is None else services.config.unit_name(unit_code)

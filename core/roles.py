"""Who may see and do what: every role check of the product is here.

An officer works on their own unit's petitions; a leader sees every unit's. Only the
confidential handler (of a confidential unit) ever sees who sent a confidential petition
(a tố cáo or an anonymous lead): everyone else, leaders included, is shown the redacted
copy (DOMAIN.md section 4).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.config import Role
from core.lifecycle import Action

# What each role may do to a petition it can see.
_WORK = frozenset(
    {
        Action.ACCEPT,
        Action.REQUEST_INFO,
        Action.TRANSFER,
        Action.ANSWER,
        Action.CLOSE,
        Action.FILE,
    }
)
ALLOWED_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.OFFICER: _WORK,
    Role.UNIT_HEAD: _WORK,
    Role.CONFIDENTIAL_HANDLER: _WORK,
    Role.LEADER: _WORK,
}


@dataclass(frozen=True)
class Officer:
    """A registered officer as the role checks see them."""

    id: int
    unit_code: str
    role: Role
    name: str | None = None
    unit_confidential: bool = False  # their unit handles tố cáo
    on_duty: bool = False  # alerted at once about the unit's urgent petitions


def can_see(officer: Officer, petition_unit: str | None) -> bool:
    """Whether the officer may see a petition held by ``petition_unit``."""
    return officer.role is Role.LEADER or petition_unit == officer.unit_code


def can_act(officer: Officer, petition_unit: str | None, action: Action) -> bool:
    """Whether the officer may take ``action`` on a petition held by ``petition_unit``."""
    return can_see(officer, petition_unit) and action in ALLOWED_ACTIONS[officer.role]


def can_relabel(officer: Officer, petition_unit: str | None) -> bool:
    """Whether the officer may correct a petition's kind and category."""
    return can_see(officer, petition_unit)


def sees_identity(officer: Officer, petition_unit: str | None) -> bool:
    """Whether the officer may see who sent a confidential petition: only the confidential
    handler of the confidential unit that holds it."""
    return (
        officer.role is Role.CONFIDENTIAL_HANDLER
        and officer.unit_confidential
        and petition_unit == officer.unit_code
    )


def queue_scope(officer: Officer) -> str | None:
    """Whose queue an officer works: their unit's, or every unit's (None) for a leader."""
    return None if officer.role is Role.LEADER else officer.unit_code

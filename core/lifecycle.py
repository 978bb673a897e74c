"""The petition lifecycle as an explicit state machine.

received -> routed -> accepted -> (waiting_citizen) -> answered -> closed, plus transferred,
reopened and filed (lưu đơn, with a reason from Thông tư 05/2021/TT-TTCP). Every change of
status goes through :func:`transition`; anything not in the table raises
:class:`IllegalTransition`.
"""

from enum import StrEnum


class Status(StrEnum):
    """Where a petition stands."""

    RECEIVED = "received"
    ROUTED = "routed"
    ACCEPTED = "accepted"
    WAITING_CITIZEN = "waiting_citizen"
    ANSWERED = "answered"
    CLOSED = "closed"
    TRANSFERRED = "transferred"
    REOPENED = "reopened"
    FILED = "filed"


class Action(StrEnum):
    """What someone does to a petition."""

    ROUTE = "route"  # the system assigns the responsible unit
    ACCEPT = "accept"  # thụ lý
    REQUEST_INFO = "request_info"  # yêu cầu bổ sung
    PROVIDE_INFO = "provide_info"  # the citizen answered the request
    TRANSFER = "transfer"  # chuyển đơn to another unit
    ANSWER = "answer"  # the answer is sent to the citizen
    CLOSE = "close"
    REOPEN = "reopen"  # e.g. the citizen is not satisfied with the answer
    FILE = "file"  # lưu đơn


class FilingReason(StrEnum):
    """Reasons for lưu đơn (Thông tư 05/2021/TT-TTCP)."""

    NOT_ELIGIBLE = "not_eligible"  # đơn không đủ điều kiện xử lý
    DUPLICATE = "duplicate"  # đơn trùng nội dung đã được xử lý
    NOT_COMPETENT = "not_competent"  # không thuộc thẩm quyền, đã hướng dẫn nơi giải quyết
    ANONYMOUS_LEAD = "anonymous_lead"  # tố cáo nặc danh, giữ làm thông tin tham khảo


_OPEN_AT_A_UNIT = (Status.ROUTED, Status.TRANSFERRED, Status.REOPENED)
_WORKING = (Status.ACCEPTED, Status.WAITING_CITIZEN)

TRANSITIONS: dict[Action, dict[Status, Status]] = {
    Action.ROUTE: {Status.RECEIVED: Status.ROUTED},
    Action.ACCEPT: {s: Status.ACCEPTED for s in _OPEN_AT_A_UNIT},
    Action.REQUEST_INFO: {Status.ACCEPTED: Status.WAITING_CITIZEN},
    Action.PROVIDE_INFO: {Status.WAITING_CITIZEN: Status.ACCEPTED},
    # a unit waiting for the citizen may still answer with what it has, or pass it on
    Action.TRANSFER: {s: Status.TRANSFERRED for s in (*_OPEN_AT_A_UNIT, *_WORKING)},
    Action.ANSWER: {s: Status.ANSWERED for s in (*_OPEN_AT_A_UNIT, *_WORKING)},
    Action.CLOSE: {Status.ANSWERED: Status.CLOSED},
    Action.REOPEN: {Status.ANSWERED: Status.REOPENED, Status.CLOSED: Status.REOPENED},
    Action.FILE: {s: Status.FILED for s in (Status.RECEIVED, *_OPEN_AT_A_UNIT)},
}

OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.ROUTED,
        Status.ACCEPTED,
        Status.WAITING_CITIZEN,
        Status.TRANSFERRED,
        Status.REOPENED,
    }
)


class IllegalTransition(ValueError):
    """An action that the lifecycle does not allow from the petition's current status."""

    def __init__(self, status: Status, action: Action) -> None:
        allowed = ", ".join(sorted(allowed_actions(status))) or "none (final status)"
        super().__init__(
            f"cannot {action.value} a petition that is {status.value}; "
            f"allowed from {status.value}: {allowed}"
        )
        self.status = status
        self.action = action


def transition(status: Status, action: Action, reason: FilingReason | None = None) -> Status:
    """Return the status after ``action``; raise IllegalTransition when it is not allowed.

    Filing needs a Thông tư 05 reason, and only filing takes one.
    """
    target = TRANSITIONS[action].get(status)
    if target is None:
        raise IllegalTransition(status, action)
    if (action is Action.FILE) != (reason is not None):
        raise ValueError("a filing reason is required for 'file' and only for 'file'")
    return target


def allowed_actions(status: Status) -> frozenset[Action]:
    """The actions the lifecycle allows from ``status``."""
    return frozenset(action for action, table in TRANSITIONS.items() if status in table)


def is_open(status: Status) -> bool:
    """True while a unit still owes the citizen something."""
    return status in OPEN_STATUSES

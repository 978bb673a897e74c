"""Tests for core.lifecycle: the petition state machine, checked pair by pair.

The expected table is written out here by hand (not derived from core.lifecycle.TRANSITIONS),
so a changed transition in the code makes a row fail.
"""

from __future__ import annotations

import itertools

import pytest

from core.lifecycle import (
    Action,
    FilingReason,
    IllegalTransition,
    Status,
    allowed_actions,
    is_open,
    transition,
)

S, A = Status, Action

# (status, action) -> target, every legal move except filing (see FILING_FROM).
LEGAL: dict[tuple[Status, Action], Status] = {
    # the main path: received -> routed -> accepted -> answered -> closed
    (S.RECEIVED, A.ROUTE): S.ROUTED,
    (S.ROUTED, A.ACCEPT): S.ACCEPTED,
    (S.TRANSFERRED, A.ACCEPT): S.ACCEPTED,
    (S.REOPENED, A.ACCEPT): S.ACCEPTED,
    # yêu cầu bổ sung and the citizen's answer
    (S.ACCEPTED, A.REQUEST_INFO): S.WAITING_CITIZEN,
    (S.WAITING_CITIZEN, A.PROVIDE_INFO): S.ACCEPTED,
    # chuyển đơn from wherever a unit holds the petition
    (S.ROUTED, A.TRANSFER): S.TRANSFERRED,
    (S.TRANSFERRED, A.TRANSFER): S.TRANSFERRED,
    (S.REOPENED, A.TRANSFER): S.TRANSFERRED,
    (S.ACCEPTED, A.TRANSFER): S.TRANSFERRED,
    (S.WAITING_CITIZEN, A.TRANSFER): S.TRANSFERRED,  # the unit stops waiting
    # answering
    (S.ROUTED, A.ANSWER): S.ANSWERED,
    (S.TRANSFERRED, A.ANSWER): S.ANSWERED,
    (S.REOPENED, A.ANSWER): S.ANSWERED,
    (S.ACCEPTED, A.ANSWER): S.ANSWERED,
    (S.WAITING_CITIZEN, A.ANSWER): S.ANSWERED,  # with what it has
    # closing and reopening
    (S.ANSWERED, A.CLOSE): S.CLOSED,
    (S.ANSWERED, A.REOPEN): S.REOPENED,
    (S.CLOSED, A.REOPEN): S.REOPENED,
}

# lưu đơn is allowed from these statuses, with any Thông tư 05 reason.
FILING_FROM = (S.RECEIVED, S.ROUTED, S.TRANSFERRED, S.REOPENED)

ALL_LEGAL: dict[tuple[Status, Action], Status] = {
    **LEGAL,
    **{(status, A.FILE): S.FILED for status in FILING_FROM},
}

ILLEGAL = [pair for pair in itertools.product(Status, Action) if pair not in ALL_LEGAL]


def _reason_for(action: Action) -> FilingReason | None:
    return FilingReason.NOT_ELIGIBLE if action is A.FILE else None


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [pytest.param(s, a, t, id=f"{s}-{a}") for (s, a), t in LEGAL.items()],
)
def test_legal_transition(status: Status, action: Action, target: Status) -> None:
    assert transition(status, action) is target


@pytest.mark.parametrize("reason", list(FilingReason))
@pytest.mark.parametrize("status", FILING_FROM)
def test_file_with_each_reason(status: Status, reason: FilingReason) -> None:
    assert transition(status, A.FILE, reason) is S.FILED


def test_happy_path_walk() -> None:
    """received -> routed -> accepted -> waiting -> accepted -> answered -> closed -> reopened."""
    steps = [
        (A.ROUTE, S.ROUTED),
        (A.ACCEPT, S.ACCEPTED),
        (A.REQUEST_INFO, S.WAITING_CITIZEN),
        (A.PROVIDE_INFO, S.ACCEPTED),
        (A.ANSWER, S.ANSWERED),
        (A.CLOSE, S.CLOSED),
        (A.REOPEN, S.REOPENED),
        (A.TRANSFER, S.TRANSFERRED),
        (A.ANSWER, S.ANSWERED),
    ]
    status = S.RECEIVED
    for action, expected in steps:
        status = transition(status, action)
        assert status is expected, action


def test_illegal_pairs_are_many() -> None:
    """Sanity check of the table itself: 9 statuses x 9 actions, 23 legal pairs."""
    assert len(ALL_LEGAL) == 23
    assert len(ILLEGAL) == len(Status) * len(Action) - 23


@pytest.mark.parametrize(
    ("status", "action"), [pytest.param(s, a, id=f"{s}-{a}") for s, a in ILLEGAL]
)
def test_illegal_transition_raises_and_explains(status: Status, action: Action) -> None:
    with pytest.raises(IllegalTransition) as excinfo:
        transition(status, action, _reason_for(action))
    error = excinfo.value
    assert error.status is status
    assert error.action is action
    message = str(error)
    assert f"cannot {action.value} a petition that is {status.value}" in message
    allowed = sorted(a.value for (s, a) in ALL_LEGAL if s is status)
    if allowed:
        assert message.endswith(f"allowed from {status.value}: {', '.join(allowed)}")
    else:
        assert message.endswith("none (final status)")


def test_illegal_transition_is_a_value_error() -> None:
    assert issubclass(IllegalTransition, ValueError)


@pytest.mark.parametrize("status", FILING_FROM)
def test_file_without_reason_is_rejected(status: Status) -> None:
    with pytest.raises(ValueError, match="filing reason is required") as excinfo:
        transition(status, A.FILE)
    assert not isinstance(excinfo.value, IllegalTransition)


@pytest.mark.parametrize(
    ("status", "action"), [pytest.param(s, a, id=f"{s}-{a}") for (s, a) in LEGAL]
)
def test_reason_with_other_action_is_rejected(status: Status, action: Action) -> None:
    with pytest.raises(ValueError, match="only for 'file'") as excinfo:
        transition(status, action, FilingReason.DUPLICATE)
    assert not isinstance(excinfo.value, IllegalTransition)


def test_reason_on_illegal_pair_reports_the_illegal_transition_first() -> None:
    with pytest.raises(IllegalTransition):
        transition(S.CLOSED, A.ROUTE, FilingReason.DUPLICATE)


@pytest.mark.parametrize("reason", [None, *FilingReason])
@pytest.mark.parametrize("action", list(Action))
def test_filed_is_final(action: Action, reason: FilingReason | None) -> None:
    with pytest.raises(IllegalTransition, match="none \\(final status\\)"):
        transition(S.FILED, action, reason)
    assert allowed_actions(S.FILED) == frozenset()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.RECEIVED, {A.ROUTE, A.FILE}),
        (S.ROUTED, {A.ACCEPT, A.TRANSFER, A.ANSWER, A.FILE}),
        (S.ACCEPTED, {A.REQUEST_INFO, A.TRANSFER, A.ANSWER}),
        (S.WAITING_CITIZEN, {A.PROVIDE_INFO, A.TRANSFER, A.ANSWER}),
        (S.ANSWERED, {A.CLOSE, A.REOPEN}),
        (S.CLOSED, {A.REOPEN}),  # closed only reopens
        (S.TRANSFERRED, {A.ACCEPT, A.TRANSFER, A.ANSWER, A.FILE}),
        (S.REOPENED, {A.ACCEPT, A.TRANSFER, A.ANSWER, A.FILE}),
        (S.FILED, set()),
    ],
)
def test_allowed_actions_per_status(status: Status, expected: set[Action]) -> None:
    assert allowed_actions(status) == frozenset(expected)


def test_allowed_actions_agree_with_transition_for_every_pair() -> None:
    for status, action in itertools.product(Status, Action):
        reason = _reason_for(action)
        if action in allowed_actions(status):
            assert transition(status, action, reason) is ALL_LEGAL[(status, action)]
        else:
            with pytest.raises(IllegalTransition):
                transition(status, action, reason)


@pytest.mark.parametrize(
    ("status", "open_"),
    [
        (S.RECEIVED, True),
        (S.ROUTED, True),
        (S.ACCEPTED, True),
        (S.WAITING_CITIZEN, True),
        (S.TRANSFERRED, True),
        (S.REOPENED, True),
        (S.ANSWERED, False),
        (S.CLOSED, False),
        (S.FILED, False),
    ],
)
def test_is_open(status: Status, open_: bool) -> None:
    assert is_open(status) is open_

"""tiếp công dân and đối thoại: sessions, bookings, announcement subscriptions, dialogues
and their questions

Revision ID: 0006_reception
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_reception"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_AT = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", _ID, nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "reception_sessions",
        _id(),
        sa.Column("rule_key", sa.String(length=64), nullable=True),
        sa.Column("rule_date", sa.Date(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", _AT, nullable=False),
        sa.Column("ends_at", _AT, nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("host_unit", sa.String(length=32), nullable=True),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booking_closes_at", _AT, nullable=False),
        sa.Column("publish_on", sa.Date(), nullable=False),
        sa.Column("published_at", _AT, nullable=True),
        sa.Column("moved_from", sa.Date(), nullable=True),
        sa.Column("created_by", _ID, nullable=True),
        sa.Column("created_at", _AT, nullable=False),
        _fk("reception_sessions", "created_by", "officers"),
        _pk("reception_sessions"),
        sa.UniqueConstraint(
            "rule_key", "rule_date", name=op.f("uq_reception_sessions_rule_key_rule_date")
        ),
    )
    _index("reception_sessions", "day")

    op.create_table(
        "reception_bookings",
        _id(),
        sa.Column("session_id", _ID, nullable=False),
        sa.Column("citizen_id", _ID, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("queue_number", sa.Integer(), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("petition_id", _ID, nullable=True),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("cancelled_at", _AT, nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("outcome_at", _AT, nullable=True),
        sa.Column("result_due", sa.Date(), nullable=True),
        _fk("reception_bookings", "citizen_id", "citizens"),
        _fk("reception_bookings", "petition_id", "petitions"),
        _fk("reception_bookings", "session_id", "reception_sessions"),
        _pk("reception_bookings"),
        sa.UniqueConstraint(
            "session_id",
            "queue_number",
            name=op.f("uq_reception_bookings_session_id_queue_number"),
        ),
    )
    _index("reception_bookings", "citizen_id")
    _index("reception_bookings", "session_id")

    op.create_table(
        "announcement_subscriptions",
        _id(),
        sa.Column("citizen_id", _ID, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        _fk("announcement_subscriptions", "citizen_id", "citizens"),
        _pk("announcement_subscriptions"),
        sa.UniqueConstraint(
            "channel", "chat_id", name=op.f("uq_announcement_subscriptions_channel_chat_id")
        ),
    )
    _index("announcement_subscriptions", "citizen_id")

    op.create_table(
        "dialogues",
        _id(),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("starts_at", _AT, nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("cohosts", sa.Text(), nullable=True),
        sa.Column("questions_close_at", _AT, nullable=False),
        sa.Column("host_channel", sa.String(length=16), nullable=False),
        sa.Column("host_chat_id", sa.String(length=64), nullable=False),
        sa.Column("created_by", _ID, nullable=True),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("announced_at", _AT, nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("results_published_at", _AT, nullable=True),
        _fk("dialogues", "created_by", "officers"),
        _pk("dialogues"),
    )
    _index("dialogues", "starts_at")

    op.create_table(
        "dialogue_questions",
        _id(),
        sa.Column("dialogue_id", _ID, nullable=False),
        sa.Column("citizen_id", _ID, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("merged_into", _ID, nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("commitment", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("petition_id", _ID, nullable=True),
        sa.Column("answered_at", _AT, nullable=True),
        sa.Column("created_at", _AT, nullable=False),
        _fk("dialogue_questions", "citizen_id", "citizens"),
        _fk("dialogue_questions", "dialogue_id", "dialogues"),
        _fk("dialogue_questions", "merged_into", "dialogue_questions"),
        _fk("dialogue_questions", "petition_id", "petitions"),
        _pk("dialogue_questions"),
    )
    _index("dialogue_questions", "dialogue_id")


def downgrade() -> None:
    for table in (
        "dialogue_questions",
        "dialogues",
        "announcement_subscriptions",
        "reception_bookings",
        "reception_sessions",
    ):
        op.drop_table(table)

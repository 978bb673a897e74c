"""officers' work: milestones and ratings, on-duty, reminders sent, label corrections,
identity access log, APScheduler's job store

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")),
    )
    with op.batch_alter_table("apscheduler_jobs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_apscheduler_jobs_next_run_time"), ["next_run_time"], unique=False
        )

    op.create_table(
        "identity_accesses",
        sa.Column("id", _ID, nullable=False),
        sa.Column("petition_id", _ID, nullable=False),
        sa.Column("officer_id", _ID, nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_identity_accesses_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_identity_accesses_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_accesses")),
    )
    with op.batch_alter_table("identity_accesses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_accesses_petition_id"), ["petition_id"], unique=False
        )

    op.create_table(
        "label_corrections",
        sa.Column("id", _ID, nullable=False),
        sa.Column("petition_id", _ID, nullable=False),
        sa.Column("officer_id", _ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("old_kind", sa.String(length=32), nullable=False),
        sa.Column("old_category", sa.String(length=32), nullable=False),
        sa.Column("new_kind", sa.String(length=32), nullable=False),
        sa.Column("new_category", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_label_corrections_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_label_corrections_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_corrections")),
    )
    with op.batch_alter_table("label_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_label_corrections_petition_id"), ["petition_id"], unique=False
        )

    op.create_table(
        "sent_reminders",
        sa.Column("id", _ID, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("petition_id", _ID, nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_sent_reminders_petition_id_petitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminders")),
        sa.UniqueConstraint("key", name=op.f("uq_sent_reminders_key")),
    )
    with op.batch_alter_table("sent_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sent_reminders_petition_id"), ["petition_id"], unique=False
        )

    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("on_duty", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_petitions_answered_at"), ["answered_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_petitions_received_at"), ["received_at"], unique=False)
        batch_op.create_index("ix_petitions_status_due_date", ["status", "due_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index("ix_petitions_status_due_date")
        batch_op.drop_index(batch_op.f("ix_petitions_received_at"))
        batch_op.drop_index(batch_op.f("ix_petitions_answered_at"))
        batch_op.drop_column("rated_at")
        batch_op.drop_column("rating")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("accepted_at")

    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.drop_column("on_duty")

    with op.batch_alter_table("sent_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sent_reminders_petition_id"))

    op.drop_table("sent_reminders")
    with op.batch_alter_table("label_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_label_corrections_petition_id"))

    op.drop_table("label_corrections")
    with op.batch_alter_table("identity_accesses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_accesses_petition_id"))

    op.drop_table("identity_accesses")
    with op.batch_alter_table("apscheduler_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apscheduler_jobs_next_run_time"))

    op.drop_table("apscheduler_jobs")

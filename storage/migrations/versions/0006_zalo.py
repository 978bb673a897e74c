"""Zalo channel: the OA's token pair, and the petition an outbox notice is about (so
officers see the notices not delivered yet)

Revision ID: 0006_zalo
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_zalo"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "zalo_tokens",
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("refresh_token", sa.Text(), nullable=False),
        sa.Column("access_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refreshing_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dead", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("app_id", name=op.f("pk_zalo_tokens")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("petition_id", _ID, nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_petition_id"), ["petition_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_petition_id_petitions"), "petitions", ["petition_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_petition_id_petitions"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_petition_id"))
        batch_op.drop_column("petition_id")
    op.drop_table("zalo_tokens")

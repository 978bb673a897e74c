"""petitions: uncertain flag, redacted copy, near-duplicate cluster; subscriptions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uncertain", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("redacted_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("cluster_id", _ID, nullable=True))
        batch_op.create_index(batch_op.f("ix_petitions_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_petitions_cluster_id_petitions"), "petitions", ["cluster_id"], ["id"]
        )
    op.create_table(
        "petition_subscriptions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("petition_id", _ID, nullable=False),
        sa.Column("citizen_id", _ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
            name=op.f("fk_petition_subscriptions_citizen_id_citizens"),
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_subscriptions_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_subscriptions")),
        sa.UniqueConstraint(
            "petition_id",
            "citizen_id",
            name=op.f("uq_petition_subscriptions_petition_id_citizen_id"),
        ),
    )
    with op.batch_alter_table("petition_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_petition_subscriptions_petition_id"), ["petition_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("petition_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_subscriptions_petition_id"))
    op.drop_table("petition_subscriptions")
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_petitions_cluster_id_petitions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_petitions_cluster_id"))
        batch_op.drop_column("cluster_id")
        batch_op.drop_column("redacted_text")
        batch_op.drop_column("uncertain")

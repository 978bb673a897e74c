"""petitions: filed_at milestone; indexes on filed_at and rated_at (summaries' periods)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_petitions_filed_at"), ["filed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_petitions_rated_at"), ["rated_at"], unique=False)
    # filing is final, so a filed petition's last change is its filing
    op.execute("UPDATE petitions SET filed_at = updated_at WHERE status = 'filed'")


def downgrade() -> None:
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petitions_rated_at"))
        batch_op.drop_index(batch_op.f("ix_petitions_filed_at"))
        batch_op.drop_column("filed_at")

"""merge the tiếp công dân and Zalo branches (both grew from 0005 side by side)

Revision ID: 0007
Revises: 0006_reception, 0006_zalo
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = ("0006_reception", "0006_zalo")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

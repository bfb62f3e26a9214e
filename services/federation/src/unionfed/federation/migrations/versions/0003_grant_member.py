"""grants know their member (aid on a union's page)

Rows folded before this revision have no member id until ``unionfed-federation rebuild``.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fed_grants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_fed_grants_member", ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fed_grants", schema=None) as batch_op:
        batch_op.drop_index("ix_fed_grants_member")
        batch_op.drop_column("member_id")

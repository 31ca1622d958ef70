"""Coach access: coach_clients, beside the owner's schema.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:32:53.577048
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('coach_clients',
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('coach_id', sa.String(length=128), nullable=False),
    sa.Column('client_id', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('share_conversations', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('activated_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['users.user_id'], ),
    sa.ForeignKeyConstraint(['coach_id'], ['users.user_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('coach_clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coach_clients_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_coach_clients_coach_client', ['coach_id', 'client_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('coach_clients', schema=None) as batch_op:
        batch_op.drop_index('ix_coach_clients_coach_client')
        batch_op.drop_index(batch_op.f('ix_coach_clients_client_id'))

    op.drop_table('coach_clients')

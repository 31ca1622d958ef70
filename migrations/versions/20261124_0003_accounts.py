"""Accounts: user_credentials (login, role, lockout) and coach_invite_codes, beside the owner's schema.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 23:43:11.847334
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('coach_invite_codes',
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('coach_id', sa.String(length=128), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['coach_id'], ['users.user_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('coach_invite_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coach_invite_codes_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_invite_codes_code'), ['code'], unique=True)

    op.create_table('user_credentials',
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.Column('user_id', sa.String(length=128), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), server_default='member', nullable=False),
    sa.Column('failed_login_attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role IN ('member', 'coach', 'admin')", name='ck_user_credentials_role'),
    sa.CheckConstraint('username = lower(username)', name='ck_user_credentials_username_lower'),
    sa.ForeignKeyConstraint(['user_id'], ['users.user_id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )
    with op.batch_alter_table('user_credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_credentials_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_credentials_username'), ['username'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('user_credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_credentials_username'))
        batch_op.drop_index(batch_op.f('ix_user_credentials_expires_at'))

    op.drop_table('user_credentials')
    with op.batch_alter_table('coach_invite_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coach_invite_codes_code'))
        batch_op.drop_index(batch_op.f('ix_coach_invite_codes_coach_id'))

    op.drop_table('coach_invite_codes')

"""sodium per medicine dose; day factors (stretching, sitting, footwear, fatigue, sleep)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("medications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sodium_mg", sa.Float(), server_default="0", nullable=False))
    op.create_table(
        "day_factors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stretched", sa.Boolean(), nullable=True),
        sa.Column("sitting_hours", sa.Float(), nullable=True),
        sa.Column("footwear", sa.String(length=16), nullable=True),
        sa.Column("fatigue", sa.Integer(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("journal_day", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "sitting_hours IS NULL OR sitting_hours BETWEEN 0 AND 24",
            name=op.f("ck_day_factors_sitting"),
        ),
        sa.CheckConstraint(
            "fatigue IS NULL OR fatigue BETWEEN 0 AND 10", name=op.f("ck_day_factors_fatigue")
        ),
        sa.CheckConstraint(
            "sleep_hours IS NULL OR sleep_hours BETWEEN 0 AND 24",
            name=op.f("ck_day_factors_sleep"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_factors")),
        sa.UniqueConstraint("uuid", name=op.f("uq_day_factors_uuid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("day_factors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_factors_at_utc"), ["at_utc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_day_factors_journal_day"), ["journal_day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("day_factors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_factors_journal_day"))
        batch_op.drop_index(batch_op.f("ix_day_factors_at_utc"))
    op.drop_table("day_factors")
    with op.batch_alter_table("medications", schema=None) as batch_op:
        batch_op.drop_column("sodium_mg")

"""food imported from another tracker (Cronometer, a mapped CSV): servings and day totals

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_foods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("meal", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("amount", sa.String(length=80), nullable=False),
        sa.Column("fluid_ml", sa.Float(), nullable=True),
        sa.Column("drink", sa.String(length=16), nullable=True),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("journal_day", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("energy_kcal", sa.Float(), nullable=True),
        sa.Column("water_g", sa.Float(), nullable=True),
        sa.Column("magnesium_mg", sa.Float(), nullable=True),
        sa.Column("potassium_mg", sa.Float(), nullable=True),
        sa.Column("calcium_mg", sa.Float(), nullable=True),
        sa.Column("sodium_mg", sa.Float(), nullable=True),
        sa.Column("vitamin_d_ug", sa.Float(), nullable=True),
        sa.CheckConstraint("scope IN ('serving', 'day')", name=op.f("ck_imported_foods_scope")),
        sa.CheckConstraint(
            "fluid_ml IS NULL OR fluid_ml > 0", name=op.f("ck_imported_foods_fluid_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_foods")),
        sa.UniqueConstraint("source_key", name=op.f("uq_imported_foods_source_key")),
        sa.UniqueConstraint("uuid", name=op.f("uq_imported_foods_uuid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("imported_foods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_foods_at_utc"), ["at_utc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_imported_foods_journal_day"), ["journal_day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("imported_foods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_foods_journal_day"))
        batch_op.drop_index(batch_op.f("ix_imported_foods_at_utc"))
    op.drop_table("imported_foods")

"""n-of-1 trials: the plan, its fixed allocation, and adherence as said

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 14:15:00

The allocation is fixed when a trial is planned: triggers refuse any change
to a trial's design columns and any change to, or removal of, its blocks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FIXED = "the plan and allocation of a trial are fixed when it is planned"


def upgrade() -> None:
    op.create_table(
        "trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("intervention", sa.String(length=200), nullable=False),
        sa.Column("control", sa.String(length=200), nullable=False),
        sa.Column("link", sa.String(length=16), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=True),
        sa.Column("factor", sa.String(length=80), nullable=False),
        sa.Column("block_days", sa.Integer(), nullable=False),
        sa.Column("washout_days", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("prescription", sa.Boolean(), nullable=False),
        sa.Column("clinician_agreed", sa.Boolean(), nullable=False),
        sa.Column("planned_rate", sa.Float(), nullable=True),
        sa.Column("rate_source", sa.String(length=16), nullable=False),
        sa.Column("planned_power", sa.Float(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("stopped_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("block_days BETWEEN 7 AND 28", name=op.f("ck_trials_block_days")),
        sa.CheckConstraint("pairs >= 1", name=op.f("ck_trials_pairs")),
        sa.CheckConstraint(
            "washout_days >= 0 AND washout_days < block_days", name=op.f("ck_trials_washout")
        ),
        sa.CheckConstraint("link IN ('medicine', 'factor', 'text')", name=op.f("ck_trials_link")),
        sa.ForeignKeyConstraint(
            ["medication_id"],
            ["medications.id"],
            name=op.f("fk_trials_medication_id_medications"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trials")),
        sa.UniqueConstraint("uuid", name=op.f("uq_trials_uuid")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_trials_medication_id"), "trials", ["medication_id"])
    op.create_table(
        "trial_blocks",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("block_index", sa.Integer(), nullable=False),
        sa.Column("arm", sa.String(length=1), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.CheckConstraint("arm IN ('A', 'B')", name=op.f("ck_trial_blocks_arm")),
        sa.CheckConstraint("end_day >= start_day", name=op.f("ck_trial_blocks_span")),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trials.id"],
            name=op.f("fk_trial_blocks_trial_id_trials"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("trial_id", "block_index", name=op.f("pk_trial_blocks")),
    )
    op.create_table(
        "trial_adherence",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("journal_day", sa.Date(), nullable=False),
        sa.Column("adhered", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trials.id"],
            name=op.f("fk_trial_adherence_trial_id_trials"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("trial_id", "journal_day", name=op.f("pk_trial_adherence")),
    )
    op.execute(
        "CREATE TRIGGER trials_plan_fixed BEFORE UPDATE OF"
        " id, uuid, name, intervention, control, link, medication_id, factor, block_days,"
        " washout_days, pairs, start_day, seed, prescription, clinician_agreed,"
        " planned_rate, rate_source, planned_power, planned_on, created_at ON trials"
        f" BEGIN SELECT RAISE(ABORT, '{FIXED}'); END"
    )
    op.execute(
        "CREATE TRIGGER trials_kept BEFORE DELETE ON trials"
        f" BEGIN SELECT RAISE(ABORT, '{FIXED}'); END"
    )
    op.execute(
        "CREATE TRIGGER trial_blocks_fixed BEFORE UPDATE ON trial_blocks"
        f" BEGIN SELECT RAISE(ABORT, '{FIXED}'); END"
    )
    op.execute(
        "CREATE TRIGGER trial_blocks_kept BEFORE DELETE ON trial_blocks"
        f" BEGIN SELECT RAISE(ABORT, '{FIXED}'); END"
    )


def downgrade() -> None:
    for trigger in ("trial_blocks_kept", "trial_blocks_fixed", "trials_kept", "trials_plan_fixed"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table("trial_adherence")
    op.drop_table("trial_blocks")
    op.drop_index(op.f("ix_trials_medication_id"), table_name="trials")
    op.drop_table("trials")

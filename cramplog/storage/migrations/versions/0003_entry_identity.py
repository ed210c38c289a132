"""entry identity: uuid, version and updated_at on every entry; ids never reused

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ENTRY_TABLES = ("cramps", "food_entries", "drinks", "doses", "activities")


def upgrade() -> None:
    bind = op.get_bind()
    for table in ENTRY_TABLES:
        # recreate="always" with sqlite_autoincrement: the copied table keeps
        # every row and id, and from now on SQLite never hands out an id again.
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch_op:
            batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
            batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        ids = [row[0] for row in bind.execute(sa.text(f'SELECT id FROM "{table}"'))]
        if ids:
            bind.execute(
                sa.text(f'UPDATE "{table}" SET uuid = :uuid WHERE id = :id'),
                [{"uuid": str(uuid.uuid4()), "id": ident} for ident in ids],
            )
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch_op:
            batch_op.alter_column("uuid", existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_uuid"), ["uuid"])
    op.create_table(
        "journal_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_journal_meta")),
    )
    op.execute(
        sa.text("INSERT INTO journal_meta (key, value) VALUES ('generation', :g)").bindparams(
            g=str(uuid.uuid4())
        )
    )


def downgrade() -> None:
    op.drop_table("journal_meta")
    for table in ENTRY_TABLES:
        with op.batch_alter_table(table, recreate="always") as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_uuid"), type_="unique")
            batch_op.drop_column("updated_at")
            batch_op.drop_column("version")
            batch_op.drop_column("uuid")

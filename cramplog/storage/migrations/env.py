"""Alembic environment: run against the connection cramplog hands over."""

from __future__ import annotations

from alembic import context

from cramplog.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - cramplog always passes one
    raise RuntimeError("cramplog migrations run only through cramplog.storage.schema")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode copies the table instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

"""Writing exported files: atomically, readable only by their owner, never over a file."""

from __future__ import annotations

import os
from pathlib import Path

from cramplog.domain import CramplogError, ValidationError


def write_private(path: Path, data: str | bytes, *, force: bool = False) -> None:
    if path.exists() and not force:
        raise ValidationError("output", f"{path} already exists; use --force to overwrite it")
    if not path.parent.exists():
        raise ValidationError("output", f"folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.tmp")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CramplogError(f"cannot write {path}: {exc.strerror}") from exc

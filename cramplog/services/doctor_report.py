"""`cramplog doctor`'s report: its findings, their lines of text and their JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cramplog.entry_kinds import ENTRY_KINDS
from cramplog.storage.backups_folder import BackupInfo
from cramplog.storage.models import ENTRY_ROWS, ENTRY_TABLE_NAMES
from cramplog.terminal_text import counted

Status = Literal["ok", "note", "warning", "problem"]
ENTRY_WORDS = ("entry", "entries")
# What the report calls one and many rows of each table a person writes.

TABLE_WORDS = {
    **{ENTRY_ROWS[k.name].__tablename__: (k.noun, k.plural) for k in ENTRY_KINDS},
    "medications": ("medicine", "medicines"),
    "custom_foods": ("custom food", "custom foods"),
    "recipes": ("recipe", "recipes"),
    "recipe_items": ("recipe item", "recipe items"),
    "day_marks": ("day mark", "day marks"),
    "trials": ("trial", "trials"),
    "trial_blocks": ("trial block", "trial blocks"),
    "trial_adherence": ("trial adherence answer", "trial adherence answers"),
}


@dataclass(frozen=True)
class Finding:
    topic: str
    status: Status
    message: str

    def line(self) -> str:
        label = {"ok": "ok", "note": "note", "warning": "WARNING", "problem": "PROBLEM"}
        return f"{label[self.status]:<8} {self.topic}: {self.message}"


@dataclass
class DoctorReport:
    journal: Path
    backups_folder: Path
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    revision: str | None = None
    head: str | None = None
    backups: list[BackupInfo] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.status == "problem" for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "problem"]

    def add(self, topic: str, status: Status, message: str) -> None:
        self.findings.append(Finding(topic, status, message))

    @property
    def lines(self) -> list[str]:
        out = [f.line() for f in self.findings]
        problems = self.problems
        if problems:
            out.append(
                f"{counted(len(problems), 'problem')} found: "
                + "; ".join(dict.fromkeys(f.topic for f in problems))
            )
        else:
            warnings = sum(f.status == "warning" for f in self.findings)
            out.append(
                "no problems found" + (f" ({counted(warnings, 'warning')})" if warnings else "")
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "journal": str(self.journal),
            "backups_folder": str(self.backups_folder),
            "schema": {"revision": self.revision, "newest_known": self.head},
            "counts": dict(self.counts),
            "entries": sum(self.counts.get(t, 0) for t in ENTRY_TABLE_NAMES),
            "findings": [
                {"topic": f.topic, "status": f.status, "message": f.message} for f in self.findings
            ],
            "backups": [b.to_dict() for b in self.backups],
        }


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def is_private(mode: int) -> bool:
    return mode & 0o077 == 0

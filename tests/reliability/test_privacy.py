"""Nothing leaves the machine: every command runs with the network made to fail."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from cramplog.cli import load_extensions

from .conftest import invoke


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every way of reaching another machine fail, and record who tried."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network use is forbidden in cramplog ({name})")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_the_blocker_blocks(no_network: list[str]) -> None:
    with pytest.raises(OSError), socket.create_connection(("example.org", 80), timeout=1):
        pass
    assert no_network  # so an empty list below means no attempt, not a broken patch


@pytest.mark.slow
def test_representative_commands_never_touch_the_network(
    rich_db: Path, tmp_path: Path, no_network: list[str]
) -> None:
    commands = load_extensions().commands
    runs: list[list[str]] = [
        ["log", "cramp", "--muscle", "calf", "--side", "left", "--severity", "6"],
        ["log", "food", "2 eggs, 1 cup spinach"],
        ["log", "drink", "--kind", "milk", "--food-id", "01077"],
        ["log", "med", "Magnesium citrate"],
        ["log", "activity", "walking", "--minutes", "30"],
        ["list", "--from", "2026-03-01", "--to", "2026-03-10", "--json"],
        ["export", "-o", str(tmp_path / "export.json")],
        ["backup"],
        ["backups"],
        ["doctor"],
    ]
    if "estimate" in commands:
        runs.append(["estimate", "1 oz almonds, 1 medium banana"])
    if "foods" in commands:
        runs.append(["foods", "search", "spinach"])
    if "analyze" in commands:
        runs.append(["analyze", "--json"])
    if "report" in commands:
        runs.append(["report", "-o", str(tmp_path / "report.pdf")])
    ran: list[str] = []
    for args in runs:
        result = invoke(rich_db, *args)
        assert result.exception is None, (args, repr(result.exception))
        assert result.code == 0, (args, result.err)
        ran.append(args[0])
    assert no_network == []
    assert {"log", "list", "export"} <= set(ran)

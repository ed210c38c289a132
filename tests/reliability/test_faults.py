"""Faults survived, as real processes: kills, concurrent writers, read-only and full
disks, damaged files, missing food table. Each ends in a clear one-line message
and a non-zero exit, never a traceback, and never a change to data it could not
handle."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cramplog.services import Journal
from cramplog.storage.engine import MAX_PAGES_ENV, JournalError
from tests.waiting import DEADLINE, Lines, wait_until

from .conftest import (
    NOW,
    REPO,
    assert_clean_process_failure,
    connect_ro,
    counts,
    dump_rows,
    file_hash,
    folder_state,
    integrity,
    read_only,
    run_cli,
    subprocess_env,
)
from .test_backups import corrupt

# A long-running writer, as the app would be. It says "ready" once its imports
# are done and waits for the go file, so writers started together really open
# the journal together however slowly each one starts; it writes until the
# stop file appears.
WRITER = """
import sys, time
from pathlib import Path
from cramplog.services import Journal

path, name, go, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
journal = Journal.open(path)
i = 0
try:
    while not stop.exists():
        entry = journal.log_cramp(muscle="calf", side="left", notes=f"{name}-{i}")
        print(entry.id, f"{name}-{i}", flush=True)
        i += 1
finally:
    journal.close()
"""


def _start_writer(db: Path, name: str, go: Path, stop: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), name, str(go), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=subprocess_env(),
    )


def _reported(lines: list[str]) -> list[list[str]]:
    """A writer's ``id note`` lines: the entries it reported saved."""
    return [line.split() for line in lines if line.strip() and line != "ready"]


def _notes(db: Path, table: str) -> dict[str, list[int]]:
    """note -> ids of the rows carrying it."""
    conn = connect_ro(db)
    try:
        out: dict[str, list[int]] = {}
        for ident, note in conn.execute(f"SELECT id, notes FROM {table} ORDER BY id"):
            out.setdefault(note, []).append(ident)
        return out
    finally:
        conn.close()


# --- SIGKILL --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_sigkill_at_random_points_during_a_burst_of_cli_writes(
    empty_db: Path, tmp_path: Path
) -> None:
    """Every entry whose command returned is there; a killed one is all there or absent."""
    rng = random.Random(20260310)
    # The kill points are spread over the time one whole command takes on this
    # machine right now, so most land while Python imports, some mid-write and
    # some after exit, however busy the machine is.
    calibration = shutil.copyfile(empty_db, tmp_path / "calibration.sqlite3")
    started = time.monotonic()
    timed = run_cli(calibration, "log", "cramp", "--muscle", "calf", "--side", "left")
    assert timed.returncode == 0, timed.stderr
    scale = time.monotonic() - started
    results: dict[str, tuple[int, str, int]] = {}
    errors: dict[str, str] = {}

    def worker(share: list[tuple[str, list[str], int]], delays: list[float]) -> None:
        for (note, args, rows), delay in zip(share, delays, strict=True):
            proc = subprocess.Popen(
                [sys.executable, "-m", "cramplog", "--db", str(empty_db), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=REPO,
                env=subprocess_env(),
            )
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
            out, errors[note] = proc.communicate(timeout=DEADLINE)
            results[note] = (proc.returncode, out, rows)

    # A burst of 24; if the load changed since the timing and every command
    # returned (or none did), another burst aimed by the new load.
    for burst in range(4):
        jobs: list[tuple[str, list[str], int]] = []
        for i in range(24):
            note = f"burst-{burst}-{i}"
            if i % 3 == 2:
                # A meal of two foods is one transaction: both rows or neither.
                jobs.append(
                    (note, ["log", "food", "1 egg, 1 banana", "--notes", note, "--json"], 2)
                )
            else:
                jobs.append(
                    (
                        note,
                        [
                            "log",
                            "cramp",
                            "--muscle",
                            "calf",
                            "--side",
                            "left",
                            "--notes",
                            note,
                            "--json",
                        ],
                        1,
                    )
                )
        delays = [rng.uniform(0.3, 1.6) * scale for _ in jobs]
        threads = [
            threading.Thread(target=worker, args=(jobs[k::2], delays[k::2])) for k in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = [code for code, _out, _rows in results.values()]
        if 0 in codes and any(code != 0 for code in codes):
            break
        scale *= 2.0 if 0 not in codes else 0.5
    assert len(results) % 24 == 0
    assert integrity(empty_db) == ["ok"]
    cramps, foods = _notes(empty_db, "cramps"), _notes(empty_db, "food_entries")
    returned = killed = 0
    for note, (code, out, rows) in results.items():
        present = cramps.get(note, []) + foods.get(note, [])
        if code == 0:
            returned += 1
            printed = [json.loads(line)["id"] for line in out.splitlines() if line.strip()]
            assert sorted(present) == sorted(printed) and len(present) == rows, note
        else:
            assert code == -signal.SIGKILL, (note, code, errors[note])
            killed += 1
            assert len(present) in (0, rows), (note, present)
    # The random kill points did cover both outcomes.
    assert returned and killed


@pytest.mark.slow
def test_sigkill_of_a_long_running_writer_keeps_every_committed_entry(
    empty_db: Path, tmp_path: Path
) -> None:
    """Like the app killed mid-session: what it reported as saved is saved."""
    go = tmp_path / "go"
    go.touch()
    proc = _start_writer(empty_db, "app", go, tmp_path / "never")
    out, err = Lines(proc.stdout), Lines(proc.stderr)
    try:
        # Killed once it has reported a good number of entries, however slowly
        # a loaded machine runs it.
        out.wait_for(lambda seen: len(_reported(seen)) >= 15, what="15 entries reported")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=DEADLINE)
    finally:
        proc.kill()
        proc.wait()
    reported = _reported(out.rest())
    assert len(reported) > 10, err.rest()
    # The -wal file is left unmerged: the next open must recover it.
    assert empty_db.with_name(empty_db.name + "-wal").exists()
    proc2 = run_cli(empty_db, "log", "drink")
    assert proc2.returncode == 0, proc2.stderr
    cramps = _notes(empty_db, "cramps")
    for ident, note in reported:
        assert cramps.get(note) == [int(ident)], note
    assert integrity(empty_db) == ["ok"]


# --- two writers at once ----------------------------------------------------------


@pytest.mark.slow
def test_two_processes_and_the_cli_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two long-running writers (as the app would be) and CLI commands, started together
    on a journal that does not exist yet: none fails, none waits into an error."""
    db = tmp_path / "new" / "journal.sqlite3"
    go, stop = tmp_path / "go", tmp_path / "stop"
    writers = [_start_writer(db, name, go, stop) for name in ("alpha", "beta")]
    outs = [Lines(w.stdout) for w in writers]
    errs = [Lines(w.stderr) for w in writers]
    cli_results: list[subprocess.CompletedProcess[str]] = []
    cli_done = threading.Event()

    def cli_loop() -> None:
        i = 0
        while not cli_done.is_set():
            cli_results.append(run_cli(db, "log", "drink", "--notes", f"cli-{i}", "--json"))
            i += 1

    def all_wrote_a_share() -> bool:
        for w, err in zip(writers, errs, strict=True):
            # A writer that stopped on its own failed: say why now, not at the
            # deadline, with the end of its traceback (the error itself).
            assert w.poll() is None, "\n".join(err.rest()[-8:])
        return len(cli_results) >= 3 and all(len(_reported(o.lines)) > 25 for o in outs)

    loop = threading.Thread(target=cli_loop)
    try:
        for o in outs:
            o.wait_for(lambda seen: "ready" in seen, what="a writer to start")
        loop.start()
        go.touch()
        # Everyone writes at once until each has done a fair share.
        wait_until(all_wrote_a_share, what="both writers and three CLI commands to write")
    finally:
        cli_done.set()
        stop.touch()
        if loop.is_alive():
            loop.join(DEADLINE)
        for w in writers:
            try:
                w.wait(timeout=DEADLINE)
            finally:
                w.kill()
    outputs = [(o.rest(), e.rest()) for o, e in zip(outs, errs, strict=True)]
    for w, (_out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
        assert "locked" not in "\n".join(err)
    for proc in cli_results:
        assert proc.returncode == 0, proc.stderr
        assert "locked" not in proc.stderr
    cramps, drinks = _notes(db, "cramps"), _notes(db, "drinks")
    reported = [entry for out, _ in outputs for entry in _reported(out)]
    assert len(reported) > 50
    for ident, note in reported:
        assert cramps.get(note) == [int(ident)], note
    assert len(dump_rows(db)["cramps"]) == len(reported)
    assert len(cli_results) >= 3
    for i, proc in enumerate(cli_results):
        assert drinks.get(f"cli-{i}") == [json.loads(proc.stdout)["id"]]
    assert integrity(db) == ["ok"]


# --- read-only -------------------------------------------------------------------


@pytest.mark.slow
def test_read_only_journal_file(rich_db: Path) -> None:
    digest = file_hash(rich_db)
    with read_only(rich_db):
        proc = run_cli(rich_db, "log", "cramp", "--muscle", "calf", "--side", "left")
        assert_clean_process_failure(proc, "read-only", "nothing was written")
        listed = run_cli(rich_db, "list", "--day", "2026-03-01")
        assert listed.returncode == 0, listed.stderr
        assert "cramp" in listed.stdout
    assert file_hash(rich_db) == digest


@pytest.mark.slow
def test_read_only_folder(rich_db: Path, tmp_path: Path) -> None:
    before = folder_state(rich_db.parent)
    with read_only(rich_db.parent):
        for args in (("log", "drink"), ("list",)):
            assert_clean_process_failure(
                run_cli(rich_db, *args), f"its folder {rich_db.parent} is read-only"
            )
        new = rich_db.parent / "sub" / "journal.sqlite3"
        assert_clean_process_failure(run_cli(new, "log", "drink"), "cannot create journal")
    assert folder_state(rich_db.parent) == before


# --- full disk --------------------------------------------------------------------


@pytest.mark.slow
def test_full_disk(rich_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's max_page_count stands in for a full disk (engine test hook)."""
    note = "x" * 2000
    monkeypatch.setenv(MAX_PAGES_ENV, "1")  # no growth beyond the file's size now
    journal = Journal.open(rich_db)
    try:
        with pytest.raises(JournalError, match="disk is full"):
            for _ in range(200):
                journal.log_cramp(now=NOW, muscle="calf", side="left", notes=note)
    finally:
        journal.close()
    monkeypatch.delenv(MAX_PAGES_ENV)
    before = dump_rows(rich_db)
    env = subprocess_env(**{MAX_PAGES_ENV: "1"})
    proc = run_cli(
        rich_db, "log", "cramp", "--muscle", "calf", "--side", "left", "--notes", note, env=env
    )
    assert_clean_process_failure(proc, "disk is full", "nothing was written")
    proc = run_cli(rich_db, "log", "food", "1 egg, 1 cup milk", "--notes", note, env=env)
    assert_clean_process_failure(proc, "disk is full")
    assert dump_rows(rich_db) == before
    assert integrity(rich_db) == ["ok"]
    # With room again, the journal takes entries as before.
    assert run_cli(rich_db, "log", "drink").returncode == 0


# --- damaged files --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["truncated", "corrupted", "garbage"])
def test_damaged_journal(rich_db: Path, damage: str) -> None:
    if damage == "truncated":
        rich_db.write_bytes(rich_db.read_bytes()[:24576])
    elif damage == "corrupted":
        corrupt(rich_db)
    else:
        rich_db.write_bytes(b"\x00garbage" * 1000)
    before = folder_state(rich_db.parent)
    for args in (
        ("log", "cramp", "--muscle", "calf", "--side", "left"),
        ("list", "--day", "2026-03-03"),
        ("export",),
    ):
        proc = run_cli(rich_db, *args)
        assert_clean_process_failure(proc)
        assert "doctor" in proc.stderr or "not a cramplog journal" in proc.stderr, proc.stderr
    assert folder_state(rich_db.parent) == before
    doctor = run_cli(rich_db, "doctor")
    assert doctor.returncode == 1 and "PROBLEM" in doctor.stdout


# --- the food table -----------------------------------------------------------------


def _package_copy(tmp_path: Path, foods: bytes | None) -> dict[str, str]:
    """cramplog installed without its foods.csv (or with a damaged one)."""
    root = tmp_path / "install"
    shutil.copytree(
        REPO / "cramplog",
        root / "cramplog",
        ignore=shutil.ignore_patterns("__pycache__", "foods.csv", "food_portions.csv"),
    )
    if foods is not None:
        (root / "foods.csv").write_bytes(foods)
        shutil.copyfile(REPO / "food_portions.csv", root / "food_portions.csv")
    return subprocess_env(PYTHONPATH=str(root))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("foods", "message"),
    [
        (None, "food table is missing"),
        (b"id,name\n01077,Milk\n", "not a food table"),
        (b"\xff\xfe\x00garbage", "foods.csv"),
    ],
)
def test_missing_or_damaged_food_table(
    rich_db: Path, tmp_path: Path, foods: bytes | None, message: str
) -> None:
    env = _package_copy(tmp_path, foods)
    # From tmp_path: `python -m` puts the working folder first on sys.path.
    where = subprocess.run(
        [sys.executable, "-c", "import cramplog; print(cramplog.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert where.stdout.startswith(str(tmp_path / "install")), where.stdout
    before = dump_rows(rich_db)
    needing_foods: list[tuple[str, ...]] = [
        ("log", "food", "1 cup milk"),
        ("log", "food", "--id", "01077", "--grams", "10"),
        ("estimate", "1 cup milk"),
    ]
    for args in needing_foods:
        proc = run_cli(rich_db, *args, env=env, cwd=tmp_path)
        assert_clean_process_failure(proc, message)
    assert dump_rows(rich_db) == before
    # Everything that does not need the food table still works.
    working: list[tuple[str, ...]] = [
        ("log", "cramp", "--muscle", "calf", "--side", "left"),
        ("list",),
    ]
    for args in working:
        proc = run_cli(rich_db, *args, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert counts(rich_db)["cramps"] == len(before["cramps"]) + 1

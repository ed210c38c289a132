"""Fixtures for the food tests: the packaged USDA table and its search index."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from cramplog.cli.context import AppContext
from cramplog.cli.foods import register
from cramplog.foods.search import FoodIndex, default_food_index
from cramplog.foods.table import FoodTable, default_food_table


@pytest.fixture(scope="session")
def table() -> FoodTable:
    return default_food_table()


@pytest.fixture(scope="session")
def index() -> FoodIndex:
    return default_food_index()


def cli_group(db: Path) -> click.Group:
    """`estimate` and `foods` as the command line has them, over the journal at ``db``."""

    @click.group()
    @click.pass_context
    def group(ctx: click.Context) -> None:
        app = ctx.obj = AppContext(str(db))
        ctx.call_on_close(app.close)

    register(group)
    return group


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> click.Group:
    """Over a journal path where no journal exists (an estimate creates none)."""
    return cli_group(tmp_path_factory.mktemp("journal") / "journal.sqlite3")

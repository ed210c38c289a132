"""Fixtures for the food tests: the packaged USDA table and its search index."""

from __future__ import annotations

import pytest

from cramplog.foods.search import FoodIndex, default_food_index
from cramplog.foods.table import FoodTable, default_food_table


@pytest.fixture(scope="session")
def table() -> FoodTable:
    return default_food_table()


@pytest.fixture(scope="session")
def index() -> FoodIndex:
    return default_food_index()

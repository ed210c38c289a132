# ruff: noqa: E501
"""The day sums' SQL for SQLite, with its parameters (generated: do not edit).

Written by ``python -m cramplog.storage.daysums_compile`` from
``cramplog.storage.daysums.daily_statements``, ``select(ProfileRow)`` and the
schema's head revision;
tests/unit/core/test_first_figures.py fails when they and this module differ.
Each statement: (SQL with ``?`` placeholders, its parameters in order), where
``LO`` and ``HI`` stand for the first and last day (ISO text).
"""

from __future__ import annotations

LO = "<first day>"
HI = "<last day>"


DAY_SUMS: tuple[tuple[str, tuple[object, ...]], ...] = (
    (
        "SELECT food_entries.journal_day AS day, count(*) AS food_entries, total(food_entries.grams) AS food_g, total(food_entries.grams * food_entries.magnesium_mg) AS magnesium_mg_food_x100, total(CASE WHEN (food_entries.magnesium_mg IS NOT NULL) THEN food_entries.grams ELSE ? END) AS magnesium_mg_food_known_g, total(food_entries.grams * food_entries.potassium_mg) AS potassium_mg_food_x100, total(CASE WHEN (food_entries.potassium_mg IS NOT NULL) THEN food_entries.grams ELSE ? END) AS potassium_mg_food_known_g, total(food_entries.grams * food_entries.calcium_mg) AS calcium_mg_food_x100, total(CASE WHEN (food_entries.calcium_mg IS NOT NULL) THEN food_entries.grams ELSE ? END) AS calcium_mg_food_known_g, total(food_entries.grams * food_entries.vitamin_d_ug) AS vitamin_d_ug_food_x100, total(CASE WHEN (food_entries.vitamin_d_ug IS NOT NULL) THEN food_entries.grams ELSE ? END) AS vitamin_d_ug_food_known_g, total(food_entries.grams * food_entries.sodium_mg) AS sodium_mg_food_x100, total(CASE WHEN (food_entries.sodium_mg IS NOT NULL) THEN food_entries.grams ELSE ? END) AS sodium_mg_food_known_g \nFROM food_entries \nWHERE food_entries.journal_day BETWEEN ? AND ? GROUP BY food_entries.journal_day",
        (
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            LO,
            HI,
        ),
    ),
    (
        "SELECT drinks.journal_day AS day, count(*) AS drinks, total(drinks.ml) AS beverages_ml, total(CASE WHEN (drinks.kind = ?) THEN drinks.ml ELSE ? END) AS alcohol_ml, total(CASE WHEN (drinks.kind = ?) THEN ? ELSE ? END) AS alcohol_drinks, total(CASE WHEN drinks.caffeinated THEN ? ELSE ? END) AS caffeinated_drinks, total(drinks.grams) AS drink_g, total(drinks.grams * drinks.magnesium_mg) AS magnesium_mg_drink_x100, total(CASE WHEN (drinks.magnesium_mg IS NOT NULL) THEN drinks.grams ELSE ? END) AS magnesium_mg_drink_known_g, total(drinks.grams * drinks.potassium_mg) AS potassium_mg_drink_x100, total(CASE WHEN (drinks.potassium_mg IS NOT NULL) THEN drinks.grams ELSE ? END) AS potassium_mg_drink_known_g, total(drinks.grams * drinks.calcium_mg) AS calcium_mg_drink_x100, total(CASE WHEN (drinks.calcium_mg IS NOT NULL) THEN drinks.grams ELSE ? END) AS calcium_mg_drink_known_g, total(drinks.grams * drinks.vitamin_d_ug) AS vitamin_d_ug_drink_x100, total(CASE WHEN (drinks.vitamin_d_ug IS NOT NULL) THEN drinks.grams ELSE ? END) AS vitamin_d_ug_drink_known_g, total(drinks.grams * drinks.sodium_mg) AS sodium_mg_drink_x100, total(CASE WHEN (drinks.sodium_mg IS NOT NULL) THEN drinks.grams ELSE ? END) AS sodium_mg_drink_known_g \nFROM drinks \nWHERE drinks.journal_day BETWEEN ? AND ? GROUP BY drinks.journal_day",
        (
            "alcohol",
            0.0,
            "alcohol",
            1,
            0,
            1,
            0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            LO,
            HI,
        ),
    ),
    (
        "SELECT doses.journal_day AS day, count(*) AS doses, total(CASE WHEN (medications.drug_class IS NOT NULL AND medications.drug_class != ?) THEN doses.count ELSE ? END) AS cramp_drug_doses, total(doses.count * medications.magnesium_mg) AS magnesium_mg_doses, total(doses.count * medications.potassium_mg) AS potassium_mg_doses, total(doses.count * medications.calcium_mg) AS calcium_mg_doses, total(doses.count * medications.vitamin_d_ug) AS vitamin_d_ug_doses, total(doses.count * medications.sodium_mg) AS sodium_mg_doses \nFROM doses JOIN medications ON doses.medication_id = medications.id \nWHERE doses.journal_day BETWEEN ? AND ? GROUP BY doses.journal_day",
        (
            "",
            0.0,
            LO,
            HI,
        ),
    ),
    (
        "SELECT activities.journal_day AS day, count(*) AS activities, total(activities.minutes) AS exercise_min, total(CASE WHEN (activities.intensity = ?) THEN activities.minutes ELSE ? END) AS vigorous_min \nFROM activities \nWHERE activities.journal_day BETWEEN ? AND ? GROUP BY activities.journal_day",
        (
            "vigorous",
            0,
            LO,
            HI,
        ),
    ),
    (
        "SELECT cramps.journal_day AS day, count(*) AS cramps, max(cramps.severity) AS worst_severity, total(cramps.severity) AS severity_sum, total(cramps.duration_s) AS total_duration_s, count(cramps.duration_s) AS timed_cramps \nFROM cramps \nWHERE cramps.journal_day BETWEEN ? AND ? GROUP BY cramps.journal_day",
        (
            LO,
            HI,
        ),
    ),
    (
        "SELECT day_factors.journal_day AS day, count(*) AS day_factors, max(day_factors.stretched) AS stretched, avg(day_factors.sitting_hours) AS sitting_hours, avg(day_factors.fatigue) AS fatigue, avg(day_factors.sleep_hours) AS sleep_hours \nFROM day_factors \nWHERE day_factors.journal_day BETWEEN ? AND ? GROUP BY day_factors.journal_day",
        (
            LO,
            HI,
        ),
    ),
    (
        "SELECT imported_foods.journal_day AS day, count(*) AS imported_foods, total(CASE WHEN (imported_foods.scope = ?) THEN ? ELSE ? END) AS imported_servings, total(CASE WHEN (imported_foods.scope = ?) THEN ? ELSE ? END) AS imported_days, total(CASE WHEN (imported_foods.fluid_ml IS NOT NULL) THEN ? ELSE ? END) AS imported_drinks, total(imported_foods.fluid_ml) AS imported_beverages_ml, total(CASE WHEN (imported_foods.fluid_ml IS NOT NULL AND imported_foods.drink = ?) THEN imported_foods.fluid_ml ELSE ? END) AS imported_alcohol_ml, total(CASE WHEN (imported_foods.fluid_ml IS NOT NULL AND imported_foods.drink = ?) THEN ? ELSE ? END) AS imported_alcohol_drinks, total(CASE WHEN (imported_foods.fluid_ml IS NOT NULL AND imported_foods.drink IN (?, ?)) THEN ? ELSE ? END) AS imported_caffeinated_drinks, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.magnesium_mg ELSE ? END) AS magnesium_mg_serving, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.magnesium_mg IS NOT NULL) THEN ? ELSE ? END) AS magnesium_mg_serving_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.magnesium_mg ELSE ? END) AS magnesium_mg_day, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.magnesium_mg IS NOT NULL) THEN ? ELSE ? END) AS magnesium_mg_day_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.potassium_mg ELSE ? END) AS potassium_mg_serving, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.potassium_mg IS NOT NULL) THEN ? ELSE ? END) AS potassium_mg_serving_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.potassium_mg ELSE ? END) AS potassium_mg_day, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.potassium_mg IS NOT NULL) THEN ? ELSE ? END) AS potassium_mg_day_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.calcium_mg ELSE ? END) AS calcium_mg_serving, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.calcium_mg IS NOT NULL) THEN ? ELSE ? END) AS calcium_mg_serving_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.calcium_mg ELSE ? END) AS calcium_mg_day, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.calcium_mg IS NOT NULL) THEN ? ELSE ? END) AS calcium_mg_day_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.vitamin_d_ug ELSE ? END) AS vitamin_d_ug_serving, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.vitamin_d_ug IS NOT NULL) THEN ? ELSE ? END) AS vitamin_d_ug_serving_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.vitamin_d_ug ELSE ? END) AS vitamin_d_ug_day, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.vitamin_d_ug IS NOT NULL) THEN ? ELSE ? END) AS vitamin_d_ug_day_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.sodium_mg ELSE ? END) AS sodium_mg_serving, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.sodium_mg IS NOT NULL) THEN ? ELSE ? END) AS sodium_mg_serving_known, total(CASE WHEN (imported_foods.scope = ?) THEN imported_foods.sodium_mg ELSE ? END) AS sodium_mg_day, total(CASE WHEN (imported_foods.scope = ? AND imported_foods.sodium_mg IS NOT NULL) THEN ? ELSE ? END) AS sodium_mg_day_known \nFROM imported_foods \nWHERE imported_foods.journal_day BETWEEN ? AND ? GROUP BY imported_foods.journal_day",
        (
            "serving",
            1,
            0,
            "day",
            1,
            0,
            1,
            0,
            "alcohol",
            0.0,
            "alcohol",
            1,
            0,
            "coffee",
            "tea",
            1,
            0,
            "serving",
            0.0,
            "serving",
            1,
            0,
            "day",
            0.0,
            "day",
            1,
            0,
            "serving",
            0.0,
            "serving",
            1,
            0,
            "day",
            0.0,
            "day",
            1,
            0,
            "serving",
            0.0,
            "serving",
            1,
            0,
            "day",
            0.0,
            "day",
            1,
            0,
            "serving",
            0.0,
            "serving",
            1,
            0,
            "day",
            0.0,
            "day",
            1,
            0,
            "serving",
            0.0,
            "serving",
            1,
            0,
            "day",
            0.0,
            "day",
            1,
            0,
            LO,
            HI,
        ),
    ),
    (
        "SELECT day_marks.journal_day AS day, day_marks.kind AS marked \nFROM day_marks \nWHERE day_marks.journal_day BETWEEN ? AND ?",
        (
            LO,
            HI,
        ),
    ),
)

PROFILE = "SELECT profile.id, profile.sex, profile.birth_year, profile.life_stage, profile.day_start_hour, profile.fluid_reference_ml, profile.fluid_restriction_ml, profile.theme, profile.onboarded, profile.name, profile.birth_date, profile.identifier \nFROM profile"

SCHEMA = "0007"
REVISION = "SELECT version_num FROM alembic_version"

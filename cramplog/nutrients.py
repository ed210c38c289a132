"""Every value cramplog reads from a food, described once.

A food row carries energy, water and five nutrients per 100 g. The five are
*tracked*: their intake is estimated per day, judged against reference values,
charted, reported and counted in supplements. Everything else (database
columns, the food table's checks, search words, forms, CLI options, charts,
report tables) loops over this registry, so a nutrient is added here, in the
food table and reference data, and in a migration for the medicine column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Nutrient:
    """One value per 100 g of food, and how cramplog uses it.

    ``key`` names it everywhere: a database column, a field of the exchange
    format and of `list --json`, a column of the analysis frames.
    """

    key: str
    label: str  # "Magnesium"
    short: str  # "Mg": narrow tables and panels
    unit: str  # "mg", "µg", "kcal", "g"
    usda: str  # USDA nutrient number (NUTR_DEF.txt)
    # Above this per 100 g a food file's value is a typo or a unit mix-up.
    per100g_max: float
    # Words people type for it ("foods top vit d").
    aliases: tuple[str, ...] = ()
    # A difference per 100 g that changes an estimate (two foods differing by
    # less are the same reading of a phrase); None: not a reason to ask.
    material: float | None = None
    # Tracked nutrients only: the intake line below which a usual intake is
    # "possibly low" ("EAR"), or only an AI exists and an intake below it
    # cannot be called inadequate ("AI"); the kind of upper line ("UL", or
    # "CDRR" for sodium's chronic-disease risk reduction intake).
    judged_by: str = ""
    upper: str = ""
    # Most a single supplement dose can hold (a typo guard for `med add`).
    dose_max: float = 0.0
    # International units in one of its unit (vitamin D: 40 IU = 1 µg); 0: none.
    iu: float = 0.0
    # A typed dose above this, with no unit said, asks which unit was meant
    # (vitamin D over 250 µg is most likely IU typed as µg); 0: never asks.
    dose_check: float = 0.0
    # The key that shows its chart on the Trends screen.
    letter: str = ""
    # Name in cramplog/data/dri (the reference CSVs name nutrients without unit).
    dri_name: str = ""
    # Whether reaching the target is the aim, so a share of it is coloured
    # (red under it, green over). Sodium's AI is a floor that nearly every diet
    # clears and its CDRR a ceiling: more is not better, so its share is plain.
    aim: bool = True

    @property
    def digits(self) -> int:
        """Decimals worth showing: whole milligrams, tenths of a microgram."""
        return 1 if self.unit == "µg" else 0

    @property
    def option(self) -> str:
        """Its command-line option: ``--magnesium-mg``."""
        return "--" + self.key.replace("_", "-")


ENERGY = Nutrient(
    "energy_kcal",
    "Energy",
    "kcal",
    "kcal",
    "208",
    1000.0,  # pure fat is about 900 kcal
    aliases=("energy", "calories", "kcal"),
    material=25.0,
)
# 100 g of anything holds at most 100 g of water.
WATER = Nutrient("water_g", "Water", "Water", "g", "255", 100.0, aliases=("water",))
MAGNESIUM = Nutrient(
    "magnesium_mg",
    "Magnesium",
    "Mg",
    "mg",
    "304",
    100_000.0,
    aliases=("magnesium", "mg"),
    material=5.0,
    judged_by="EAR",
    upper="UL",
    dose_max=5000.0,
    letter="m",
    dri_name="magnesium",
)
POTASSIUM = Nutrient(
    "potassium_mg",
    "Potassium",
    "K",
    "mg",
    "306",
    100_000.0,
    aliases=("potassium", "k"),
    material=50.0,
    judged_by="AI",
    dose_max=10_000.0,
    letter="k",
    dri_name="potassium",
)
CALCIUM = Nutrient(
    "calcium_mg",
    "Calcium",
    "Ca",
    "mg",
    "301",
    100_000.0,
    aliases=("calcium", "ca"),
    material=20.0,
    judged_by="EAR",
    upper="UL",
    dose_max=5000.0,
    letter="c",
    dri_name="calcium",
)
VITAMIN_D = Nutrient(
    "vitamin_d_ug",
    "Vitamin D",
    "Vit D",
    "µg",
    "328",
    100_000_000.0,
    aliases=("vitamin d", "vitamin-d", "vitamind", "vit d", "vitd", "d"),
    material=0.5,
    judged_by="EAR",
    upper="UL",
    dose_max=2500.0,
    iu=40.0,
    dose_check=250.0,
    letter="v",
    dri_name="vitamin_d",
)
SODIUM = Nutrient(
    "sodium_mg",
    "Sodium",
    "Na",
    "mg",
    "307",
    100_000.0,
    aliases=("sodium", "na"),
    # Salted or unsalted is left to the ranking: asking about it would stop
    # most everyday phrases, and the minerals that matter here barely differ.
    judged_by="AI",
    upper="CDRR",
    dose_max=10_000.0,
    letter="n",
    dri_name="sodium",
    aim=False,
)

# Every value of a food row, in column order of foods.csv and the database.
FOOD_NUTRIENTS: tuple[Nutrient, ...] = (
    ENERGY,
    WATER,
    MAGNESIUM,
    POTASSIUM,
    CALCIUM,
    SODIUM,
    VITAMIN_D,
)
# The tracked nutrients, in the order every table, chart and report lists them.
TRACKED: tuple[Nutrient, ...] = (MAGNESIUM, POTASSIUM, CALCIUM, VITAMIN_D, SODIUM)

BY_KEY: dict[str, Nutrient] = {n.key: n for n in FOOD_NUTRIENTS}


def nutrient(key: str) -> Nutrient:
    return BY_KEY[key]

"""The likert radar for handouts: `kit.charts` drawn in the handouts' own sans-serif font."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from kit.content.schema import LikertExercise
from kit.handouts.render import font_dir

FONT_FILES = ("SourceSans3-Regular.otf", "SourceSans3-Semibold.otf")
FAMILY = "Source Sans 3"
DPI = 150  # about 190 dpi at the 8.5 cm the chart is printed


@cache
def _register_fonts() -> None:
    from matplotlib import font_manager

    for name in FONT_FILES:
        font_manager.fontManager.addfont(str(font_dir() / name))


def radar_png(exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]]) -> bytes:
    """Named profiles (e.g. "You", "A colleague") on one radar, as PNG bytes for print."""
    import matplotlib

    from kit.charts import profile_png

    _register_fonts()
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": [FAMILY]}):
        return profile_png(exercise, profiles, dpi=DPI)

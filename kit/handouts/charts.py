"""The likert radar for handouts: `kit.charts` drawn as vector SVG in the handouts' sans-serif
font (its labels are turned into outlines, so the chart looks the same wherever it is printed)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from kit.content.schema import LikertExercise
from kit.handouts.render import font_dir

FONT_FILES = ("SourceSans3-Regular.otf", "SourceSans3-Semibold.otf")
FAMILY = "Source Sans 3"


@cache
def _register_fonts() -> None:
    from matplotlib import font_manager

    for name in FONT_FILES:
        font_manager.fontManager.addfont(str(font_dir() / name))


def radar_svg(exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]]) -> bytes:
    """Named profiles (e.g. "You", "A colleague") on one radar, as SVG bytes for print."""
    import matplotlib

    from kit.charts import profile_svg

    _register_fonts()
    style: Any = {
        "font.family": "sans-serif",
        "font.sans-serif": [FAMILY],
        "svg.fonttype": "path",
    }
    with matplotlib.rc_context(style):
        return profile_svg(exercise, profiles).encode("utf-8")

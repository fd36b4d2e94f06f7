"""Profile charts for likert exercises: a radar of the mean rating per scale (matplotlib)."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from typing import cast

from kit.content.schema import LikertExercise

COLOURS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828")


def profile_figure(
    exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]], size: float = 4.2
):
    """A matplotlib Figure: one polygon per named profile (e.g. "You", "A colleague")."""
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

    labels = [s.label for s in exercise.scales]
    ids = [s.id for s in exercise.scales]
    top = len(exercise.choices)
    angles = [2 * math.pi * n / len(ids) for n in range(len(ids))]
    fig = Figure(figsize=(size, size), layout="constrained")
    ax = cast(PolarAxes, fig.add_subplot(projection="polar"))
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, top)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels([str(n) for n in range(1, top + 1)], fontsize=7, color="#555")
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=9)
    for n, (name, profile) in enumerate(profiles.items()):
        values = [profile.get(i, 0.0) for i in ids]
        colour = COLOURS[n % len(COLOURS)]
        ax.plot([*angles, angles[0]], [*values, values[0]], color=colour, linewidth=2, label=name)
        ax.fill([*angles, angles[0]], [*values, values[0]], color=colour, alpha=0.15)
    if len(profiles) > 1:
        ax.legend(loc="upper right", bbox_to_anchor=(1.15, 1.12), fontsize=8, frameon=False)
    return fig


def profile_svg(exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]]) -> str:
    """Named profiles (e.g. "You", "A colleague") on one radar, as inline SVG markup."""
    profiles = {name: p for name, p in profiles.items() if p}
    if len(exercise.scales) < 3 or not profiles:
        return ""
    buffer = io.StringIO()
    profile_figure(exercise, profiles).savefig(buffer, format="svg", transparent=True)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def profile_png(
    exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]], dpi: int = 200
) -> bytes:
    """The same chart as PNG bytes, for handouts."""
    buffer = io.BytesIO()
    profile_figure(exercise, profiles).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()

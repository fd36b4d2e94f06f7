"""Profile charts for likert exercises: a radar of the mean rating per scale (matplotlib)."""

from __future__ import annotations

import hashlib
import io
import math
import textwrap
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, cast

from kit.content.schema import LikertExercise

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828")
INK = "#000000"  # text and axes; the web chart swaps it for the page's text colour


def profile_figure(
    exercise: LikertExercise,
    profiles: Mapping[str, Mapping[str, float]],
    size: float = 4.2,
    label_size: float = 9,
) -> Figure:
    """A matplotlib Figure: one polygon per named profile (e.g. "You", "A colleague")."""
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

    labels = [textwrap.fill(s.label, 16) for s in exercise.scales]
    ids = [s.id for s in exercise.scales]
    top = len(exercise.choices)
    angles = [2 * math.pi * n / len(ids) for n in range(len(ids))]
    fig = Figure(figsize=(size, size), layout="constrained")
    ax = cast(PolarAxes, fig.add_subplot(projection="polar"))
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, top)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels([str(n) for n in range(1, top + 1)], fontsize=label_size - 1, color=INK)
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=label_size, color=INK)
    ax.tick_params(axis="x", pad=6)
    for n, (name, profile) in enumerate(profiles.items()):
        values = [profile.get(i, 0.0) for i in ids]
        colour = COLOURS[n % len(COLOURS)]
        ax.plot([*angles, angles[0]], [*values, values[0]], color=colour, linewidth=2, label=name)
        ax.fill([*angles, angles[0]], [*values, values[0]], color=colour, alpha=0.15)
    if len(profiles) > 1:
        legend = ax.legend(
            loc="upper right", bbox_to_anchor=(1.15, 1.12), fontsize=label_size - 1, frameon=False
        )
        for text in legend.get_texts():
            text.set_color(INK)
    return fig


def profile_svg(exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]]) -> str:
    """Named profiles (e.g. "You", "A colleague") on one radar, as inline SVG markup."""
    """Named profiles (e.g. "You", "A colleague") on one radar, as inline SVG markup.

    Text is real text in the page's own colour (so it fits light and dark themes), and the
    chart is an image whose title and description give every number it shows."""
    from matplotlib import rc_context

    profiles = {name: p for name, p in profiles.items() if p}
    if len(exercise.scales) < 3 or not profiles:
        return ""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "font.family": "sans-serif"}):
        figure = profile_figure(exercise, profiles, size=4.6, label_size=11)
        figure.savefig(buffer, format="svg", transparent=True)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].replace(INK, "currentColor")
    return _label(svg, exercise, profiles)


def describe_profiles(exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]]) -> str:
    """The chart in words: each view's mean rating on each scale, e.g. "You: Front 3.5 of 5"."""
    top = len(exercise.choices)
    views = []
    for name, profile in profiles.items():
        values = ", ".join(
            f"{s.label} {round(profile.get(s.id, 0.0), 1):g} of {top}" for s in exercise.scales
        )
        views.append(f"{name}: {values}.")
    return " ".join(views)


def _label(svg: str, exercise: LikertExercise, profiles: Mapping[str, Mapping[str, float]]) -> str:
    """Give the SVG an image role, a title and a description with the numbers."""
    key = hashlib.sha256(repr((exercise.id, sorted(profiles.items()))).encode()).hexdigest()[:8]
    title_id, desc_id = f"kit-chart-{key}-title", f"kit-chart-{key}-desc"
    title = f"Radar chart of {exercise.title}: mean rating per scale, 1 to {len(exercise.choices)}"
    head_end = svg.index(">") + 1
    opening = (
        svg[: head_end - 1] + f' role="img" aria-labelledby="{title_id} {desc_id}"'
        ' fill="currentColor">'
    )
    labels = (
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(describe_profiles(exercise, profiles))}</desc>'
    )
    return opening + labels + svg[head_end:]

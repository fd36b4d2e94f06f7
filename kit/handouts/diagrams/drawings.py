"""The teaching diagrams, one function each: the words (from texts/diagrams.yaml) laid out on
a canvas of WIDTH by HEIGHT centimetres, the drawing area of a 16:9 slide."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from kit.content.catalog import Catalog
from kit.handouts.diagrams.canvas import Canvas

WIDTH = 29.0
HEIGHT = 11.4
Words = dict[str, Any]


def course_map(words: Words, catalog: Catalog) -> Canvas:
    """The modules in order, with their minutes, in rows of at most eight."""
    c = Canvas(WIDTH, HEIGHT)
    modules = list(catalog.course.modules)
    per_row = min(8, len(modules))
    rows = math.ceil(len(modules) / per_row)
    gap = 0.5
    w = (WIDTH - gap * (per_row - 1)) / per_row
    h = min(4.6, (HEIGHT - 1.6 - gap * (rows - 1)) / rows)
    for n, module in enumerate(modules):
        row, col = divmod(n, per_row)
        x, y = col * (w + gap), 0.4 + row * (h + gap)
        if col:
            c.arrow((x - gap + 0.05, y + h / 2), (x - 0.05, y + h / 2), head=0.25, thickness=1)
        c.rect(x, y, w, h)
        c.text(x, y + 0.15, w, 1.0, module.id, size=22, bold=True, colour="accent")
        c.text(x + 0.2, y + 1.15, w - 0.4, h - 2.1, module.title, size=15)
        c.text(x, y + h - 0.9, w, 0.75, f"{module.minutes} min", size=14, colour="muted")
    total = sum(m.minutes for m in modules)
    top, x = 0.4 + rows * (h + gap) + 0.6, 0.0
    for n, module in enumerate(modules):  # the same modules, each as long as it takes
        w = WIDTH * module.minutes / total
        dark = n % 2 == 1
        c.rect(x, top, w, 1.2, fill="accent" if dark else "tint", radius=0)
        if w > 0.9:
            c.text(x, top, w, 1.2, module.id, size=14, colour="paper" if dark else "ink")
        x += w
    hours = round(total / 60 * 2) / 2
    c.text(0, top + 1.5, WIDTH, 0.9, f"In all: {total} minutes, about {hours:g} hours", size=18)
    return c


def two_systems(words: Words, catalog: Catalog) -> Canvas:
    """Kotter's two systems side by side, task for task, with what each lacks alone."""
    c = Canvas(WIDTH, HEIGHT)
    w = 12.6
    for side, x in (("management", 0.2), ("leadership", WIDTH - 0.2 - w)):
        part = words[side]
        c.rect(x, 0.1, w, 1.6, fill="accent")
        c.text(x, 0.15, w, 0.85, part["name"], size=22, bold=True, colour="paper")
        c.text(x, 0.95, w, 0.65, part["copes"], size=16, colour="paper")
        for n, task in enumerate(part["tasks"]):
            y = 2.1 + n * 1.65
            c.rect(x, y, w, 1.35)
            c.text(x + 0.3, y, w - 0.6, 1.35, task, size=18)
    for n in range(3):  # each task and its partner
        y = 2.1 + n * 1.65 + 0.675
        c.line([(0.2 + w, y), (WIDTH - 0.2 - w, y)], stroke="muted", dash=True)
    c.text(0.2, 7.05, WIDTH - 0.4, 0.8, words["pairs"], size=16, colour="muted")
    for key, x in (("too_much_management", 0.2), ("too_much_leadership", WIDTH - 0.2 - w)):
        c.rect(x, 8.3, w, 1.9, fill="warmtint", stroke="warm")
        c.text(x + 0.3, 8.3, w - 0.6, 1.9, words[key], size=17)
    return c


def golden_circle(words: Words, catalog: Catalog) -> Canvas:
    """Three rings, why at the centre, each named and explained beside it."""
    c = Canvas(WIDTH, HEIGHT)
    cx, cy = 5.7, HEIGHT / 2
    radii = (1.9, 3.7, 5.5)  # why, how, what
    fills = (("accent", "paper"), ("tint", "ink"), ("paper", "ink"))
    for r, (fill, _) in reversed(list(zip(radii, fills, strict=True))):
        c.ellipse(cx, cy, r, fill=fill)
    label_x = 13.0
    for n, ring in enumerate(words["rings"]):
        inner = radii[n - 1] if n else 0.0
        y = cy if n == 0 else cy - (inner + radii[n]) / 2
        c.text(cx - 1.2, y - 0.45, 2.4, 0.9, ring["name"], size=20, bold=True, colour=fills[n][1])
        c.line([(cx + 1.25, y), (label_x - 0.2, y)], stroke="muted", thickness=0.8)
        c.text(
            label_x,
            y - 0.8,
            WIDTH - label_x,
            1.6,
            f"**{ring['name']}**: {ring['text']}",
            size=18,
            align="left",
        )
    c.text(label_x, 7.0, WIDTH - label_x, 1.6, words["inside_out"], size=17, align="left")
    c.text(
        label_x, 8.9, WIDTH - label_x, 1.6, words["profit"], size=17, align="left", colour="warm"
    )
    return c


def commitment_scale(words: Words, catalog: Catalog) -> Canvas:
    """Senge's seven attitudes as a rising scale, the compliance zone bracketed."""
    c = Canvas(WIDTH, HEIGHT)
    steps = words["steps"]
    pitch = HEIGHT / len(steps)
    h = pitch - 0.18
    top = {}
    for n, step in enumerate(steps):
        y = HEIGHT - (n + 1) * pitch + 0.09
        top[n] = y
        x = 0.2 + n * 0.45
        high = n >= len(steps) - 2
        c.rect(x, y, 6.2, h, fill="accent" if high else "tint" if n >= 2 else "paper")
        colour = "paper" if high else "ink"
        c.text(x + 0.2, y, 5.8, h, step["name"], size=17, bold=True, colour=colour)
        c.text(9.6, y, 13.2, h, step["text"], size=16, align="left")
    first, last = 2, 4  # grudging, formal and genuine compliance
    y1, y2 = top[last] + 0.1, top[first] + h - 0.1
    c.line([(23.0, y1), (23.4, y1), (23.4, y2), (23.0, y2)], stroke="muted", thickness=1.4)
    c.text(
        23.7,
        y1,
        WIDTH - 23.7,
        y2 - y1,
        words["compliance"],
        size=17,
        bold=True,
        colour="muted",
        align="left",
    )
    c.text(
        23.7,
        top[len(steps) - 1],
        WIDTH - 23.7,
        top[last] - top[len(steps) - 1],
        words["looks_alike"],
        size=13,
        colour="warm",
        align="left",
    )
    return c


def five_stances(words: Words, catalog: Catalog) -> Canvas:
    """Within at the centre; Front, Side, Back and Field around it, each with its other name."""
    c = Canvas(WIDTH, HEIGHT)
    cx, cy, r = WIDTH / 2, HEIGHT / 2, 2.0
    centre = words["centre"]
    front, side, back, field = words["around"]
    boxes = {
        "front": (front, (WIDTH - 12.0) / 2, 0.0, 12.0, 2.6),
        "back": (back, (WIDTH - 12.0) / 2, HEIGHT - 2.6, 12.0, 2.6),
        "side": (side, 0.0, cy - 1.9, 8.6, 3.8),
        "field": (field, WIDTH - 8.6, cy - 1.9, 8.6, 3.8),
    }
    ends = {
        "front": ((cx, cy - r), (cx, 2.6)),
        "back": ((cx, cy + r), (cx, HEIGHT - 2.6)),
        "side": ((cx - r, cy), (8.6, cy)),
        "field": ((cx + r, cy), (WIDTH - 8.6, cy)),
    }
    for key, (stance, x, y, w, h) in boxes.items():
        start, end = ends[key]
        c.arrow((start[0], start[1]), (end[0], end[1]))
        c.rect(x, y, w, h)
        c.text(
            x + 0.2, y + 0.15, w - 0.4, 0.9, f"**{stance['name']}** · *{stance['also']}*", size=19
        )
        c.text(x + 0.3, y + 1.05, w - 0.6, h - 1.2, stance["text"], size=16)
    c.ellipse(cx, cy, r, fill="accent")
    c.text(cx - r, cy - 0.9, 2 * r, 0.9, centre["name"], size=22, bold=True, colour="paper")
    c.text(cx - r + 0.2, cy, 2 * r - 0.4, 0.8, centre["also"], size=15, colour="paper")
    c.text(
        0.0,
        0.0,
        8.2,
        2.6,
        f"**{centre['name']}**: {centre['text']}",
        size=14,
        align="left",
        colour="muted",
    )
    return c


def three_pulls(words: Words, catalog: Catalog) -> Canvas:
    """Pressure at the top, the three pulls it sets off below, and what to do with one."""
    c = Canvas(WIDTH, HEIGHT)
    cx = WIDTH / 2
    c.ellipse(cx, 1.9, 3.6, 1.7, fill="warmtint", stroke="warm")
    c.text(cx - 3.2, 1.4, 6.4, 1.0, words["centre"], size=20, bold=True)
    w, gap = 8.9, 1.15
    for n, pull in enumerate(words["pulls"]):
        x = n * (w + gap)
        c.arrow((cx + (n - 1) * 2.6, 3.55), (x + w / 2, 4.9), stroke="warm")
        c.rect(x, 5.0, w, 3.6)
        c.text(x + 0.2, 5.15, w - 0.4, 0.9, pull["name"], size=20, bold=True, colour="accent")
        c.text(x + 0.3, 6.05, w - 0.6, 2.4, pull["text"], size=16)
    c.text(0.0, 9.2, WIDTH, 1.9, words["signal"], size=18, bold=True, colour="accent")
    return c


def responsibility_process(words: Words, catalog: Catalog) -> Canvas:
    """Responsibility above the line, the ways of coping below it, and Quit to the side."""
    c = Canvas(WIDTH, HEIGHT)
    x, w, h, pitch = 5.6, 12.4, 1.5, 1.72
    above = words["above"]
    c.rect(x, 0.2, w, 1.7, fill="accent")
    c.text(
        x + 0.2, 0.2, w - 0.4, 1.7, f"**{above['name']}**: {above['text']}", size=18, colour="paper"
    )
    line_y = 2.45
    c.line([(0.2, line_y), (23.6, line_y)], stroke="ink", thickness=3)
    c.text(23.8, line_y - 0.45, WIDTH - 23.8, 0.9, words["line"], size=17, bold=True, align="left")
    below = words["below"]
    for n, state in enumerate(below):
        y = 3.0 + n * pitch
        c.rect(x, y, w, h, fill="warmtint", stroke="warm")
        c.text(x + 0.2, y, w - 0.4, h, f"**{state['name']}**: {state['text']}", size=17)
    bottom = 3.0 + len(below) * pitch - (pitch - h)
    c.arrow((4.9, bottom), (4.9, 0.3), stroke="muted")
    c.text(0.0, 0.2, 4.5, 1.7, words["owning"], size=16, colour="muted", align="right")
    c.text(0.0, 3.0, 4.5, bottom - 3.0, words["coping"], size=16, colour="muted", align="right")
    quit_ = words["quit"]
    qy = 3.0  # beside obligation and shame, the states it escapes from
    c.arrow((x + w, qy + h / 2 + pitch / 2), (20.4, qy + h / 2 + pitch / 2), stroke="muted")
    c.rect(20.5, qy, WIDTH - 20.5, h + pitch, fill="paper", stroke="muted")
    c.text(20.7, qy + 0.1, WIDTH - 20.9, 0.9, quit_["name"], size=18, bold=True)
    c.text(20.7, qy + 1.0, WIDTH - 20.9, h + pitch - 1.1, quit_["text"], size=15)
    return c


def listening_levels(words: Words, catalog: Catalog) -> Canvas:
    """Four steps rising to the right; under each the opening it needs and the voice that
    closes it."""
    c = Canvas(WIDTH, HEIGHT)
    levels = words["levels"]
    w, h, dx, dy = 6.8, 3.1, 7.4, 2.15
    voices = ["", *words["voices"]]
    for n, level in enumerate(levels):
        x, y = 0.0 + n * dx, HEIGHT - h - 0.1 - n * dy
        c.rect(x, y, w, h, fill="accent" if n == len(levels) - 1 else "tint")
        colour = "paper" if n == len(levels) - 1 else "ink"
        c.text(x + 0.2, y + 0.1, w - 0.4, 0.9, level["name"], size=19, bold=True, colour=colour)
        c.text(x + 0.25, y + 0.95, w - 0.5, h - 1.05, level["text"], size=15, colour=colour)
        if level.get("opens"):
            c.text(x, y + h + 0.1, w, 0.75, level["opens"], size=16, bold=True, colour="accent")
        if n < len(voices) and voices[n]:
            c.text(
                x,
                y + h + 0.8,
                w,
                0.75,
                f"{voices[n]} {words['voices_label']}",
                size=14,
                colour="warm",
            )
    c.arrow((0.3, 7.6), (19.6, 1.0), stroke="muted")
    c.text(0.3, 3.6, 8.4, 1.0, words["attention"], size=16, colour="muted", align="left")
    return c


def three_conversations(words: Words, catalog: Catalog) -> Canvas:
    """The three conversations as columns: what each is about, the move, and (the course's own
    mapping) the listening that helps."""
    c = Canvas(WIDTH, HEIGHT)
    w, gap = 9.3, 0.55
    for n, column in enumerate(words["columns"]):
        x = n * (w + gap)
        c.rect(x, 0.0, w, 1.3, fill="accent")
        c.text(x, 0.0, w, 1.3, column["name"], size=21, bold=True, colour="paper")
        c.text(x + 0.2, 1.45, w - 0.4, 2.0, column["text"], size=16)
        c.text(x, 3.65, w, 0.7, words["move_label"], size=13, colour="muted")
        c.text(x + 0.2, 4.3, w - 0.4, 2.2, column["move"], size=16)
        c.rect(x, 8.2, w, 1.6, fill="tint", stroke="accent")
        c.text(x + 0.2, 8.2, w - 0.4, 1.6, column["level"], size=18, bold=True)
    c.line([(0.0, 7.0), (WIDTH, 7.0)], stroke="muted", dash=True)
    c.text(0.0, 7.2, WIDTH, 0.8, words["level_label"], size=14, colour="muted")
    return c


DRAWINGS: dict[str, Callable[[Words, Catalog], Canvas]] = {
    "course-map": course_map,
    "two-systems": two_systems,
    "golden-circle": golden_circle,
    "commitment-scale": commitment_scale,
    "five-stances": five_stances,
    "three-pulls": three_pulls,
    "responsibility-process": responsibility_process,
    "listening-levels": listening_levels,
    "three-conversations": three_conversations,
}

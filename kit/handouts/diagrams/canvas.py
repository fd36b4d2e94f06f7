"""A small vector canvas: shapes and text boxes in centimetres, handed to Typst as data.

Typst draws them (`diagram` in templates/common.typ), so the labels stay real text in the
PDF: searchable, read aloud by screen readers, and checked by the layout tests like any
other line. Colours are names from the templates' palette ("accent", "ink", "muted",
"rule", "tint", "paper", "warm", "warmtint"). Text is inline Markdown, set as plain text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from kit.handouts import richtext as rt

Point = tuple[float, float]
Align = Literal["left", "center", "right"]


@dataclass
class Canvas:
    """Shapes in drawing order (later ones on top); x to the right, y downwards, in cm."""

    width: float
    height: float
    shapes: list[dict[str, Any]] = field(default_factory=list)

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str | None = "tint",
        stroke: str | None = "accent",
        radius: float = 0.2,
        thickness: float = 1.2,
    ) -> None:
        self._check(x, y, w, h)
        self.shapes.append(
            {"t": "rect", "x": x, "y": y, "w": w, "h": h, "fill": fill, "stroke": stroke}
            | {"radius": radius, "thickness": thickness}
        )

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float | None = None,
        *,
        fill: str | None = "tint",
        stroke: str | None = "accent",
        thickness: float = 1.2,
    ) -> None:
        ry = rx if ry is None else ry
        self._check(cx - rx, cy - ry, 2 * rx, 2 * ry)
        self.shapes.append(
            {"t": "ellipse", "x": cx - rx, "y": cy - ry, "w": 2 * rx, "h": 2 * ry}
            | {"fill": fill, "stroke": stroke, "thickness": thickness}
        )

    def line(
        self,
        points: list[Point],
        *,
        stroke: str = "accent",
        thickness: float = 1.2,
        dash: bool = False,
    ) -> None:
        for x, y in points:
            self._check(x, y, 0, 0)
        self.shapes.append(
            {"t": "line", "points": [list(p) for p in points], "stroke": stroke}
            | {"thickness": thickness, "dash": dash}
        )

    def arrow(
        self,
        start: Point,
        end: Point,
        *,
        stroke: str = "accent",
        thickness: float = 1.4,
        head: float = 0.35,
    ) -> None:
        """A straight arrow from `start` to `end`, its head ending at `end`."""
        (x1, y1), (x2, y2) = start, end
        angle = math.atan2(y2 - y1, x2 - x1)
        back = (x2 - head * math.cos(angle), y2 - head * math.sin(angle))
        self.line([start, back], stroke=stroke, thickness=thickness)
        spread = head * 0.55
        left = (back[0] + spread * math.sin(angle), back[1] - spread * math.cos(angle))
        right = (back[0] - spread * math.sin(angle), back[1] + spread * math.cos(angle))
        self.polygon([end, left, right], fill=stroke)

    def polygon(self, points: list[Point], *, fill: str = "accent") -> None:
        for x, y in points:
            self._check(x, y, 0, 0)
        self.shapes.append({"t": "polygon", "points": [list(p) for p in points], "fill": fill})

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        markdown: str,
        *,
        size: float = 16,
        bold: bool = False,
        colour: str = "ink",
        align: Align = "center",
    ) -> None:
        """Text set inside the box (x, y, w, h), centred vertically, wrapped to its width."""
        self._check(x, y, w, h)
        self.shapes.append(
            {"t": "text", "x": x, "y": y, "w": w, "h": h, "body": rt.inline(markdown)}
            | {"size": size, "bold": bold, "fill": colour, "align": align}
        )

    def _check(self, x: float, y: float, w: float, h: float) -> None:
        """Every shape stays on the canvas (a drawing bug shows here, not on a slide)."""
        slack = 1e-6
        if x < -slack or y < -slack or x + w > self.width + slack or y + h > self.height + slack:
            raise ValueError(f"shape at ({x:.2f}, {y:.2f}, {w:.2f}, {h:.2f}) leaves the canvas")

    def texts(self) -> list[str]:
        """The words on the canvas, in drawing order."""
        return [_plain(s["body"]) for s in self.shapes if s["t"] == "text"]

    def to_data(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "shapes": self.shapes}


def _plain(nodes: list[dict[str, Any]]) -> str:
    return "".join(n.get("text", "") + _plain(n.get("c", [])) for n in nodes)

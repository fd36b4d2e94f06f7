"""Reflection: free text to prompts. Complete when every prompt meets its minimum; a trainer
may score it on a rubric later."""

from __future__ import annotations

import random
from itertools import cycle, islice
from typing import Any

from kit.content.schema import ReflectionExercise
from kit.errors import ResponseError
from kit.kinds.base import Kind, Mode, PaperBody, Slide, Writing, scored
from kit.kinds.shapes import mapping
from kit.result import ItemResult, Result
from kit.text import counted, inline, quoted, word_count

WORDS = [
    "team",
    "listened",
    "meeting",
    "asked",
    "quiet",
    "deadline",
    "felt",
    "trust",
    "decided",
    "owned",
    "purpose",
    "colleague",
    "feedback",
    "noticed",
    "paused",
    "chose",
    "support",
    "direction",
    "responsibility",
    "stepped",
    "conversation",
]
SENTENCE = (
    "On Tuesday I asked Sam what would help before I offered my own plan, and I waited for"
    " the answer."
)


class Reflection(Kind[ReflectionExercise]):
    name = "reflection"
    model = ReflectionExercise
    label = "Reflection"
    scored = False
    control = "reflection.js"
    form = "text"
    check_label = "Save"
    again_label = "Edit"

    def grade(self, ex: ReflectionExercise, response: Any) -> Result:
        answers = mapping(response, [p.id for p in ex.prompts], "prompt")
        for prompt_id, text in answers.items():
            if not isinstance(text, str):
                raise ResponseError(
                    f"prompt {prompt_id!r}: expected text, got {type(text).__name__}"
                )
        items, short = [], []
        for p in ex.prompts:
            words = word_count(answers[p.id])
            need = max(p.min_words, 1)
            ok = words >= need
            items.append(
                ItemResult(p.id, p.label, answers[p.id], ok, p.min_words, counted(words, "word"))
            )
            if not ok:
                short.append(
                    f"{quoted(p.label)}: {words} of at least {need} words. Say a little more."
                )
        if short:
            return scored(ex, 0.0, "incomplete", short, items=tuple(items))
        feedback = ["Saved. Thank you for writing it down.", ex.guidance]
        return scored(ex, 1.0, "complete", feedback, items=tuple(items))

    def learner_spec(self, ex: ReflectionExercise, learner: str | None) -> dict[str, Any]:
        return {
            "prompts": [
                {
                    "id": p.id,
                    "label_html": inline(p.label),
                    "hint": p.hint,
                    "min_words": p.min_words,
                    "lines": p.lines,
                }
                for p in ex.prompts
            ]
        }

    def unfinished(self, ex: ReflectionExercise, value: Any) -> str | None:
        if not any(str(v).strip() for v in (value or {}).values()):
            return "Write something first."
        return None

    def response(self, ex: ReflectionExercise, value: Any, learner: str | None) -> Any:
        value = value or {}
        return {p.id: str(value.get(p.id, "")) for p in ex.prompts}

    def paper(
        self, ex: ReflectionExercise, mode: Mode, response: Any, result: Result | None,
        learner: str | None,
    ) -> PaperBody:  # fmt: skip
        answers = response if isinstance(response, dict) else {}
        paper = PaperBody("prompts")
        for p in ex.prompts:
            answer = answers.get(p.id) if response is not None else None
            text = None if answer is None else str(answer)
            paper.writing.append(Writing(p.label, p.hint or "", p.lines, p.min_words, text))
        if mode == "guide":
            paper.guidance = ex.guidance
            paper.rubric = [
                {"label": c.label, "description": c.description, "points": c.max_points}
                for c in ex.rubric
            ]
        return paper

    def slide(self, ex: ReflectionExercise) -> Slide:
        return Slide([p.label for p in ex.prompts])

    def synthetic(self, ex: ReflectionExercise, rng: random.Random, skill: float) -> dict[str, str]:
        return {
            p.id: " ".join(
                rng.choice(WORDS) for _ in range(max(p.min_words, 1) + rng.randrange(25))
            )
            for p in ex.prompts
        }

    def sample(self, ex: ReflectionExercise, slip: bool = False) -> dict[str, str]:
        """Text long enough for each prompt; with `slip`, the first prompt one word short."""
        texts = {}
        for n, p in enumerate(ex.prompts):
            words = max(p.min_words, 12) if not (slip and n == 0) else max(p.min_words - 1, 0)
            texts[p.id] = " ".join(islice(cycle(SENTENCE.split()), words))
        return texts

    def doing_minutes(self, ex: ReflectionExercise) -> float:
        return 2.0 * len(ex.prompts)  # think, then write the minimum or a little more

"""The content schema: pydantic models for exercise files and the course manifest.

Every model forbids unknown keys, so a typo in an exercise file is an error, not a silent
no-op. `schema_version` lets the format change with an upgrade path.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

ExerciseId = Annotated[
    str,
    Field(
        pattern=r"^m\d\d\.[a-z0-9]+(-[a-z0-9]+)*$",
        description="Stable id: 'm' + module number + '.' + a slug, e.g. m01.appointed-or-chosen.",
    ),
]
ItemId = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Short slug, unique in its list."),
]
ConceptId = Annotated[
    str,
    Field(pattern=r"^[a-z]+\.[a-z0-9-]+$", description="A concept id from the course manifest."),
]
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i!r}")
        seen.add(i)


# --- exercise kinds -------------------------------------------------------------------------


class ExerciseBase(Strict):
    id: ExerciseId
    title: Text = Field(description="A short heading shown above the prompt.")
    concepts: list[ConceptId] = Field(min_length=1, description="Concept ids this exercise checks.")
    prompt: Text = Field(description="The question or task, in Markdown.")
    points: float = Field(ge=0, description="Maximum score.")
    rationale: Text = Field(description="Why the answer is what it is; shown after checking.")
    facilitator_note: str | None = Field(
        default=None, description="For trainers only: never shown to learners."
    )
    private: bool = Field(
        default=False,
        description="A personal answer: it stays in the learner's own store and is never"
        " handed in, unless the learner chooses to share it.",
    )


class Option(Strict):
    id: ItemId
    text: Text
    correct: bool = False
    feedback: Text = Field(description="Why this option is right or wrong; shown when checked.")


class ChoiceExercise(ExerciseBase):
    """Pick one option; exactly one is correct."""

    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_correct(self) -> ChoiceExercise:
        _unique([o.id for o in self.options], "option")
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("options: a choice exercise needs exactly one correct option")
        return self


class MultiExercise(ExerciseBase):
    """Pick all that apply; partial credit per option, floored at 0."""

    kind: Literal["multi"]
    options: list[Option] = Field(min_length=3)

    @model_validator(mode="after")
    def _some_correct(self) -> MultiExercise:
        _unique([o.id for o in self.options], "option")
        if not any(o.correct for o in self.options):
            raise ValueError("options: a multi exercise needs at least one correct option")
        return self


class ScenarioOption(Strict):
    id: ItemId
    text: Text
    credit: float = Field(
        ge=0, le=1, description="1 for the best response, between for defensible."
    )
    feedback: Text


class ScenarioExercise(ExerciseBase):
    """A workplace situation: the best response earns full credit, defensible ones partial."""

    kind: Literal["scenario"]
    options: list[ScenarioOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_best(self) -> ScenarioExercise:
        _unique([o.id for o in self.options], "option")
        if sum(o.credit == 1 for o in self.options) != 1:
            raise ValueError("options: a scenario needs exactly one option with credit 1")
        return self


class Bucket(Strict):
    id: ItemId
    label: Text


class CategorizeItem(Strict):
    id: ItemId
    text: Text
    bucket: ItemId
    feedback: Text


class CategorizeExercise(ExerciseBase):
    """Sort statements into buckets; credit per statement."""

    kind: Literal["categorize"]
    buckets: list[Bucket] = Field(min_length=2)
    items: list[CategorizeItem] = Field(min_length=2)

    @model_validator(mode="after")
    def _known_buckets(self) -> CategorizeExercise:
        _unique([b.id for b in self.buckets], "bucket")
        _unique([i.id for i in self.items], "item")
        known = {b.id for b in self.buckets}
        for item in self.items:
            if item.bucket not in known:
                raise ValueError(f"items: {item.id!r} names unknown bucket {item.bucket!r}")
        return self


class OrderItem(Strict):
    id: ItemId
    text: Text
    feedback: str | None = Field(
        default=None,
        description="Why this step sits where it does; shown when a learner puts it elsewhere.",
    )


class OrderExercise(ExerciseBase):
    """Put steps in order; `items` are listed in the correct order. Credit by pairs."""

    kind: Literal["order"]
    items: list[OrderItem] = Field(min_length=3)

    @model_validator(mode="after")
    def _unique_items(self) -> OrderExercise:
        _unique([i.id for i in self.items], "item")
        return self


class Scale(Strict):
    id: ItemId
    label: Text
    strong: Text = Field(description="A reading for the learner's highest scale.")
    growth: Text = Field(description="A reading for the learner's least-used scale.")


class LikertItem(Strict):
    id: ItemId
    text: Text
    scale: ItemId
    reverse: bool = Field(
        default=False, description="Reverse-worded: scored as (max + 1 - rating)."
    )


MAX_RATERS = 20
RERATED = ("choices", "not_applicable", "scales", "items")  # a re-rating takes the original's


class LikertExercise(ExerciseBase):
    """Rate items on a frequency scale: no right answer, a profile per scale.

    An observer form (`observer_of`) is answered by several colleagues, one at a time; a
    re-rating (`rerate_of`) asks the same items again later and takes its choices, scales and
    items from the original (the catalog fills them in).
    """

    kind: Literal["likert"]
    choices: list[Text] = Field(
        default_factory=list,
        description="Labels of the rating points, low to high (at least 3; a re-rating leaves"
        " them out).",
    )
    not_applicable: Text | None = Field(
        default=None,
        description="Label of a 'can't say' choice after the rating points, e.g. \"Didn't"
        ' arise"; answers of it are left out of the averages. None: every item is rated.',
    )
    scales: list[Scale] = Field(default_factory=list)
    items: list[LikertItem] = Field(default_factory=list)
    observer_of: ExerciseId | None = Field(
        default=None,
        description="This is the observer form of another likert exercise, answered by"
        f" several colleagues (up to {MAX_RATERS}) one at a time.",
    )
    rerate_of: ExerciseId | None = Field(
        default=None,
        description="A re-rating later in the course of another likert self-assessment, shown"
        " beside it as then and now; its choices, scales and items are the original's.",
    )
    reading_high: Text = Field(
        default="Most used", description="Heading of the top scale's reading."
    )
    reading_low: Text = Field(
        default="Least used", description="Heading of the lowest scale's reading."
    )

    @model_validator(mode="after")
    def _known_scales(self) -> LikertExercise:
        if self.rerate_of is not None:
            return self._rerate_only()
        if len(self.choices) < 3:
            raise ValueError("choices: a likert exercise needs at least 3 rating points")
        if not self.scales:
            raise ValueError("scales: a likert exercise needs at least one scale")
        if len(self.items) < 2:
            raise ValueError("items: a likert exercise needs at least 2 items")
        _unique([s.id for s in self.scales], "scale")
        _unique([i.id for i in self.items], "item")
        known = {s.id for s in self.scales}
        for item in self.items:
            if item.scale not in known:
                raise ValueError(f"items: {item.id!r} names unknown scale {item.scale!r}")
        empty = known - {i.scale for i in self.items}
        if empty:
            raise ValueError(f"scales: no items for {sorted(empty)}")
        return self

    def _rerate_only(self) -> LikertExercise:
        if self.observer_of is not None:
            raise ValueError("rerate_of: an observer form cannot also be a re-rating")
        given = [f for f in RERATED if getattr(self, f)]
        if given:
            raise ValueError(
                f"{given[0]}: a re-rating takes its choices, scales and items from"
                f" {self.rerate_of}; leave them out"
            )
        return self

    def rerated(self, original: LikertExercise) -> LikertExercise:
        """This re-rating with the choices, scales and items of `original`."""
        return self.model_copy(update={f: getattr(original, f) for f in RERATED})


class ReflectionPrompt(Strict):
    id: ItemId
    label: Text
    hint: str | None = None
    min_words: int = Field(default=0, ge=0)
    lines: int = Field(default=4, ge=1, le=30, description="Height of the answer box.")


class RubricCriterion(Strict):
    id: ItemId
    label: Text
    description: Text
    max_points: float = Field(gt=0)


class ReflectionExercise(ExerciseBase):
    """Free text to prompts: complete when every prompt meets its minimum."""

    kind: Literal["reflection"]
    prompts: list[ReflectionPrompt] = Field(min_length=1)
    guidance: Text = Field(description="What a good answer does; shown after checking.")
    rubric: list[RubricCriterion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_prompts(self) -> ReflectionExercise:
        _unique([p.id for p in self.prompts], "prompt")
        _unique([c.id for c in self.rubric], "rubric")
        return self


Exercise = Annotated[
    ChoiceExercise
    | MultiExercise
    | ScenarioExercise
    | CategorizeExercise
    | OrderExercise
    | LikertExercise
    | ReflectionExercise,
    Field(discriminator="kind"),
]

# --- files ----------------------------------------------------------------------------------


class Timing(Strict):
    minutes: int = Field(gt=0)
    activity: Text
    practice: bool = Field(
        default=False,
        description="Everyone practises in turn (e.g. three rotations in threes): a run sheet"
        " that is short of time shortens the other activities, never this one.",
    )


class FacilitatorNotes(Strict):
    """For trainers: a live-session plan. Never shown in learner views."""

    timings: list[Timing] = Field(default_factory=list)
    discussion: list[Text] = Field(default_factory=list)
    confusions: list[Text] = Field(default_factory=list)


class ExerciseFile(Strict):
    """One module's exercises: `exercises/NN-slug.yaml`."""

    schema_version: Literal[1]
    module: str = Field(pattern=r"^\d\d$")
    facilitator: FacilitatorNotes = Field(default_factory=FacilitatorNotes)
    exercises: list[Exercise] = Field(default_factory=list)


class Concept(Strict):
    id: ConceptId
    teach: Text
    sources: list[Text] = Field(default_factory=list)


class Objective(Strict):
    """What a learner will be able to do, and the concepts whose exercises check it."""

    text: Text
    assessed_by: list[ConceptId] = Field(
        default_factory=list,
        description="Concept ids of this module whose exercises check the objective.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value


class Module(Strict):
    id: str = Field(pattern=r"^\d\d$")
    slug: ItemId
    title: Text
    minutes: int = Field(gt=0, le=120)
    objectives: list[Objective] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    concepts: list[Concept] = Field(min_length=1)

    @model_validator(mode="after")
    def _objectives_name_own_concepts(self) -> Module:
        known = {c.id for c in self.concepts}
        for number, objective in enumerate(self.objectives, 1):
            unknown = [c for c in objective.assessed_by if c not in known]
            if unknown:
                raise ValueError(
                    f"objectives: objective {number} names concepts not in this module: {unknown}"
                )
        return self

    @property
    def stem(self) -> str:
        """File name stem shared by the notebook and the exercise file."""
        return f"{self.id}-{self.slug}"


class Course(Strict):
    """The course manifest: `exercises/course.yaml`."""

    schema_version: Literal[1]
    title: Text
    modules: list[Module] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_modules(self) -> Course:
        _unique([m.id for m in self.modules], "module")
        _unique([c.id for m in self.modules for c in m.concepts], "concept")
        return self

"""The course catalog: the manifest and every exercise file, validated together."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path

from kit.content.loader import find_line, read_model
from kit.content.schema import Course, Exercise, ExerciseFile, LikertExercise, Module
from kit.errors import ContentError, Problem, UnknownExerciseError

COURSE_FILE = "course.yaml"
INSTALLED = "the course installed with the kit"
SHOW_CALL = re.compile(r"""kit\.show\(\s*["']([^"']*)["']""")


def default_root() -> Path:
    """The exercises folder the course runs from: `KIT_CONTENT` if set, else the packaged one."""
    env = os.environ.get("KIT_CONTENT")
    return Path(env) if env else packaged_root()


def packaged_root() -> Path:
    """The course that came with the kit: `kit/course/exercises` in an installed wheel, else
    the `exercises/` folder beside the `kit` package (a checkout or an editable install)."""
    shipped = files("kit") / "course" / "exercises"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "exercises"


def find_course(start: Path) -> Path | None:
    """The course folder `start` is in, looking upward like git: the first folder that holds
    course.yaml itself or in its `exercises/`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for candidate in (folder, folder / "exercises"):
            if (candidate / COURSE_FILE).is_file():
                return candidate
    return None


def course_to_check() -> tuple[Path, str]:
    """The course `kit check` checks with no paths, and how it was chosen: the course folder
    you stand in (found upward), else `KIT_CONTENT`, else the course installed with the kit."""
    found = find_course(Path.cwd())
    if found is not None:
        return found, "the course folder you are in"
    env = os.environ.get("KIT_CONTENT")
    if env:
        return Path(env), "KIT_CONTENT"
    return packaged_root(), INSTALLED


def content_hash(exercise: Exercise) -> str:
    """A short, stable hash of what the learner sees and is graded on (not who may see it)."""
    data = exercise.model_dump(mode="json", exclude={"facilitator_note", "private"})
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


@dataclass(frozen=True)
class Catalog:
    """Validated course content, with lookups by module and exercise id."""

    root: Path
    course: Course
    files: dict[str, ExerciseFile]

    @cached_property
    def exercises(self) -> dict[str, Exercise]:
        return {e.id: e for m in self.course.modules for e in self.module_exercises(m.id)}

    @property
    def modules_dir(self) -> Path:
        return self.root.parent / "modules"

    def module(self, module_id: str) -> Module:
        for m in self.course.modules:
            if m.id == module_id:
                return m
        known = ", ".join(m.id for m in self.course.modules)
        raise UnknownExerciseError(f"no module {module_id!r}; the modules are {known}")

    def module_exercises(self, module_id: str) -> list[Exercise]:
        file = self.files.get(module_id)
        return list(file.exercises) if file else []

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except (KeyError, TypeError):
            close = difflib.get_close_matches(
                str(exercise_id), list(self.exercises), n=3, cutoff=0.5
            )
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownExerciseError(f"no exercise {exercise_id!r}{hint}") from None

    def hash_of(self, exercise_id: str) -> str:
        return content_hash(self.exercise(exercise_id))


_cache: dict[tuple[object, ...], Catalog] = {}


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and check all content under `root`; raise ContentError listing every problem."""
    root = (root or default_root()).resolve()
    key = _fingerprint(root)
    if key not in _cache:
        catalog, problems = _build(root)
        if problems or catalog is None:
            raise ContentError(problems)
        _cache.clear()
        _cache[key] = catalog
    return _cache[key]


def check(root: Path | None = None) -> list[Problem]:
    """Every problem in the content under `root` and the notebooks beside it."""
    root = (root or default_root()).resolve()
    catalog, problems = _build(root)
    if catalog is not None:
        course_path = root / COURSE_FILE
        problems += _check_modules(course_path, catalog.course, root, catalog.files)
        problems += _check_coverage(course_path, catalog.course, catalog.files)
        problems += _check_notebooks(catalog)
    return problems


def check_notebook(path: Path, catalog: Catalog) -> list[Problem]:
    """Problems in one notebook: `kit.show` calls naming exercises that do not exist."""
    try:
        raw = path.read_text(encoding="utf-8")
        cells = json.loads(raw)["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [Problem(str(path), 1, "", "", f"not a readable notebook: {exc}")]
    problems, cursor = [], 0
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        for exercise_id in SHOW_CALL.findall(source):
            pos = raw.find(exercise_id, cursor) if exercise_id else -1
            cursor = max(cursor, pos)
            line = raw.count("\n", 0, pos) + 1 if pos >= 0 else 1
            if exercise_id not in catalog.exercises:
                try:
                    catalog.exercise(exercise_id)
                except UnknownExerciseError as exc:
                    problems.append(Problem(str(path), line, exercise_id, "kit.show", str(exc)))
    return problems


def _fingerprint(root: Path) -> tuple[object, ...]:
    try:
        files = sorted(root.glob("*.yaml"))
        return (root, *((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files))
    except OSError:
        return (root, "unreadable")


def _build(root: Path) -> tuple[Catalog | None, list[Problem]]:
    """Load the content; its problems are those that stop the course from working.

    Completeness (every module's files present, every concept exercised) is left to `check`,
    so a course being written can still be used.
    """
    course_path = root / COURSE_FILE
    if not course_path.is_file():
        return None, [Problem(str(course_path), 1, "", "", "course manifest not found")]
    course, problems = read_model(course_path, Course)
    files: dict[str, ExerciseFile] = {}
    paths: dict[str, Path] = {}
    for path in sorted(root.glob("[0-9][0-9]-*.yaml")):
        file, file_problems = read_model(path, ExerciseFile)
        problems += file_problems
        if file is None:
            continue
        problems += _check_file_name(path, file)
        if file.module in paths:
            line = find_line(path, ("module",))
            msg = f"module {file.module} already has an exercise file, {paths[file.module].name}"
            problems.append(Problem(str(path), line, "", "module", msg))
            continue
        files[file.module], paths[file.module] = file, path
    if course is None:
        return None, problems
    problems += _check_references(course, files, paths)
    rerated, rerate_problems = _fill_reratings(files, paths)
    return Catalog(root, course, rerated), problems + rerate_problems


def _check_file_name(path: Path, file: ExerciseFile) -> list[Problem]:
    if path.name[:2] == file.module:
        return []
    line = find_line(path, ("module",))
    msg = f"file name says module {path.name[:2]} but the file says {file.module}"
    return [Problem(str(path), line, "", "module", msg)]


def _check_modules(
    course_path: Path, course: Course, root: Path, files: dict[str, ExerciseFile]
) -> list[Problem]:
    problems = []
    for i, module in enumerate(course.modules):
        for folder, suffix in ((root, ".yaml"), (root.parent / "modules", ".ipynb")):
            expected = folder / f"{module.stem}{suffix}"
            if not expected.is_file():
                line = find_line(course_path, ("modules", i, "slug"))
                problems.append(
                    Problem(
                        str(course_path),
                        line,
                        "",
                        f"modules.{i}",
                        f"{expected.relative_to(root.parent)} is missing",
                    )
                )
    listed = {m.id for m in course.modules}
    for module_id in sorted(set(files) - listed):
        problems.append(
            Problem(
                str(course_path), 1, "", "modules", f"module {module_id} is not in the manifest"
            )
        )
    return problems


def _check_references(
    course: Course, files: dict[str, ExerciseFile], paths: dict[str, Path]
) -> list[Problem]:
    concepts = {c.id for m in course.modules for c in m.concepts}
    seen: dict[str, str] = {}
    problems = []
    for module_id, file in files.items():
        path = paths[module_id]
        for i, exercise in enumerate(file.exercises):

            def report(
                field: str,
                message: str,
                loc: tuple[str | int, ...],
                ex: Exercise = exercise,
                at: Path = path,
                n: int = i,
            ) -> None:
                line = find_line(at, ("exercises", n, *loc))
                problems.append(Problem(str(at), line, ex.id, field, message))

            if not exercise.id.startswith(f"m{module_id}."):
                report("id", f"ids in module {module_id} start with 'm{module_id}.'", ("id",))
            if exercise.id in seen:
                report("id", f"duplicate id, also in {seen[exercise.id]}", ("id",))
            seen.setdefault(exercise.id, path.name)
            for j, concept in enumerate(exercise.concepts):
                if concept not in concepts:
                    close = difflib.get_close_matches(concept, list(concepts), n=1)
                    hint = f"; did you mean {close[0]}?" if close else ""
                    report(f"concepts.{j}", f"unknown concept {concept!r}{hint}", ("concepts", j))
            observed = getattr(exercise, "observer_of", None)
            if observed and observed not in {e.id for f in files.values() for e in f.exercises}:
                report("observer_of", f"no exercise {observed!r}", ("observer_of",))
    return problems


def _fill_reratings(
    files: dict[str, ExerciseFile], paths: dict[str, Path]
) -> tuple[dict[str, ExerciseFile], list[Problem]]:
    """Files with every re-rating given its original's choices, scales and items."""
    by_id = {e.id: e for f in files.values() for e in f.exercises}
    filled, problems = {}, []
    for module_id, file in files.items():
        exercises = list(file.exercises)
        for n, exercise in enumerate(exercises):
            original_id = getattr(exercise, "rerate_of", None)
            if original_id is None:
                continue
            original = by_id.get(original_id)
            if isinstance(original, LikertExercise) and not (
                original.observer_of or original.rerate_of
            ):
                exercises[n] = exercise.rerated(original)  # type: ignore[union-attr]
                continue
            path = paths[module_id]
            line = find_line(path, ("exercises", n, "rerate_of"))
            message = f"{original_id!r} is not a likert self-assessment to rate again"
            problems.append(Problem(str(path), line, exercise.id, "rerate_of", message))
        filled[module_id] = file.model_copy(update={"exercises": exercises})
    return filled, problems


def _check_coverage(
    course_path: Path, course: Course, files: dict[str, ExerciseFile]
) -> list[Problem]:
    """Every concept of a module with an exercise file is checked by at least one exercise."""
    tagged = {c for f in files.values() for e in f.exercises for c in e.concepts}
    problems = []
    for i, module in enumerate(course.modules):
        if module.id not in files:
            continue
        for j, concept in enumerate(module.concepts):
            if concept.id not in tagged:
                line = find_line(course_path, ("modules", i, "concepts", j))
                field = f"modules.{i}.concepts.{j}"
                message = f"no exercise checks concept {concept.id!r}"
                problems.append(Problem(str(course_path), line, "", field, message))
    return problems


def _check_notebooks(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted(catalog.modules_dir.glob("*.ipynb")):
        if path.name[:2] in catalog.files:  # a broken exercise file is reported on its own
            problems += check_notebook(path, catalog)
    return problems

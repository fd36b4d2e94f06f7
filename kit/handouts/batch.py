"""One workbook per learner, into a folder, with a progress bar, on several cores when it helps."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from kit.answers import Answer
from kit.errors import KitError, LearnerError
from kit.handouts.model import Paper
from kit.identity import validate_learner

# Seconds a helper process takes to start and load the engine (measured on a 2-core machine).
HELPER_START_S = 2.0
MAX_PROCESSES = 4
QUEUED_PER_HELPER = 2
# Path separators, characters Windows refuses, white space and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\s\x00-\x1f\x7f]+')


@dataclass(frozen=True)
class Job:
    """One workbook to make: whose, with which content, into which file. The answers are
    read from `store` by whoever makes it, or given in `done` (e.g. from a cohort)."""

    learner: str
    target: Path
    content: Path
    module: str | None
    paper: Paper
    today: date
    store: Path | None = None
    done: dict[str, Answer] | None = None
    font_paths: tuple[str, ...] = ()


def file_names(learners: list[str]) -> dict[str, str]:
    """A distinct, portable PDF file name per learner (also on case-blind file systems), with
    no path separators, so it names a file inside the output folder whatever the learner id."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for learner in learners:
        stem = _UNSAFE.sub("_", learner).strip("._") or "learner"
        candidate, n = stem, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.casefold())
        names[learner] = f"{candidate}-workbook.pdf"
    return names


def make_workbook(job: Job) -> Path:
    """Build and render one workbook (runs in a worker process or in this one)."""
    from kit.answers import latest_answers
    from kit.content.catalog import load_catalog
    from kit.handouts.documents import build
    from kit.handouts.render import render
    from kit.store import open_store

    catalog = load_catalog(job.content)
    if job.done is not None:
        done = job.done
    else:
        assert job.store is not None
        done = latest_answers(catalog, open_store(job.store), job.learner)
    document = build(
        "workbook",
        catalog,
        job.module,
        learner=job.learner,
        done=done,
        paper=job.paper,
        today=job.today,
    )
    return render(document, job.target, job.font_paths)


def helpers_pay(left: int, pace: float) -> bool:
    """Whether helper processes pay for their start: the work left outlasts a helper's start."""
    return left * pace > HELPER_START_S


def workbooks(
    store: str | Path | None,
    folder: str | Path,
    module: str | None = None,
    *,
    cohort: str | Path | None = None,
    paper: Paper | None = None,
    workers: int | None = None,
    progress: bool = True,
    today: date | None = None,
    font_paths: Iterable[str | Path] = (),
    skipped: Callable[[str, str], None] | None = None,
) -> list[Path]:
    """Write one workbook per learner in `store`, or in the gradebook of `cohort` (a cohort
    folder), into `folder`. workers: processes to use, this one included (default: up to the
    cores, when the batch is big enough for more than one to pay). font_paths: folders of
    further fonts. skipped: called with each cohort learner left out and the reason."""
    from kit.content.catalog import load_catalog
    from kit.handouts.render import default_paper
    from kit.store import open_store

    given: dict[str, dict[str, Answer]] | None = None
    store_path: Path | None = None
    if cohort is not None:
        from kit.handouts.cohort import cohort_answers_and_skips

        content, given, left_out = cohort_answers_and_skips(cohort)
        names, source = sorted(given), f"the cohort {cohort}"
        for learner, why in sorted(left_out.items()):
            if skipped is not None:
                skipped(learner, why)
    elif store is not None:
        store_path = Path(store).resolve()
        if not store_path.is_file():
            raise KitError(f"no store at {store}")
        content, names, source = load_catalog().root, open_store(store_path).learners(), str(store)
    else:
        raise KitError("give a store or a cohort folder")
    if module is not None:
        load_catalog(content).module(module)
    refused = refused_learners(names)
    names = [n for n in names if n not in refused]
    if not names and not refused:
        raise KitError(f"no learners have answers in {source}")
    out = Path(folder).resolve()
    out.mkdir(parents=True, exist_ok=True)
    files = file_names(names)
    jobs = [
        Job(
            learner,
            inside(out, files[learner]),
            content,
            module,
            paper or default_paper(),
            today or date.today(),
            store=store_path,
            done=given[learner] if given is not None else None,
            font_paths=tuple(str(p) for p in font_paths),
        )
        for learner in names
    ]
    return run(jobs, workers, progress, refused)


def refused_learners(names: list[str]) -> dict[str, str]:
    """The learner ids (from a store or gradebook) that are not valid ids, with the reason."""
    refused = {}
    for name in names:
        try:
            if validate_learner(name) != name:
                raise LearnerError("it is not written in its normal form")
        except LearnerError as exc:
            refused[name] = f"not a valid learner id: {exc}"
    return refused


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refusing a name that would land anywhere but directly in `folder`."""
    target = (folder / name).resolve()
    if target.parent != folder:
        raise KitError(f"refusing to write {target}: it is outside {folder}")
    return target


def run(
    jobs: list[Job],
    processes: int | None,
    progress: bool,
    refused: dict[str, str] | None = None,
) -> list[Path]:
    """Make every job's workbook; raise KitError naming the learners whose workbook failed
    (and those `refused` beforehand), once the others are made.

    This process works through the queue from the front; helper processes, if any, take jobs
    from the back. processes: how many, this one included; None: up to the cores, with helpers
    started only when the pace of the first workbooks shows they will pay for their start.
    """
    from tqdm import tqdm

    most = processes or min(os.cpu_count() or 1, MAX_PROCESSES)
    done: dict[str, Path] = {}
    failed: dict[str, str] = dict(refused or {})
    pending = deque(jobs)
    running: dict[Future[Path], Job] = {}
    pool: ProcessPoolExecutor | None = None
    pace: float | None = None
    made = 0
    with tqdm(total=len(jobs), unit="workbook", disable=not progress) as bar, ExitStack() as stack:

        def finish(job: Job, result: Callable[[], Path]) -> None:
            try:
                done[job.learner] = result()
            except (KitError, OSError) as exc:
                failed[job.learner] = str(exc)
            bar.update()

        while pending or running:
            wanted = processes is not None or (pace is not None and helpers_pay(len(pending), pace))
            if pool is None and most > 1 and pending and wanted:
                context = multiprocessing.get_context("spawn")
                pool = stack.enter_context(
                    ProcessPoolExecutor(max_workers=most - 1, mp_context=context)
                )
            if pool is not None:
                while pending and len(running) < QUEUED_PER_HELPER * (most - 1):
                    job = pending.pop()
                    running[pool.submit(make_workbook, job)] = job
                for future in [f for f in running if f.done()]:
                    finish(running.pop(future), future.result)
            if pending:
                job = pending.popleft()
                start = time.perf_counter()
                finish(job, partial(make_workbook, job))
                made += 1
                if made > 1:  # the first one also loads the engine
                    pace = time.perf_counter() - start
            elif running:
                wait(running, return_when=FIRST_COMPLETED)
    if failed:
        lines = "; ".join(f"{name}: {why}" for name, why in sorted(failed.items()))
        total = len(jobs) + len(refused or {})
        raise KitError(f"{len(failed)} of {total} workbooks failed: {lines}")
    return [done[job.learner] for job in jobs]

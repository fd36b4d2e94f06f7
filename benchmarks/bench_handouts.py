"""Handout benchmarks: the kit's Typst workbooks against `jupyter nbconvert --to webpdf`.

Run:  .venv/bin/python benchmarks/bench_handouts.py [--runs 3] [--learners 30] [--cohort-learners 100]
          [--notebook modules/01-management-and-leadership.ipynb] [--chromium /usr/bin/chromium]

Measures whole-process wall time (median of --runs) and peak memory (the largest sum of RSS over
the process tree, sampled every 20 ms) of:

- one module's workbook (`kit handout workbook --module NN`) vs `jupyter nbconvert --to webpdf`
  on the same module notebook (goal: at least 5x faster);
- --learners workbooks (`kit handout workbooks --store ...`) vs one `jupyter nbconvert --to
  webpdf` call over as many copies of the notebook (goal: at least 20x faster);
- the same batch on one process (`--workers 1`), to show what the second core brings;
- --cohort-learners whole-course workbooks from a made-up cohort's gradebook (`kit handout
  workbooks --cohort ...`);
- the cost of the fonts for non-Latin scripts: one whole-course workbook in a fresh process,
  with and without them (the font packages left out of the renderer), for a learner writing
  in English and for one writing in Chinese, Arabic and Hindi.

Both sides run offline: in a network namespace of their own (`unshare -n`, as root) when that
works, else on whatever network the machine has. The webpdf side needs a Chromium: Debian's
(`apt-get install chromium`) is linked where playwright looks for its own build. The kit itself
needs none. Results are printed and written to benchmarks/results/handouts.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tree_memory import wait_with_peak_rss

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "benchmarks" / "results" / "handouts.json"


def link_system_chromium(browsers: Path, executable: str) -> None:
    """Make playwright (used by nbconvert's webpdf) find a system Chromium as its own build."""
    import playwright

    spec = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entries = json.loads(spec.read_text())["browsers"]
    revision = next(b["revision"] for b in entries if b["name"] == "chromium-headless-shell")
    folder = browsers / f"chromium_headless_shell-{revision}" / "chrome-headless-shell-linux64"
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "chrome-headless-shell"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(executable)


def response_for(exercise: Any, n: int) -> Any:
    """A valid answer of the exercise's kind, varied by learner number `n` (a made-up
    cohort's answer, as `kit cohort demo` makes them)."""
    import random

    from kit.kinds import kind_of

    return kind_of(exercise).synthetic(exercise, random.Random(f"{exercise.id}{n}"), 0.6)


def make_store(home: Path, module: str, learners: int) -> Path:
    """A store where `learners` learners answered every exercise of `module`."""
    os.environ["KIT_HOME"] = str(home)
    from kit import __version__
    from kit.content.catalog import content_hash, load_catalog
    from kit.grading import grade
    from kit.store import open_store

    catalog = load_catalog()
    store = open_store()
    for n in range(learners):
        for exercise in catalog.module_exercises(module):
            response = response_for(exercise, n)
            result = grade(exercise, response)
            learner = f"learner-{n:02d}"
            store.add_attempt(
                learner, exercise.id, content_hash(exercise), response, result, __version__
            )
    return store.path


def make_cohort(folder: Path, learners: int) -> Path:
    """A made-up cohort of `learners`, collected into its gradebook."""
    from kit.cohort import collect
    from kit.cohort.synthetic import demo_cohort

    cohort = demo_cohort(folder, learners=learners)
    collect(cohort.root)
    return cohort.root


# One whole-course workbook in a fresh process, with or without the script fonts.
FONT_PROBE = """
import sys
from kit.answers import latest_answers
from kit.content.catalog import load_catalog
from kit.handouts.documents import build
from kit.handouts.render import Renderer
from kit.store import open_store
catalog = load_catalog()
done = latest_answers(catalog, open_store(), sys.argv[2])
document = build("workbook", catalog, learner=sys.argv[2], done=done)
Renderer(script_fonts=sys.argv[1] == "with").write(document, __import__("pathlib").Path(sys.argv[3]))
"""
SCRIPTS_ANSWER = (
    "我先听完每个人的困难\uff0c再问他们需要什么。 تحدثت مع كل شخص في الفريق قبل الاجتماع. "
    "मैंने बैठक से पहले टीम के हर व्यक्ति से बात की।"
)


def add_scripts_learner(home: Path) -> None:
    """A learner who answered every reflection of the course in three scripts."""
    os.environ["KIT_HOME"] = str(home)
    from kit import __version__
    from kit.content.catalog import content_hash, load_catalog
    from kit.grading import grade
    from kit.store import open_store

    catalog = load_catalog()
    store = open_store()
    for exercise in catalog.exercises.values():
        if exercise.kind == "reflection":
            response = {p.id: SCRIPTS_ANSWER for p in exercise.prompts}
            result = grade(exercise, response)
            store.add_attempt(
                "scripts", exercise.id, content_hash(exercise), response, result, __version__
            )


def offline_prefix() -> list[str]:
    """`unshare -n` when this user may make a network namespace, else nothing."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS of the whole process tree (MiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = wait_with_peak_rss(proc)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode()[-2000:]}")
    return wall, peak


def bench(name: str, command: list[str], env: dict[str, str], runs: int) -> dict[str, Any]:
    times, peaks = [], []
    for _ in range(runs):
        wall, peak = measure(command, env)
        times.append(wall)
        peaks.append(peak)
    row = {
        "name": name,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "runs_s": [round(t, 3) for t in times],
        "peak_mib": round(max(peaks), 1),
    }
    print(
        f"{name:<42} median {row['median_s']:7.2f} s  min {row['min_s']:7.2f} s  "
        f"peak {row['peak_mib']:7.1f} MiB",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--cohort-learners", type=int, default=100)
    parser.add_argument(
        "--notebook", type=Path, default=REPO / "modules" / "01-management-and-leadership.ipynb"
    )
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    notebook = args.notebook.resolve()
    module = notebook.name[:2]
    prefix = offline_prefix()
    print(f"offline: {'yes (unshare -n)' if prefix else 'no network namespace available'}")
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()}")

    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as tmp:
        work = Path(tmp)
        store = make_store(work / "home", module, args.learners)
        add_scripts_learner(work / "home")
        cohort = make_cohort(work / "cohort", args.cohort_learners)
        link_system_chromium(work / "browsers", args.chromium)
        copies = work / "notebooks"
        copies.mkdir()
        for n in range(args.learners):
            shutil.copy(notebook, copies / f"{notebook.stem}-{n:02d}.ipynb")
        env = {
            **os.environ,
            "KIT_HOME": str(work / "home"),
            "KIT_LEARNER": "learner-00",
            "PLAYWRIGHT_BROWSERS_PATH": str(work / "browsers"),
        }
        kit, jupyter = str(BIN / "kit"), str(BIN / "jupyter")
        out = work / "out"

        def batch(folder: str, *extra: str) -> list[str]:
            """The command for one workbook per learner in the store, into `out/folder`."""
            workbooks = [kit, "handout", "workbooks", "--store", str(store), "--module", module]
            return [*prefix, *workbooks, "--quiet", *extra, "-o", str(out / folder)]

        rows = [
            bench(
                f"kit: one workbook (module {module})",
                [
                    *prefix,
                    kit,
                    "handout",
                    "workbook",
                    "--module",
                    module,
                    "-o",
                    str(out / "one.pdf"),
                ],
                env,
                args.runs,
            ),
            bench(
                "nbconvert --to webpdf: one notebook",
                [
                    *prefix,
                    jupyter,
                    "nbconvert",
                    "--to",
                    "webpdf",
                    str(notebook),
                    "--output-dir",
                    str(out / "web1"),
                ],
                env,
                args.runs,
            ),
            bench(f"kit: {args.learners} workbooks (auto workers)", batch("batch"), env, args.runs),
            bench(
                f"kit: {args.learners} workbooks (--workers 1)",
                batch("batch1", "--workers", "1"),
                env,
                args.runs,
            ),
            bench(
                f"nbconvert --to webpdf: {args.learners} notebooks",
                [
                    *prefix,
                    jupyter,
                    "nbconvert",
                    "--to",
                    "webpdf",
                    *map(str, sorted(copies.iterdir())),
                    "--output-dir",
                    str(out / "web30"),
                ],
                env,
                args.runs,
            ),
            bench(
                f"kit: {args.cohort_learners} whole-course workbooks (cohort)",
                [
                    *prefix,
                    kit,
                    "handout",
                    "workbooks",
                    "--cohort",
                    str(cohort),
                    "--quiet",
                    "-o",
                    str(out / "cohort"),
                ],
                env,
                args.runs,
            ),
        ]
        python = str(BIN / "python")
        for learner in ("learner-00", "scripts"):
            for fonts in ("with", "without"):
                rows.append(
                    bench(
                        f"one course workbook, {learner}, {fonts} script fonts",
                        [*prefix, python, "-c", FONT_PROBE, fonts, learner, str(out / "f.pdf")],
                        env,
                        args.runs,
                    )
                )
    one = rows[1]["median_s"] / rows[0]["median_s"]
    many = rows[4]["median_s"] / rows[2]["median_s"]
    print(f"one workbook: {one:.1f}x faster than webpdf (goal >= 5x)")
    print(f"{args.learners} workbooks: {many:.1f}x faster than webpdf (goal >= 20x)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {"speedup_one": round(one, 1), "speedup_batch": round(many, 1)}
    RESULTS.write_text(json.dumps({"rows": rows, **summary}, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

"""Cohorts: learners hand in one submission file; a trainer collects many into a gradebook.

Learner side: ``kit.submit()`` (or ``kit submit``, or ``kit.cohort.submit_button()`` in a
notebook) hands in a submission: to the hub's exchange service (``KIT_EXCHANGE_URL``, see
``kit.hub``), else as a file in the cohort inbox (``KIT_INBOX``) or the working folder.
Private exercises stay out unless the learner shares them (``kit.share``); ``preview()``
shows what a hand-in holds. The format is documented in ``kit/handin/FORMAT.md``.

Trainer side::

    kit cohort init DIR [--roster CSV] [--inbox PATH]   # a cohort folder
    kit cohort collect DIR [FILES...]                   # grade again, into DIR/gradebook.sqlite3
    kit cohort collect DIR --hub                        # the same, from the hub's exchange
    kit cohort report DIR                               # CSV, Excel and an LMS CSV in DIR/reports

In a notebook (see trainer/cohort-dashboard.ipynb)::

    from kit import cohort
    data = cohort.load("DIR")
    cohort.completion(data)            # a pandas DataFrame
    cohort.completion_heatmap(data)    # a matplotlib Figure
    cohort.rubric_scorer("DIR")        # score reflections on their rubric

Every response is graded again with the trainer's copy of the content; a score in a file is
never read. Names are imported on first use, so ``import kit`` stays light.
"""

from __future__ import annotations

from kit.lazy import lazy_exports

_EXPORTS = {
    "submit": "kit.handin.learner",
    "build_submission": "kit.handin.learner",
    "preview": "kit.handin.learner",
    "share": "kit.sharing",
    "submit_button": "kit.handin.button",
    "init_cohort": "kit.cohort.config",
    "load_config": "kit.cohort.config",
    "collect": "kit.cohort.collector",
    "load": "kit.cohort.data",
    "summary": "kit.cohort.reports",
    "learners": "kit.cohort.reports",
    "completion": "kit.cohort.reports",
    "completion_matrix": "kit.cohort.reports",
    "exercise_stats": "kit.cohort.reports",
    "option_counts": "kit.cohort.reports",
    "concept_mastery": "kit.cohort.reports",
    "concept_summary": "kit.cohort.reports",
    "stance_profiles": "kit.cohort.reports",
    "reflections": "kit.cohort.reports",
    "rubric_scores": "kit.cohort.reports",
    "flags": "kit.cohort.reports",
    "lms": "kit.cohort.reports",
    "write_reports": "kit.cohort.export",
    "html_table": "kit.cohort.export",
    "completion_heatmap": "kit.cohort.charts",
    "score_distributions": "kit.cohort.charts",
    "concept_mastery_chart": "kit.cohort.charts",
    "stance_radar": "kit.cohort.charts",
    "rubric_scorer": "kit.cohort.rubric",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

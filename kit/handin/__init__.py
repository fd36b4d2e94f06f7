"""The learner's side of a hand-in: what goes (never a score, never an unshared private
answer), the preview, and where it goes: the hub's exchange service, or a file for the
cohort inbox. The file format is in `kit/handin/FORMAT.md`.

In a notebook: ``kit.submit()``, or ``kit.cohort.submit_button()`` for a button with a preview.
"""

"""Private exercises: kept in the learner's store unless the learner shares one, item by item.

An exercise marked `private: true` is never handed in. A learner may choose to share one
(for example a stance profile for the cohort's anonymous chart); the choice is a setting in
their own store (`share:<exercise id>`), and they can take it back before the next hand-in.
"""

from __future__ import annotations

from kit.content.catalog import Catalog, load_catalog
from kit.errors import KitError
from kit.store import Store, open_store

SHARE_PREFIX = "share:"
SHARED, NOT_SHARED = "yes", "no"

SHARE_LABEL = "Share this with my trainer"
SHARE_HELP = (
    "Private: your answers here are kept in your own store and are not handed in to your"
    " trainer. If you tick the box, your next hand-in gives your trainer, under your name, every"
    " answer you have checked in this exercise, with the time you checked it (never a score:"
    " your trainer's copy of the course works it out again). Untick it before you hand in to keep it private; what you"
    " have already handed in stays with your trainer."
)


def share_key(exercise_id: str) -> str:
    """The store setting holding the learner's choice for one private exercise."""
    return SHARE_PREFIX + exercise_id


def is_shared(store: Store, exercise_id: str) -> bool:
    """Whether the learner chose to hand in their answers to this private exercise."""
    return store.get_setting(share_key(exercise_id)) == SHARED


def shared_private(store: Store, catalog: Catalog) -> set[str]:
    """The private exercises of the course the learner chose to share."""
    return {i for i, e in catalog.exercises.items() if e.private and is_shared(store, i)}


def handed_in(store: Store, catalog: Catalog) -> set[str]:
    """The exercises whose attempts go into a hand-in: every one not private, and the private
    ones the learner shares."""
    return {i for i, e in catalog.exercises.items() if not e.private} | shared_private(
        store, catalog
    )


def share(exercise_id: str, shared: bool = True) -> bool:
    """Choose whether your next hand-ins include your answers to one private exercise.

    Returns the choice now saved. Only private exercises take a choice: the others are
    always handed in.
    """
    exercise = load_catalog().exercise(exercise_id)
    if not exercise.private:
        raise KitError(f"{exercise_id} is not private: its answers are always handed in")
    open_store().set_setting(share_key(exercise_id), SHARED if shared else NOT_SHARED)
    return shared

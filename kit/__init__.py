"""Leadership Course Kit: exercises, feedback and saved progress for a course for new managers.

In a notebook::

    import kit
    kit.show("m01.appointed-or-chosen")         # an exercise, with your last answer
    kit.progress()                              # what you have done so far
    kit.handout("workbook", "my-workbook.pdf")  # your answers and feedback as a PDF
    kit.submit()                                # hand your answers to your trainer
    kit.share("m02.stance-inventory")           # include one private exercise in hand-ins
    kit.name_form()                             # a field to set the name answers are saved under
    kit.commitments("01")                       # date what you will try from "Try this week"
    kit.follow_up()                             # review your commitments at 30 and 90 days

Names are loaded on first use, so `import kit` itself costs almost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kit.api import progress, record, whoami
    from kit.followup.api import commitments_calendar, stance_history
    from kit.followup.ui import commitments, follow_up
    from kit.handin.learner import submit
    from kit.handouts import handout
    from kit.sharing import share
    from kit.ui.nameform import name_form, set_name
    from kit.ui.show import show

_EXPORTS = {
    "commitments": "kit.followup.ui",
    "commitments_calendar": "kit.followup.api",
    "follow_up": "kit.followup.ui",
    "stance_history": "kit.followup.api",
    "handout": "kit.handouts",
    "name_form": "kit.ui.nameform",
    "progress": "kit.api",
    "record": "kit.api",
    "set_name": "kit.ui.nameform",
    "share": "kit.sharing",
    "show": "kit.ui.show",
    "submit": "kit.handin.learner",
    "whoami": "kit.api",
}
_SUBPACKAGES = ("cohort", "handouts")

__all__ = [
    "__version__",
    "commitments",
    "commitments_calendar",
    "follow_up",
    "handout",
    "name_form",
    "progress",
    "record",
    "set_name",
    "share",
    "show",
    "stance_history",
    "submit",
    "whoami",
]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS, _SUBPACKAGES)

"""Leadership Course Kit: exercises, feedback and saved progress for a course for new managers.

In a notebook::

    import kit
    kit.show("m01.appointed-or-chosen")   # an exercise, with your last answer
    kit.progress()                        # what you have done so far
    kit.handout("workbook", "my-workbook.pdf")  # your answers and feedback as a PDF
    kit.submit()                          # hand your answers to your trainer, as one file
"""

__version__ = "0.1.0"

from kit.api import progress, record, set_name, show, whoami
from kit.cohort.learner import submit
from kit.handouts import handout

__all__ = ["__version__", "handout", "progress", "record", "set_name", "show", "submit", "whoami"]

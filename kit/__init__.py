"""Leadership Course Kit: exercises, feedback and saved progress for a course for new managers.

In a notebook::

    import kit
    kit.show("m01.appointed-or-chosen")   # an exercise, with your last answer
    kit.progress()                        # what you have done so far
"""

__version__ = "0.1.0"

from kit.api import progress, record, set_name, show, whoami

__all__ = ["__version__", "progress", "record", "set_name", "show", "whoami"]

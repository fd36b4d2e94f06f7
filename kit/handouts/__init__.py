"""PDF handouts built from the course content and the store, set with Typst.

- `handout("workbook" | "worksheets" | "guide", output, module, learner)`: one PDF;
- `kit.handouts.batch.workbooks(store, folder)`: one workbook per learner in a store;
- `jupyter nbconvert --to handout NOTEBOOK`: a module notebook with the learner's answers.

Typst and matplotlib are imported only when a handout is made, so `import kit` stays light.
"""

from kit.handouts.api import handout

__all__ = ["handout"]

"""Page objects for the browser tests: a notebook open in JupyterLab and one exercise in it.

Everything here goes through the page a learner sees: menus, clicks and keys. The JupyterLab
application object (exposed by the test server) is read only to wait for the kernel and to
count cells, and used to switch the theme.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kit.content.catalog import load_catalog
from kit.kinds import kind_of

SHOW = re.compile(r"""kit\.show\(\s*["']([^"']+)["']\s*\)""")
LIGHT, DARK = "JupyterLab Light", "JupyterLab Dark"
PANEL = "window.jupyterapp.shell.currentWidget"
# The repo's course: the tests' copies of it give every part the same token.
COURSE = load_catalog(Path(__file__).resolve().parents[2] / "exercises")


def shown_exercises(notebook: Path) -> list[str]:
    """The exercise ids a notebook shows, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        m for c in cells if c["cell_type"] == "code" for m in SHOW.findall("".join(c["source"]))
    ]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    """The visible text of an HTML fragment, with whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return squash("".join(parser.parts))


def squash(text: str) -> str:
    return " ".join(text.split())


class Notebook:
    """One notebook open in JupyterLab in its own browser page."""

    def __init__(self, page: Page, base_url: str, token: str, path: str, file: Path) -> None:
        self.page = page
        self.base_url = base_url
        self.token = token
        self.path = path
        self.file = file

    # --- opening and running ---------------------------------------------------------------

    def open(self) -> Notebook:
        """Open the notebook in a fresh workspace and wait for its kernel."""
        self.page.goto(f"{self.base_url}/lab/tree/{self.path}?reset&token={self.token}")
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        self.wait_for_kernel()
        return self

    def wait_for_kernel(self, timeout: float = 60_000) -> None:
        self.page.wait_for_function(
            f"{PANEL}?.sessionContext?.session?.kernel?.connectionStatus === 'connected'"
            f" && {PANEL}.sessionContext.session.kernel.status === 'idle'",
            timeout=timeout,
        )

    def menu(self, top: str, item: str) -> None:
        """Choose `item` from the menu bar's `top` menu, as a learner would."""
        self.page.get_by_role("menuitem", name=top, exact=True).click()
        self.page.locator(".lm-Menu .lm-Menu-item").filter(
            has=self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$"))
        ).click()

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every cell ran and every exercise is drawn."""
        self._mark_stale()
        self.menu("Run", "Run All Cells")
        self.wait_for_run()

    def restart_kernel(self) -> None:
        """Kernel > Restart Kernel…, confirmed in the dialog."""
        self.menu("Kernel", "Restart Kernel…")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("button.jp-mod-accept", has_text="Restart").click()
        expect(dialog).to_have_count(0)
        self.wait_for_kernel()

    def _mark_stale(self) -> None:
        self.page.evaluate(
            "document.querySelectorAll('.kit-exercise')"
            ".forEach(e => e.setAttribute('data-test-stale', ''))"
        )

    def wait_for_run(self, timeout: float = 60_000) -> None:
        """Wait until no cell is queued or running and each shown exercise has a new view."""
        ids = shown_exercises(self.file)
        try:
            self.page.wait_for_function(
                """ids => {
                  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                  if (prompts.some(p => /\\[[\\s*]?\\]/.test(p.textContent))) return false;
                  return ids.every(id => document.querySelectorAll(
                    `.kit-exercise[data-kit-exercise="${id}"]:not([data-test-stale])`).length === 1);
                }""",
                arg=ids,
                timeout=timeout,
            )
        except PlaywrightTimeout as exc:
            raise AssertionError(f"the notebook did not finish running:\n{self.errors()}") from exc

    def errors(self) -> str:
        """Error outputs and kit problem messages on the page, for failure messages."""
        return "\n".join(
            self.page.locator(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
                " .jp-RenderedText[data-mime-type='application/vnd.jupyter.error'], .kit-problems"
            ).all_inner_texts()
        )

    # --- what is on the page -----------------------------------------------------------------

    def cell_count(self) -> int:
        """Cells in the notebook's model (what `a`, `b` and `d d` would change)."""
        return self.page.evaluate(f"{PANEL}.content.model.cells.length")

    def wait_for_cell_count(self, count: int) -> None:
        self.page.wait_for_function(f"{PANEL}.content.model.cells.length === {count}")

    def cell(self, source_part: str) -> Locator:
        """The code cell whose source contains `source_part`."""
        return self.page.locator(".jp-CodeCell").filter(
            has=self.page.locator(".jp-InputArea", has_text=source_part)
        )

    def exercise(self, exercise_id: str) -> Widget:
        return Widget(self.page, exercise_id)

    def set_theme(self, theme: str) -> None:
        """Switch JupyterLab's theme (the command behind Settings > Theme) and wait for it."""
        self.page.evaluate(
            "theme => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme
        )
        self.page.wait_for_function(
            "theme => document.body.dataset.jpThemeName === theme"
            " && !document.querySelector('.jp-mod-loading')",
            arg=theme,
        )


class Widget:
    """One exercise view on the page, found by its exercise id."""

    def __init__(self, page: Page, exercise_id: str) -> None:
        self.page = page
        self.id = exercise_id
        self.root = page.locator(f'.kit-exercise[data-kit-exercise="{exercise_id}"]')
        self.check_button = self.root.locator(".kit-actions .kit-primary")
        self.again_button = self.root.locator(".kit-actions .kit-button:not(.kit-primary)")
        self.feedback = self.root.locator(".kit-feedback")

    def fresh(self) -> Widget:
        """Unlock the exercise if an earlier answer is shown, so a new one can be given."""
        self.root.scroll_into_view_if_needed()
        if self.again_button.is_visible():
            self.again_button.click()
        expect(self.check_button).to_be_visible()
        expect(self.feedback).to_be_empty()
        return self

    def check(self) -> None:
        self.check_button.click()
        self.wait_for_feedback()

    def wait_for_feedback(self) -> None:
        expect(self.feedback.locator(".kit-verdict")).to_be_visible()
        expect(self.again_button).to_be_visible()

    def status(self) -> str:
        """The status class shown on the feedback, e.g. 'correct' or 'partial'."""
        classes = self.feedback.get_attribute("class") or ""
        found = re.search(r"kit-status-(\w+)", classes)
        return found.group(1) if found else ""

    def feedback_text(self) -> str:
        """The feedback as read on screen. Cells out of view are not laid out (their innerText
        is empty), so scroll to the exercise and wait for the text."""
        self.root.scroll_into_view_if_needed()
        expect(self.feedback.locator(".kit-verdict")).to_have_text(
            re.compile(r"\S"), use_inner_text=True
        )
        return squash(self.feedback.inner_text())

    # --- answering, by kind -----------------------------------------------------------------

    def token(self, part_id: str) -> str:
        """The name the page knows a part by: a token for a part that has a key (an option,
        a statement, a step), else its id."""
        exercise = COURSE.exercises[self.id]
        return kind_of(exercise).tokens(exercise).get(part_id, part_id)

    def option(self, option_id: str) -> Locator:
        return self.root.locator(f'.kit-options input[value="{self.token(option_id)}"]')

    def row(self, item_id: str) -> Locator:
        """The fieldset of one statement (statements are shown in each learner's own order)."""
        return self.root.locator(f'fieldset[data-item="{self.token(item_id)}"]')

    def cell(self, item_id: str, value: Any) -> Locator:
        """The radio button for `value` in a row: a bucket (by its token), a rating, or "can't
        say" (None)."""
        exercise = COURSE.exercises[self.id]
        named = kind_of(exercise).choice_tokens(exercise)
        shown = (
            "na" if value is None else named.get(value, value) if isinstance(value, str) else value
        )
        return self.row(item_id).locator(f'input[value="{shown}"]')

    def answer(self, exercise: Any, slip: bool = False) -> Any:
        """Answer through the page, by the kind's form: right, or with one deliberate slip
        (the kind's sample answers). Returns the response."""
        response = kind_of(exercise).sample(exercise, slip)
        FORMS[kind_of(exercise).form](self, exercise, response)
        return response

    def order_now(self) -> list[str]:
        """The step ids in the order shown (read from the Move up buttons)."""
        back = {self.token(i.id): i.id for i in COURSE.exercises[self.id].items}
        tokens = self.root.locator(".kit-order-item [data-dir='up']").evaluate_all(
            "buttons => buttons.map(b => b.dataset.item)"
        )
        return [back[t] for t in tokens]

    def put_in_order(self, target: list[str]) -> None:
        """Reorder with the keyboard: focus an item's Move up button, press Enter as often as
        needed. Focus follows the moved item, so the presses need no clicks in between."""
        for position, item_id in enumerate(target):
            current = self.order_now()
            steps = current.index(item_id) - position
            if steps <= 0:
                continue
            token = self.token(item_id)
            self.root.locator(f".kit-order-item [data-item='{token}'][data-dir='up']").focus()
            for _ in range(steps):
                self.page.keyboard.press("Enter")
            expect(
                self.root.locator(".kit-order-item [data-dir='up']").nth(position)
            ).to_have_attribute("data-item", token)
        assert self.order_now() == target


def pick_one(widget: Widget, exercise: Any, response: str) -> None:
    widget.option(response).check()


def pick_several(widget: Widget, exercise: Any, response: list[str]) -> None:
    for part in kind_of(exercise).shuffled(exercise):
        widget.option(part.id).set_checked(part.id in response)


def fill_grid(widget: Widget, exercise: Any, response: dict[str, Any]) -> None:
    for row, value in response.items():
        widget.cell(row, value).check()


def put_in_sequence(widget: Widget, exercise: Any, response: list[str]) -> None:
    widget.put_in_order(response)


def write_text(widget: Widget, exercise: Any, response: dict[str, str]) -> None:
    for n, prompt in enumerate(exercise.prompts):
        widget.root.locator("textarea").nth(n).fill(response[prompt.id])


# How the page takes an answer of each form (`Kind.form`): a new kind of a known form needs
# nothing new here.
FORMS: dict[str, Callable[[Widget, Any, Any], None]] = {
    "one": pick_one,
    "several": pick_several,
    "grid": fill_grid,
    "sequence": put_in_sequence,
    "text": write_text,
}


def answer_all(notebook: Notebook, exercises: list[Any], slip: bool = False) -> dict[str, Any]:
    """Answer and check each exercise through the page; returns the responses by id."""
    responses = {}
    for exercise in exercises:
        widget = notebook.exercise(exercise.id).fresh()
        responses[exercise.id] = widget.answer(exercise, slip=slip)
        widget.check()
    return responses

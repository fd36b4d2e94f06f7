"""Page objects for the browser tests: a notebook open in JupyterLab and one exercise in it.

Everything here goes through the page a learner sees: menus, clicks and keys. The JupyterLab
application object (exposed by the test server) is read only to wait for the kernel and to
count cells, and used to switch the theme.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kit.content.schema import (
    CategorizeExercise,
    ChoiceExercise,
    LikertExercise,
    MultiExercise,
    OrderExercise,
    ReflectionExercise,
    ScenarioExercise,
)

SHOW = re.compile(r"""kit\.show\(\s*["']([^"']+)["']\s*\)""")
LIGHT, DARK = "JupyterLab Light", "JupyterLab Dark"
PANEL = "window.jupyterapp.shell.currentWidget"
SENTENCE = "Last spring I asked my team what slowed them down."


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

    def option(self, option_id: str) -> Locator:
        return self.root.locator(f'.kit-options input[value="{option_id}"]')

    def row(self, item_id: str) -> Locator:
        """The fieldset of one statement (statements are shown in each learner's own order)."""
        return self.root.locator(f'fieldset[data-item="{item_id}"]')

    def answer(self, exercise: Any, slip: bool = False) -> Any:
        """Answer through the page: right, or with one deliberate slip. Returns the response."""
        match exercise:
            case ChoiceExercise() | ScenarioExercise():
                options = sorted(exercise.options, key=credit, reverse=True)
                pick = options[1 if slip else 0].id
                self.option(pick).check()
                return pick
            case MultiExercise():
                chosen = [o.id for o in exercise.options if o.correct]
                wrong = [o.id for o in exercise.options if not o.correct]
                if slip:
                    chosen = [*chosen, wrong[0]] if wrong else chosen[1:]
                for option in exercise.options:
                    self.option(option.id).set_checked(option.id in chosen)
                return chosen
            case CategorizeExercise():
                buckets = [b.id for b in exercise.buckets]
                placed = {}
                for n, item in enumerate(exercise.items):
                    bucket = item.bucket
                    if slip and n == 0:
                        bucket = next(b for b in buckets if b != item.bucket)
                    self.row(item.id).locator(f'input[value="{bucket}"]').check()
                    placed[item.id] = bucket
                return placed
            case OrderExercise():
                target = [i.id for i in exercise.items]
                if slip:
                    target[-2:] = target[-1], target[-2]
                self.put_in_order(target)
                return target
            case LikertExercise():
                ratings = {}
                for n, item in enumerate(exercise.items):
                    rating = 1 + (n * 2 + 1) % len(exercise.choices)
                    self.row(item.id).locator(f'input[value="{rating}"]').check()
                    ratings[item.id] = rating
                return ratings
            case ReflectionExercise():
                texts = {}
                for n, prompt in enumerate(exercise.prompts):
                    words = cycle(SENTENCE.split())
                    text = " ".join(islice(words, max(prompt.min_words, 12)))
                    self.root.locator("textarea").nth(n).fill(text)
                    texts[prompt.id] = text
                return texts
        raise TypeError(f"no way to answer {exercise!r}")

    def order_now(self) -> list[str]:
        """The item ids in the order shown (read from the Move up buttons)."""
        return self.root.locator(".kit-order-item [data-dir='up']").evaluate_all(
            "buttons => buttons.map(b => b.dataset.item)"
        )

    def put_in_order(self, target: list[str]) -> None:
        """Reorder with the keyboard: focus an item's Move up button, press Enter as often as
        needed. Focus follows the moved item, so the presses need no clicks in between."""
        for position, item_id in enumerate(target):
            current = self.order_now()
            steps = current.index(item_id) - position
            if steps <= 0:
                continue
            self.root.locator(f".kit-order-item [data-item='{item_id}'][data-dir='up']").focus()
            for _ in range(steps):
                self.page.keyboard.press("Enter")
            expect(
                self.root.locator(".kit-order-item [data-dir='up']").nth(position)
            ).to_have_attribute("data-item", item_id)
        assert self.order_now() == target


def answer_all(notebook: Notebook, exercises: list[Any], slip: bool = False) -> dict[str, Any]:
    """Answer and check each exercise through the page; returns the responses by id."""
    responses = {}
    for exercise in exercises:
        widget = notebook.exercise(exercise.id).fresh()
        responses[exercise.id] = widget.answer(exercise, slip=slip)
        widget.check()
    return responses


def credit(option: Any) -> float:
    """An option's credit whether the exercise is a choice (correct) or a scenario (credit)."""
    value = getattr(option, "credit", None)
    return float(value) if value is not None else float(bool(getattr(option, "correct", False)))

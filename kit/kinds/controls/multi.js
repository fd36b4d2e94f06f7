// Several answers from a list: native checkboxes in one labelled group.

const control = {
  build({ spec, id, promptId, get, set }) {
    const group = h("div", { role: "group", "aria-labelledby": promptId, class: "kit-options" });
    const rows = spec.options.map((option) => {
      const input = h("input", { type: "checkbox", id: `${id}-${option.id}`, value: option.id });
      input.addEventListener("change", () => {
        set(rows.filter((r) => r.input.checked).map((r) => r.input.value));
      });
      const row = h("label", { for: input.id, class: "kit-option" }, input, h("span", { html: option.html }));
      group.append(row);
      return { input, row };
    });
    return {
      element: group,
      focusFirst() {
        rows[0].input.focus();
      },
      update(value, result, locked) {
        const chosen = new Set(value || []);
        for (const { input, row } of rows) {
          input.checked = chosen.has(input.value);
          input.disabled = locked;
          // Only mark what the learner chose: missed options are for them to find.
          const item = result && chosen.has(input.value) ? result.items[input.value] : undefined;
          mark(row, item === undefined ? null : item);
        }
      },
    };
  },
};

export default {
  render({ model, el }) {
    return renderExercise(model, el, control);
  },
};

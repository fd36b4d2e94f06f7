// One answer from a list (choice and scenario): native radio buttons in one labelled group,
// so the group is a single Tab stop and the arrow keys move between options.

const control = {
  build({ spec, id, promptId, get, set }) {
    const group = h("div", { role: "radiogroup", "aria-labelledby": promptId, class: "kit-options" });
    const rows = spec.options.map((option) => {
      const input = h("input", { type: "radio", name: `${id}-choice`, id: `${id}-${option.id}`, value: option.id });
      input.addEventListener("change", () => set(option.id));
      const row = h("label", { for: input.id, class: "kit-option" }, input, h("span", { html: option.html }));
      group.append(row);
      return { input, row };
    });
    return {
      element: group,
      focusFirst() {
        (rows.find((r) => r.input.checked) || rows[0]).input.focus();
      },
      update(value, result, locked) {
        for (const { input, row } of rows) {
          input.checked = input.value === value;
          input.disabled = locked;
          const item = result && result.items[input.value];
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

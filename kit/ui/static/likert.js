// Rate statements on a frequency scale: each statement is a radio group labelled by the
// statement (one Tab stop; arrow keys change the rating).

const control = {
  build({ spec, id, promptId, get, set }) {
    const table = h("div", { class: "kit-likert", role: "group", "aria-labelledby": promptId });
    const rows = spec.items.map((item, n) => {
      const fieldset = h("fieldset", { class: "kit-likert-row" },
        h("legend", { class: "kit-likert-text" }, h("span", { class: "kit-likert-n", text: `${n + 1}. ` }), item.text));
      const scale = h("div", { class: "kit-pills" });
      const inputs = spec.choices.map((label, i) => {
        const value = i + 1;
        const input = h("input", { type: "radio", name: `${id}-${item.id}`, id: `${id}-${item.id}-${value}`, value: String(value) });
        input.addEventListener("change", () => set({ ...(get() || {}), [item.id]: value }));
        scale.append(h("label", { for: input.id, class: "kit-pill" }, input, h("span", { text: label })));
        return input;
      });
      fieldset.append(scale);
      table.append(fieldset);
      return { item, inputs };
    });
    const count = h("p", { class: "kit-count" });
    table.append(count);
    return {
      element: table,
      focusFirst() {
        const first = rows[0].inputs.find((i) => i.checked) || rows[0].inputs[0];
        first.focus();
      },
      update(value, result, locked) {
        const ratings = value || {};
        let done = 0;
        for (const { item, inputs } of rows) {
          if (ratings[item.id]) done += 1;
          for (const input of inputs) {
            input.checked = Number(input.value) === ratings[item.id];
            input.disabled = locked;
          }
        }
        count.textContent = `${done} of ${rows.length} statements rated.`;
      },
    };
  },
};

export default {
  render({ model, el }) {
    return renderExercise(model, el, control);
  },
};

// Sort statements into buckets without dragging: each statement is a small radio group
// (one Tab stop; arrow keys pick the bucket), labelled by the statement itself.

const control = {
  build({ spec, id, promptId, get, set }) {
    const list = h("div", { role: "group", "aria-labelledby": promptId, class: "kit-sort" });
    const rows = spec.items.map((item, n) => {
      const legendId = `${id}-s${n}`;
      const fieldset = h("fieldset", { class: "kit-sort-row", "data-item": item.id },
        h("legend", { id: legendId, class: "kit-sort-text", html: item.html }));
      const choices = h("div", { class: "kit-pills" });
      const inputs = spec.buckets.map((bucket) => {
        const input = h("input", { type: "radio", name: `${id}-${item.id}`, id: `${id}-${item.id}-${bucket.id}`, value: bucket.id });
        input.addEventListener("change", () => set({ ...(get() || {}), [item.id]: bucket.id }));
        choices.append(h("label", { for: input.id, class: "kit-pill" }, input, h("span", { text: bucket.label })));
        return input;
      });
      fieldset.append(choices);
      list.append(fieldset);
      return { item, fieldset, inputs };
    });
    return {
      element: list,
      focusFirst() {
        const first = rows[0].inputs.find((i) => i.checked) || rows[0].inputs[0];
        first.focus();
      },
      update(value, result, locked) {
        const placed = value || {};
        for (const { item, fieldset, inputs } of rows) {
          for (const input of inputs) {
            input.checked = placed[item.id] === input.value;
            input.disabled = locked;
          }
          const ok = result ? result.items[item.id] : undefined;
          mark(fieldset.querySelector("legend"), ok === undefined ? null : ok);
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

// Rate statements on a frequency scale: each statement is a radio group labelled by the
// statement (one Tab stop; arrow keys change the rating). A "can't say" choice, where the
// exercise has one, is sent as null. An observer form first asks which colleague is
// answering; its value is {rater, ratings}, and choosing another colleague empties the form.

function ratingsOf(value) {
  if (value && typeof value.ratings === "object" && value.ratings !== null) return value.ratings;
  return value || {};
}

function raterOf(value) {
  return (value && value.rater) || 1;
}

const control = {
  build({ spec, id, promptId, get, set }) {
    const table = h("div", { class: "kit-likert", role: "group", "aria-labelledby": promptId });
    const save = (rater, ratings) => set(spec.raters ? { rater, ratings } : ratings);
    let picker = null;
    if (spec.raters) {
      picker = h("select", { id: `${id}-rater`, class: "kit-rater" });
      for (let n = 1; n <= spec.raters; n += 1) picker.append(h("option", { value: String(n), text: `Colleague ${n}` }));
      picker.addEventListener("change", () => save(Number(picker.value), {}));
      table.append(h("p", { class: "kit-rater-row" },
        h("label", { for: picker.id, text: "Who is answering? " }), picker,
        h("span", { class: "kit-hint", text: " Each colleague answers on their own: another number starts an empty form." })));
    }
    const points = spec.choices.map((label, i) => ({ label, value: i + 1 }));
    if (spec.not_applicable) points.push({ label: spec.not_applicable, value: null });
    const rows = spec.items.map((item, n) => {
      const fieldset = h("fieldset", { class: "kit-likert-row", "data-item": item.id },
        h("legend", { class: "kit-likert-text" }, h("span", { class: "kit-likert-n", text: `${n + 1}. ` }), item.text));
      const scale = h("div", { class: "kit-pills" });
      const inputs = points.map(({ label, value }) => {
        const key = value === null ? "na" : String(value);
        const input = h("input", { type: "radio", name: `${id}-${item.id}`, id: `${id}-${item.id}-${key}`, value: key });
        input.addEventListener("change", () => {
          const current = get();
          save(raterOf(current), { ...ratingsOf(current), [item.id]: value });
        });
        const pill = h("label", { for: input.id, class: value === null ? "kit-pill kit-pill-na" : "kit-pill" }, input, h("span", { text: label }));
        scale.append(pill);
        return { input, value };
      });
      fieldset.append(scale);
      table.append(fieldset);
      const note = h("span", { class: "kit-unrated-note", text: "" });
      fieldset.querySelector("legend").append(note);
      return { item, inputs, fieldset, note };
    });
    const count = h("p", { class: "kit-count" });
    table.append(count);
    return {
      element: table,
      focusFirst() {
        if (picker && !picker.disabled) {
          picker.focus();
          return;
        }
        const first = rows[0].inputs.find((i) => i.input.checked) || rows[0].inputs[0];
        first.input.focus();
      },
      update(value, result, locked, message) {
        const ratings = ratingsOf(value);
        if (picker) {
          picker.value = String(raterOf(value));
          picker.disabled = locked;
        }
        let done = 0;
        for (const { item, inputs, fieldset, note } of rows) {
          const given = item.id in ratings ? ratings[item.id] : undefined;
          if (given !== undefined) done += 1;
          // After a Check with statements left, show which ones, in words and with a border.
          const missing = Boolean(message) && !locked && given === undefined;
          fieldset.classList.toggle("kit-unrated", missing);
          note.textContent = missing ? " (not rated yet)" : "";
          for (const { input, value: point } of inputs) {
            input.checked = given !== undefined && given === point;
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

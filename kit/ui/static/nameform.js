// The name form: a labelled text field and a Save button; Enter in the field saves too.
// The outcome appears in a status line written by the Python side.

export default {
  render({ model, el }) {
    const id = uid();
    const form = h("form", {
      class: "kit-exercise kit-name-form",
      "aria-label": "Your name",
      "data-lm-suppress-shortcuts": "true",
    });
    form.addEventListener("keydown", (event) => {
      if (!event.ctrlKey && !event.metaKey) event.stopPropagation();
    });
    const input = h("input", {
      type: "text", id: `${id}-name`, class: "kit-text", maxlength: "64", autocomplete: "name",
      "aria-describedby": `${id}-status`,
    });
    const button = h("button", { type: "submit", class: "kit-button kit-primary", text: "Save my name" });
    const status = h("p", { id: `${id}-status`, class: "kit-progress", role: "status" });
    const lost = h("p", { class: "kit-lost", role: "alert" });
    const link = liveness(model, (isLost) => {
      form.classList.toggle("kit-disconnected", isLost);
      lost.textContent = isLost ? lostText() : "";
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      link.send({ event: "save", name: input.value });
    });
    const draw = () => {
      if (document.activeElement !== input) input.value = model.get("name");
      input.disabled = model.get("locked");
      button.disabled = model.get("locked");
      status.textContent = model.get("message");
      status.className = model.get("failed") ? "kit-message" : "kit-progress";
    };
    for (const name of ["name", "message", "failed", "locked"]) model.on(`change:${name}`, draw);
    draw();
    form.append(
      h("label", { for: input.id, class: "kit-field-label", text: "Your name" }),
      h("div", { class: "kit-actions" }, input, button),
      lost,
      status,
    );
    el.append(form);
    return () => link.stop();
  },
};

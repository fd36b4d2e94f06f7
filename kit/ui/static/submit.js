// The "Hand in my answers" button: a button and a status line the Python side writes into.

export default {
  render({ model, el }) {
    const root = h("section", {
      class: "kit-exercise kit-submit",
      "aria-label": "Hand in your answers",
      "data-lm-suppress-shortcuts": "true",
    });
    root.addEventListener("keydown", (event) => {
      if (!event.ctrlKey && !event.metaKey) event.stopPropagation();
    });
    const button = h("button", { type: "button", class: "kit-button kit-primary", text: "Hand in my answers" });
    const status = h("p", { class: "kit-progress", role: "status", "aria-live": "polite" });
    button.addEventListener("click", () => model.send({ event: "submit" }));
    const draw = () => {
      button.disabled = model.get("busy");
      status.textContent = model.get("message");
      status.className = model.get("failed") ? "kit-message" : "kit-progress";
    };
    model.on("change:busy", draw);
    model.on("change:message", draw);
    model.on("change:failed", draw);
    draw();
    root.append(button, status);
    el.append(root);
  },
};

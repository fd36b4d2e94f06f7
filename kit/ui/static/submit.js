// The "Hand in my answers" button: first a preview of exactly what goes, then "Hand in
// exactly this" or "Cancel"; a status line the Python side writes into.

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
    const heading = h("p", { class: "kit-preview-head" });
    const list = h("ul", { class: "kit-preview-list" });
    const confirm = h("button", { type: "button", class: "kit-button kit-primary", text: "Hand in exactly this" });
    const cancel = h("button", { type: "button", class: "kit-button", text: "Cancel" });
    const preview = h("div", { class: "kit-preview", role: "region", "aria-label": "What will be handed in" },
      heading, list, h("div", { class: "kit-actions" }, confirm, cancel));
    const status = h("p", { class: "kit-progress", role: "status", "aria-live": "polite" });
    // Keyboard users stay in place: after a press, focus moves to the buttons that replace
    // the one pressed (a disabled button loses focus meanwhile, so remember the press).
    let focusNext = null;
    const press = (event, next) => () => {
      focusNext = next;
      model.send({ event });
    };
    button.addEventListener("click", press("submit", confirm));
    confirm.addEventListener("click", press("confirm", button));
    cancel.addEventListener("click", press("cancel", button));
    const draw = () => {
      const lines = model.get("preview") || [];
      const busy = model.get("busy");
      button.disabled = busy;
      confirm.disabled = busy;
      preview.hidden = lines.length === 0;
      button.hidden = lines.length > 0;
      heading.textContent = lines[0] || "";
      list.replaceChildren(...lines.slice(1).map((line) => h("li", { text: line.trim() })));
      status.textContent = model.get("message");
      status.className = model.get("failed") ? "kit-message" : "kit-progress";
      if (focusNext && !busy && !focusNext.hidden) {
        focusNext.focus();
        focusNext = null;
      }
    };
    for (const name of ["busy", "message", "failed", "preview"]) model.on(`change:${name}`, draw);
    draw();
    root.append(button, preview, status);
    el.append(root);
  },
};

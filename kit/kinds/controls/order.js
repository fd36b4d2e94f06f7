// Put steps in order without dragging: every step has Move up / Move down buttons, and a
// live region says where the step went.

const control = {
  build({ spec, id, promptId, get, set }) {
    const text = Object.fromEntries(spec.items.map((item) => [item.id, item]));
    const wrap = h("div", { class: "kit-order", role: "group", "aria-labelledby": promptId });
    const list = h("ol", { class: "kit-order-list" });
    const announce = h("p", { class: "kit-sr-only", "aria-live": "polite" });
    wrap.append(list, announce);
    let locked = false;
    let lastResult = null;

    const current = () => get() || spec.items.map((item) => item.id);

    function move(itemId, delta, direction) {
      const order = [...current()];
      const from = order.indexOf(itemId);
      const to = from + delta;
      if (to < 0 || to >= order.length) return;
      order.splice(from, 1);
      order.splice(to, 0, itemId);
      set(order);
      draw(order);
      announce.textContent = `${text[itemId].plain} moved to position ${to + 1} of ${order.length}.`;
      const button = list.querySelector(`[data-item="${itemId}"][data-dir="${direction}"]`);
      const other = list.querySelector(`[data-item="${itemId}"][data-dir="${direction === "up" ? "down" : "up"}"]`);
      (button && !button.disabled ? button : other).focus();
    }

    function draw(order) {
      list.replaceChildren();
      order.forEach((itemId, n) => {
        const item = text[itemId];
        const up = h("button", {
          type: "button", class: "kit-button kit-small", "data-item": itemId, "data-dir": "up",
          "aria-label": `Move up: ${item.plain}`, text: "↑",
        });
        const down = h("button", {
          type: "button", class: "kit-button kit-small", "data-item": itemId, "data-dir": "down",
          "aria-label": `Move down: ${item.plain}`, text: "↓",
        });
        up.disabled = locked || n === 0;
        down.disabled = locked || n === order.length - 1;
        up.addEventListener("click", () => move(itemId, -1, "up"));
        down.addEventListener("click", () => move(itemId, 1, "down"));
        const label = h("span", { class: "kit-order-text", html: item.html });
        const li = h("li", { class: "kit-order-item" },
          h("div", { class: "kit-order-row" }, label, h("span", { class: "kit-order-moves" }, up, down)));
        if (lastResult) mark(label, lastResult.items[itemId]);
        list.append(li);
      });
    }

    return {
      element: wrap,
      focusFirst() {
        const first = list.querySelector("button:not([disabled])");
        if (first) first.focus();
      },
      update(value, result, isLocked) {
        locked = isLocked;
        lastResult = result;
        draw(value || spec.items.map((item) => item.id));
      },
    };
  },
};

export default {
  render({ model, el }) {
    return renderExercise(model, el, control);
  },
};

// Shared frame of every exercise view: title, prompt, the kind's control, Check / Try again,
// feedback in a live region, and the module's progress line. Learner text is only ever set
// through textContent or form values; `html` attributes carry Markdown rendered (and escaped)
// by the kit in Python.

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") el.textContent = value;
    else if (key === "html") el.innerHTML = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

let counter = 0;
function uid() {
  counter += 1;
  return `kit-${Math.random().toString(36).slice(2, 8)}-${counter}`;
}

function srOnly(text) {
  return h("span", { class: "kit-sr-only", text });
}

// How long a Check may wait for Python to confirm it holds the exercise before the page
// says the exercise is no longer connected.
const ANSWER_MS = 5000;

function inApp() {
  return document.body.dataset.voila === "voila";
}

function lostText() {
  return inApp()
    ? "This exercise has lost its connection to Python, so nothing can be checked or saved. Reload the page to bring it back; your saved answers come back with it."
    : "This exercise has lost its connection to Python (the kernel was restarted or stopped), so nothing can be checked or saved. Run this cell again (Shift+Enter), or choose Run › Run All Cells; your saved answers come back with it.";
}

// Knows whether Python still holds the exercise: every message the page sends expects an
// "ack" within ANSWER_MS, and a closed connection (kernel restart) is asked at once.
function liveness(model, onChange) {
  let timer = null;
  let lost = false;
  const set = (value) => {
    if (value !== lost) {
      lost = value;
      onChange(lost);
    }
  };
  const send = (content) => {
    clearTimeout(timer);
    timer = setTimeout(() => set(true), ANSWER_MS);
    try {
      model.send(content);
    } catch (error) {
      clearTimeout(timer);
      set(true);
    }
  };
  const onMessage = (msg) => {
    if (msg && msg.event === "ack") {
      clearTimeout(timer);
      set(false);
    }
  };
  const onComm = () => send({ event: "ping" });
  model.on("msg:custom", onMessage);
  model.on("comm_live_update", onComm);
  return {
    send,
    isLost: () => lost,
    stop() {
      clearTimeout(timer);
      model.off("msg:custom", onMessage);
      model.off("comm_live_update", onComm);
    },
  };
}

function renderExercise(model, el, control) {
  const spec = model.get("spec");
  const id = uid();
  const promptId = `${id}-prompt`;
  const root = h("section", {
    class: `kit-exercise kit-kind-${spec.kind}`,
    "aria-labelledby": `${id}-title`,
    "data-kit-exercise": spec.id,
    "data-lm-suppress-shortcuts": "true",
  });
  // Keys pressed inside the exercise belong to it, not to the notebook's command mode.
  root.addEventListener("keydown", (event) => {
    if (!event.ctrlKey && !event.metaKey) event.stopPropagation();
  });

  const body = control.build({
    spec,
    id,
    promptId,
    get: () => model.get("value"),
    set: (value) => {
      model.set("value", value);
      model.save_changes();
    },
  });
  const check = h("button", { type: "button", class: "kit-button kit-primary", text: spec.check_label });
  const again = h("button", { type: "button", class: "kit-button", text: spec.again_label });
  const message = h("p", { class: "kit-message", role: "status" });
  const feedback = h("div", { class: "kit-feedback", "aria-live": "polite", "aria-atomic": "true" });
  const progress = h("p", { class: "kit-progress" });
  const lost = h("p", { class: "kit-lost", role: "alert" });
  const link = liveness(model, (isLost) => {
    root.classList.toggle("kit-disconnected", isLost);
    root.dataset.kitLive = isLost ? "false" : "true";
    lost.textContent = isLost ? lostText() : "";
  });
  root.dataset.kitLive = "true";

  check.addEventListener("click", () => {
    if (body.flush) body.flush();
    // The answer travels with the request: a value update may still be queued behind an
    // earlier one (ipywidgets throttles them), and the check must grade what is on screen.
    link.send({ event: "check", value: model.get("value") });
  });
  again.addEventListener("click", () => link.send({ event: "try_again" }));
  const share = spec.private ? sharing(model, spec, id) : null;

  root.append(
    h("header", { class: "kit-header" },
      h("span", { class: "kit-badge", text: spec.kind_label }),
      h("h3", { id: `${id}-title`, class: "kit-title", text: spec.title })),
    h("div", { id: promptId, class: "kit-prompt", html: spec.prompt_html }),
    body.element,
    h("div", { class: "kit-actions" }, check, again),
    lost,
    message,
    feedback,
    progress,
  );
  if (share) root.append(share.element);

  function showFeedback(result) {
    feedback.replaceChildren();
    if (!result || !result.status) return;
    feedback.className = `kit-feedback kit-status-${result.status}`;
    const head = h("p", { class: "kit-verdict" }, h("strong", { text: result.label }));
    if (result.max_score > 0) head.append(` · ${result.score_text}`);
    feedback.append(head);
    if (result.notice) feedback.append(h("p", { class: "kit-notice", text: result.notice }));
    for (const line of result.feedback_html) feedback.append(h("div", { class: "kit-line", html: line }));
    if (result.chart_svg) feedback.append(h("figure", { class: "kit-chart", html: result.chart_svg }));
  }

  function refresh() {
    const result = model.get("result");
    const checked = Boolean(result && result.status);
    const hadFocus = root.contains(document.activeElement) ? document.activeElement : null;
    body.update(model.get("value"), checked ? result : null, checked, model.get("message"));
    check.hidden = checked;
    again.hidden = !checked;
    message.textContent = model.get("message");
    progress.textContent = model.get("progress");
    showFeedback(checked ? result : null);
    // Keep keyboard users in place when the button they pressed disappears.
    if (hadFocus === check && checked) again.focus();
    else if (hadFocus === again && !checked) body.focusFirst();
  }

  model.on("change:value", refresh);
  model.on("change:result", refresh);
  model.on("change:message", refresh);
  model.on("change:progress", refresh);
  if (share) model.on("change:shared", share.update);
  refresh();
  el.append(root);
  return () => {
    link.stop();
    if (share) model.off("change:shared", share.update);
    model.off("change:value", refresh);
    model.off("change:result", refresh);
    model.off("change:message", refresh);
    model.off("change:progress", refresh);
  };
}

// A private exercise's note and its "share with my trainer" choice, saved in the learner's store.
function sharing(model, spec, id) {
  const box = h("input", { type: "checkbox", id: `${id}-share`, "aria-describedby": `${id}-share-help` });
  box.addEventListener("change", () => model.send({ event: "share", value: box.checked }));
  const element = h("div", { class: "kit-private" },
    h("p", { id: `${id}-share-help`, class: "kit-private-help", text: spec.share_help }),
    h("label", { class: "kit-share", for: `${id}-share` }, box, ` ${spec.share_label}`));
  const update = () => { box.checked = Boolean(model.get("shared")); };
  update();
  return { element, update };
}

// Mark an element as right or not after checking, in words as well as colour.
function mark(el, correct) {
  el.classList.remove("kit-right", "kit-wrong");
  const old = el.querySelector(":scope > .kit-mark");
  if (old) old.remove();
  if (correct === null || correct === undefined) return;
  el.classList.add(correct ? "kit-right" : "kit-wrong");
  el.append(h("span", { class: "kit-mark", "aria-hidden": "false" },
    h("span", { "aria-hidden": "true", text: correct ? " ✓" : " ✗" }),
    srOnly(correct ? " (right)" : " (not right)")));
}

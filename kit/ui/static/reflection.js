// Free text to one or more prompts, with a word count against each prompt's minimum.
// Typing is sent to the kernel after a short pause, and at once when Save is pressed.

function countWords(text) {
  const words = text.trim().split(/\s+/);
  return words[0] === "" ? 0 : words.length;
}

const control = {
  build({ spec, id, promptId, get, set }) {
    const wrap = h("div", { class: "kit-reflection", role: "group", "aria-labelledby": promptId });
    let timer = null;
    const draft = {};

    function send() {
      clearTimeout(timer);
      timer = null;
      set({ ...(get() || {}), ...draft });
    }

    const fields = spec.prompts.map((prompt) => {
      const boxId = `${id}-${prompt.id}`;
      const hintId = `${boxId}-hint`;
      const countId = `${boxId}-count`;
      const box = h("textarea", {
        id: boxId, rows: String(prompt.lines), class: "kit-textarea",
        "aria-describedby": `${prompt.hint ? hintId + " " : ""}${countId}`,
      });
      const counter = h("span", { id: countId, class: "kit-count" });
      const showCount = () => {
        const n = countWords(box.value);
        counter.textContent = prompt.min_words
          ? `${n} words (at least ${prompt.min_words})`
          : `${n} words`;
      };
      box.addEventListener("input", () => {
        draft[prompt.id] = box.value;
        showCount();
        clearTimeout(timer);
        timer = setTimeout(send, 400);
      });
      wrap.append(h("div", { class: "kit-field" },
        h("label", { for: boxId, class: "kit-field-label", html: prompt.label_html }),
        prompt.hint ? h("p", { id: hintId, class: "kit-hint", text: prompt.hint }) : null,
        box, counter));
      return { prompt, box, showCount };
    });

    return {
      element: wrap,
      flush() {
        if (timer !== null) send();
      },
      focusFirst() {
        fields[0].box.focus();
      },
      update(value, result, locked) {
        const answers = value || {};
        for (const { prompt, box, showCount } of fields) {
          const text = answers[prompt.id] ?? "";
          if (document.activeElement !== box && box.value !== text) box.value = text;
          box.readOnly = locked;
          showCount();
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

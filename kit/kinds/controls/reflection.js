// Free text to one or more prompts, with a word count against each prompt's minimum.
// Typing is sent to the kernel after a short pause, and at once when Save is pressed.

// The same rule as kit.text.word_count, which grades: Han and kana one word per character; a run
// of Thai, Lao, Myanmar or Khmer letters one word per three letters (marks not counted); any
// other piece between spaces with a letter or digit one word.
const PER_CHARACTER = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3134f}]/gu;
const SOUTHEAST_ASIAN = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+/gu;

function countWords(text) {
  let count = 0;
  for (let piece of text.split(/\s+/)) {
    count += (piece.match(PER_CHARACTER) || []).length;
    piece = piece.replace(PER_CHARACTER, " ");
    for (const run of piece.match(SOUTHEAST_ASIAN) || []) {
      count += Math.ceil(run.replace(/\p{M}/gu, "").length / 3);
    }
    piece = piece.replace(SOUTHEAST_ASIAN, " ");
    count += piece.split(" ").filter((part) => /[\p{L}\p{N}]/u.test(part)).length;
  }
  return count;
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
      const savedNote = h("span", { class: "kit-saved-note", text: "" });
      const showCount = () => {
        const n = countWords(box.value);
        counter.textContent = prompt.min_words
          ? `${n} ${n === 1 ? "word" : "words"} (at least ${prompt.min_words})`
          : `${n} ${n === 1 ? "word" : "words"}`;
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
        box, counter, savedNote));
      return { prompt, box, showCount, savedNote };
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
        for (const { prompt, box, showCount, savedNote } of fields) {
          const text = answers[prompt.id] ?? "";
          if (document.activeElement !== box && box.value !== text) box.value = text;
          box.readOnly = locked;
          savedNote.textContent = locked ? " · Saved. Press Edit to change it." : "";
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

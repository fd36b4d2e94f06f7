"""What a learner's text needs to be set well: its direction, a language hint for Chinese,
Japanese and Korean glyph forms, and break points in words too long for a line."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# A word longer than this many characters gets invisible break points, so it wraps.
LONG_WORD = 30
BREAK_EVERY = 12
_ZWSP = "\u200b"
# Scripts Typst already breaks between characters or words (CJK, Hangul, Thai and its
# neighbours) are no long words.
_BREAKS_ITSELF = (
    "\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
)
_LONG = re.compile(rf"[^\s{_BREAKS_ITSELF}]{{{LONG_WORD + 1},}}")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def direction(text: str) -> str:
    """ "rtl" if the first letter with a strong direction is right-to-left (Arabic, Hebrew,
    Persian...), else "ltr": the rule of HTML's dir="auto"."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def cjk_lang(text: str) -> str:
    """ "ja", "ko" or "zh" where the text has kana, hangul or Han characters, else "": picks
    the regional glyph forms of the CJK font."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    return "zh" if _HAN.search(text) else ""


def breakable(text: str) -> str:
    """`text` with an invisible break point every few characters of each very long word
    (never inside a letter and its marks), so a 200-letter word wraps instead of running off
    the page. The break points are zero-width spaces: nothing visible changes."""
    return _LONG.sub(lambda m: _break_word(m.group()), text)


def _break_word(word: str) -> str:
    out: list[str] = []
    run = 0
    for c in word:
        joins = unicodedata.category(c).startswith("M") or c in "\u200c\u200d\ufe0f"
        if run >= BREAK_EVERY and not joins and out and out[-1] not in "\u200c\u200d":
            out.append(_ZWSP)
            run = 0
        out.append(c)
        run += 1
    return "".join(out)


def paragraphs(text: str) -> list[dict[str, Any]]:
    """A learner's answer as paragraphs, each with its own direction and language hint, and
    long words made breakable. Lines inside a paragraph are kept as `lines`."""
    found = []
    for para in re.split(r"\n[ \t]*\n", text):
        if not para.strip():
            continue
        found.append(
            {
                "lines": [breakable(line) for line in para.split("\n")],
                "dir": direction(para),
                "lang": cjk_lang(para),
            }
        )
    return found

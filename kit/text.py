"""Course text to HTML (Markdown with raw HTML escaped, so nothing in it can run), and word
counts that are fair in every script."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import mistune


@cache
def _renderer() -> mistune.Markdown:
    return mistune.create_markdown(escape=True, plugins=["strikethrough"])


def markdown(text: str) -> str:
    """Block HTML for a prompt or a paragraph of feedback."""
    return str(_renderer()(text)).strip()


def inline(text: str) -> str:
    """HTML for a short label: Markdown emphasis and links, without the wrapping paragraph."""
    html = markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


# Scripts written without spaces between words. Han and kana count one word per character, as
# word processors count them; Thai, Lao, Khmer and Myanmar words average three to four letters,
# so a run of their letters counts one word per three letters (marks not counted), rounded up.
_PER_CHARACTER = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f]"
)
_SOUTHEAST_ASIAN = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
LETTERS_PER_WORD = 3


def word_count(text: str) -> int:
    """Words in `text`, fairly in every script, without a dictionary.

    Between spaces, a piece with a letter or digit is one word. Han characters and kana
    (Chinese, Japanese) count one word each; a run of Thai, Lao, Khmer or Myanmar letters
    counts one word per three letters, rounded up (combining marks are not letters). Korean
    is written with spaces and counts like English.
    """
    count = 0
    for piece in text.split():
        count += len(_PER_CHARACTER.findall(piece))
        piece = _PER_CHARACTER.sub(" ", piece)
        for run in _SOUTHEAST_ASIAN.findall(piece):
            letters = sum(1 for c in run if not unicodedata.category(c).startswith("M"))
            count += -(-letters // LETTERS_PER_WORD)
        piece = _SOUTHEAST_ASIAN.sub(" ", piece)
        count += sum(1 for part in piece.split() if any(c.isalnum() for c in part))
    return count


def number(value: float) -> str:
    """A score or mean as people write it: at most one decimal ("1.7", "2", never "1.6667")."""
    return f"{round(value, 1):g}"


def score_text(score: float, max_score: float) -> str:
    """Points as people read them: "0 of 1 point", "1.5 of 2 points" (one decimal at most)."""
    return f"{number(score)} of {counted(round(max_score, 1), 'point')}"


def counted(n: float, noun: str, plural: str | None = None) -> str:
    """ "1 attempt", "2 attempts", "1.5 points": the number and the noun in agreement."""
    word = noun if n == 1 else plural or noun + "s"
    return f"{number(n)} {word}"


_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a\u300c\u300d\u300e\u300f"


def quoted(text: str) -> str:
    """`text` in quotation marks, unless it already has them."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text
    return f"“{text}”"

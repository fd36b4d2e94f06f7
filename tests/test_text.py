"""Word counts fair in every script, numbers and quotation marks as people write them."""

from __future__ import annotations

import pytest

from kit.content.schema import ReflectionExercise
from kit.errors import LearnerError
from kit.grading import grade
from kit.identity import validate_learner
from kit.text import counted, number, quoted, word_count

CHINESE_76 = (
    "我今天在周会上先让每个人说出本周最大的困难，然后我只是听，没有马上给建议。"
    "大家说完以后，我问他们希望我做什么，结果有两个人说只需要我帮忙挡掉临时的会议。"
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("I asked the team what was in the way.", 9),
        ("well-being, co-op — and… so on", 5),  # a dash or an ellipsis alone is no word
        ("我们讨论了进度", 7),  # Han: one word per character
        ("会議の前に話しました", 10),  # kanji and kana
        ("회의 전에 팀원과 이야기를 나눴습니다", 5),  # Korean has spaces
        ("สวัสดีครับ", 3),  # Thai: 8 letters (marks not counted), one word per three
        ("مرحبا بكم في الدورة", 4),
        ("נפגשנו אתמול", 2),
        ("मैंने बैठक से पहले बात की", 6),
        ("I spoke to 李雷 about it", 7),  # a Chinese name counts per character too
    ],
)
def test_word_count_in_every_script(text: str, words: int) -> None:
    assert word_count(text) == words


def test_a_76_character_chinese_answer_is_many_words_and_meets_a_minimum() -> None:
    assert len(CHINESE_76) == 76
    assert word_count(CHINESE_76) >= 60
    exercise = ReflectionExercise.model_validate(
        {
            "id": "m01.think",
            "kind": "reflection",
            "title": "Think",
            "concepts": ["x.y"],
            "prompt": "Write.",
            "points": 1,
            "rationale": "Why.",
            "guidance": "Good.",
            "prompts": [{"id": "what", "label": "What did you do?", "min_words": 20}],
        }
    )
    assert grade(exercise, {"what": CHINESE_76}).status == "complete"
    short = grade(exercise, {"what": "我听了"})
    assert short.status == "incomplete"
    assert short.feedback == ("“What did you do?”: 3 of at least 20 words. Say a little more.",)


def test_numbers_are_rounded_for_people_and_nouns_agree() -> None:
    assert number(5 / 3) == "1.7" and number(2.0) == "2" and number(0.25) == "0.2"
    assert counted(1, "attempt") == "1 attempt" and counted(2, "attempt") == "2 attempts"
    assert counted(1.0, "point") == "1 point" and counted(2 / 3, "point") == "0.7 points"


def test_quotation_marks_are_never_doubled() -> None:
    assert quoted("Share a vision") == "“Share a vision”"
    assert quoted("“Share a vision”") == "“Share a vision”"
    assert quoted('"I will handle it"') == '"I will handle it"'
    assert quoted("「ビジョン」") == "「ビジョン」"


def test_names_with_joiners_are_accepted_and_other_format_characters_refused() -> None:
    assert validate_learner("مهر\u200cناز") == "مهر\u200cناز"  # Persian, zero-width non-joiner
    assert validate_learner("क्\u200dष") == "क्\u200dष"  # Devanagari with a joiner
    for bad in ("\u200cana", "ana\u200d", "ana\u202ebad", "a\u2066b", "a\ufeffb", "a\u200bb"):
        with pytest.raises(LearnerError):
            validate_learner(bad)

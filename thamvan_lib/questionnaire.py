"""Check a questionnaire before it reaches citizens, and record what its pilot test changed.

Lecture item L7 and steps P1.4 and P2.2: the office designs the questionnaire, tests it
on a few people like those it will ask, and revises it. This module holds

* the questionnaire itself: ``Question`` and ``Questionnaire``, saved as JSON drafts
  with ``to_dict()`` and ``from_dict()``;
* the checks: ``check_question`` and ``check_questionnaire`` return ``Finding``\\ s, each
  with its reason in Vietnamese (or English) naming the words at fault;
* the pilot test: a ``PilotRecord`` says what a pilot respondent misunderstood and how
  the question was revised; ``apply_revision`` makes the new questionnaire, keeps the
  history and checks the revised question again.

The word lists (leading phrases, jargon with plain wordings, scale words, "Không biết" /
"Khác" wordings) are content a trainer can edit: ``content/questionnaire/rules.yaml``, read
and matched by ``questionnaire_rules``. The texts are in ``content/messages/questionnaire.yaml``.

Rules, their severity and what they look at:

=================  ========  ==============================================================
rule               severity  fires when
=================  ========  ==============================================================
empty_text         error     the question has no words
leading            error     a phrase of the ``leading`` list is in the question
double_barrelled   warning   a "single"/"likert" question joins two things with và, hoặc …
jargon             warning   a word of the ``jargon`` list is in the question or an option
abbreviation       warning   a word in capitals that is not a Vietnamese syllable (BHYT)
overlong           warning   the question has more than ``limits.max_words`` words (30)
empty_option       error     an answer option has no words
too_few_options    error     a closed or likert question has fewer than 2 options
duplicate_option   error     two options say the same thing
missing_dont_know  warning   a "single"/"multi" question has no "Không biết" option
missing_other      warning   a "single"/"multi" question (not yes/no) has no "Khác" option
unbalanced_scale   error     a likert scale has more positive than negative points, or fewer
duplicate_id       error     two questions of a questionnaire have the same id
no_questions       error     a questionnaire has no questions
no_target_group    warning   a questionnaire does not say whom it is for
=================  ========  ==============================================================

A short session:

>>> q = Question("C1", "Ông/bà có hài lòng với chất lượng và giá cả của thuốc BHYT ở trạm y tế xã "
...              "không?", "single", ["Có", "Không"])
>>> for finding in check_question(q):
...     print(finding.rule, "|", finding.text("vi"))   # doctest: +ELLIPSIS
double_barrelled | Câu hỏi gộp hai ý nhưng chỉ nhận một câu trả lời: “chất lượng và giá cả”. ...
abbreviation | Người dân có thể không hiểu “BHYT” (viết tắt của “bảo hiểm y tế”). Hãy viết: “bảo hiểm y tế”.
missing_dont_know | ...
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .content import language, load
from .errors import KitError
from .questionnaire_rules import (WORD, Phrase, Rules, Token, find, is_abbreviation, load_rules, match,
                                  same_word, says, span, tokenize)
from .records import message_text
from .vietnamese import fold, normalize

KINDS = ("single", "multi", "likert", "open")
CLOSED = ("single", "multi")              # "Không biết" / "Khác" options are expected
ONE_ANSWER = ("single", "likert")         # a double-barrelled question cannot be answered
PAIR_WORDS = 3    # words shown on each side of "và" in a double-barrelled finding
FORMAT = "thamvan-questionnaire/1"

SEVERITY = {
    "empty_text": "error", "leading": "error", "double_barrelled": "warning",
    "jargon": "warning", "abbreviation": "warning", "overlong": "warning",
    "empty_option": "error", "too_few_options": "error", "duplicate_option": "error",
    "missing_dont_know": "warning", "missing_other": "warning", "unbalanced_scale": "error",
    "duplicate_id": "error", "no_questions": "error", "no_target_group": "warning",
}


# --- the questionnaire ------------------------------------------------------

def _text(name: str, value, question: str = "-") -> str:
    if not isinstance(value, str):
        raise KitError("questionnaire.error.not_text", name=name, question=question,
                       value=repr(value))
    return normalize(value)


def _options(value, question: str) -> list[str]:
    """A list of option texts; one text is split at new lines, else at ";", else at ","."""
    if isinstance(value, str):
        sep = "\n" if "\n" in value else ";" if ";" in value else ","
        value = [part for part in value.split(sep) if part.strip()]
    if not isinstance(value, Sequence):
        raise KitError("questionnaire.error.options_not_list", question=question,
                       value=repr(value))
    return [_text(f"options[{n}]", option, question) for n, option in enumerate(value)]


@dataclass
class Revision:
    """One change made after the pilot test, with what was misunderstood and the checks before and after."""

    respondent: str
    issue: str
    reason: str
    old_text: str
    new_text: str
    old_options: list[str] | None = None   # None: the options did not change
    new_options: list[str] | None = None
    rules_before: list[str] = field(default_factory=list)
    rules_after: list[str] = field(default_factory=list)

    def __post_init__(self):
        for name in ("respondent", "issue", "reason", "old_text", "new_text"):
            setattr(self, name, _text(f"history.{name}", getattr(self, name)))
        for name in ("old_options", "new_options"):
            if getattr(self, name) is not None:
                setattr(self, name, _options(getattr(self, name), "-"))
        for name in ("rules_before", "rules_after"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
                raise KitError("questionnaire.error.draft_not_list", field=f"history.{name}",
                               value=repr(value))

    def to_dict(self) -> dict:
        return copy.deepcopy(dict(self.__dict__))

    @classmethod
    def from_dict(cls, data, question: str = "-") -> Revision:
        data = _mapping(data, f"history ({question})")
        _only(data, cls.__dataclass_fields__, f"history ({question})")
        for key in ("respondent", "issue", "reason", "old_text", "new_text"):
            _required(data, key, f"history ({question})")
        return cls(**{k: copy.deepcopy(v) for k, v in data.items()})


@dataclass
class Question:
    """One question: ``kind`` is "single" (choose one), "multi" (choose several),
    "likert" (a scale of agreement or satisfaction) or "open" (answered in words).

    >>> Question("C2", "Ông/bà đã từng đi khám bệnh ở trạm y tế xã chưa?", "single",
    ...          "Đã từng; Chưa từng; Không nhớ").options
    ['Đã từng', 'Chưa từng', 'Không nhớ']
    """

    id: str
    text: str
    kind: str
    options: list[str] = field(default_factory=list)
    target_group: str = ""
    history: list[Revision] = field(default_factory=list)

    def __post_init__(self):
        _validate_question(self)

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "kind": self.kind,
                "options": list(self.options), "target_group": self.target_group,
                "history": [r.to_dict() for r in self.history]}

    @classmethod
    def from_dict(cls, data) -> Question:
        data = _mapping(data, "question")
        _only(data, cls.__dataclass_fields__, "question")
        for key in ("id", "text", "kind"):
            _required(data, key, "question")
        qid = data["id"] if isinstance(data["id"], str) else "-"
        history = data.get("history", [])
        if not isinstance(history, list):
            raise KitError("questionnaire.error.draft_not_list", field="history", value=repr(history))
        return cls(data["id"], data["text"], data["kind"], data.get("options", []),
                   data.get("target_group", ""), [Revision.from_dict(r, qid) for r in history])


def _validate_question(q: Question) -> None:
    """Check and tidy the fields (NFC, single spaces); also run again before each check,
    since a notebook user may have changed a field since."""
    if not isinstance(q.id, str) or not q.id.strip():
        raise KitError("questionnaire.error.bad_id", value=repr(q.id))
    q.id = q.id.strip()
    q.text = _text("text", q.text, q.id)
    kind = q.kind.strip().lower() if isinstance(q.kind, str) else q.kind
    if kind not in KINDS:
        raise KitError("questionnaire.error.unknown_kind", question=q.id, kind=repr(q.kind),
                       allowed=", ".join(KINDS))
    q.kind = kind
    q.options = _options(q.options, q.id)
    q.target_group = _text("target_group", q.target_group, q.id)
    if not isinstance(q.history, list) or not all(isinstance(r, Revision) for r in q.history):
        raise KitError("questionnaire.error.draft_not_list", field="history", value=repr(q.history))


@dataclass
class Questionnaire:
    """A questionnaire: its title, whom it is for, and its questions in order."""

    title: str
    target_group: str
    questions: list[Question]

    def __post_init__(self):
        _validate_questionnaire(self)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KitError("questionnaire.error.unknown_question", question=question_id,
                       known=", ".join(q.id for q in self.questions) or "-")

    def to_dict(self) -> dict:
        """A dict for ``json.dump``: the draft with the questions' revision history."""
        return {"format": FORMAT, "title": self.title, "target_group": self.target_group,
                "questions": [q.to_dict() for q in self.questions]}

    @classmethod
    def from_dict(cls, data) -> Questionnaire:
        data = _mapping(data, "questionnaire")
        _only(data, {"format", "title", "target_group", "questions"}, "questionnaire")
        for key in ("title", "questions"):
            _required(data, key, "questionnaire")
        questions = data["questions"]
        if not isinstance(questions, list):
            raise KitError("questionnaire.error.draft_not_list", field="questions",
                           value=repr(questions))
        return cls(data["title"], data.get("target_group", ""),
                   [Question.from_dict(q) for q in questions])


def from_dict(data) -> Questionnaire:
    """A questionnaire from a JSON draft (the dict ``Questionnaire.to_dict`` made)."""
    return Questionnaire.from_dict(data)


def _validate_questionnaire(qn: Questionnaire) -> None:
    qn.title = _text("title", qn.title)
    qn.target_group = _text("target_group", qn.target_group)
    if isinstance(qn.questions, (str, Mapping)) or not isinstance(qn.questions, Sequence):
        raise KitError("questionnaire.error.questions_not_list", value=repr(qn.questions))
    qn.questions = list(qn.questions)
    for n, q in enumerate(qn.questions, 1):
        if not isinstance(q, Question):
            raise KitError("questionnaire.error.not_a_question_at", number=n, value=repr(q))
        _validate_question(q)


def _mapping(data, what: str) -> Mapping:
    if not isinstance(data, Mapping):
        raise KitError("questionnaire.error.draft_not_dict", what=what, value=repr(data))
    return data


def _required(data: Mapping, key: str, what: str) -> None:
    if key not in data:
        raise KitError("questionnaire.error.draft_missing", what=what, field=key)


def _only(data: Mapping, allowed, what: str) -> None:
    # A misspelt key ("optons") would otherwise drop the options without a word.
    for key in data:
        if key not in allowed:
            raise KitError("questionnaire.error.draft_unknown", what=what, field=repr(key),
                           allowed=", ".join(sorted(allowed)))


# --- findings ---------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One problem found: which question, which rule, how serious, and the words at fault.

    ``values`` fill the message; a value given as {"vi": …, "en": …} is shown in the
    reader's language (``records.message_text``, as for a document's ``Issue``). A finding
    names a question (None: the whole questionnaire), not a field path.
    """

    question_id: str | None
    rule: str
    severity: str
    message_key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return message_text(self.message_key, self.values, lang)


def _finding(question_id, rule: str, key: str | None = None, **values) -> Finding:
    return Finding(question_id, rule, SEVERITY[rule], key or f"questionnaire.rule.{rule}", values)


def format_findings(findings: list[Finding], lang: str | None = None) -> str:
    """One line per finding, for printing in a notebook.

    >>> print(format_findings([_finding("C4", "overlong", count=41, limit=30)], "en"))
    C4 · Warning · The question is 41 words long, more than 30. ...
    """
    lang = lang or language()
    if not findings:
        return load().message("questionnaire.none", lang)
    msg = load().message
    return "\n".join(f"{f.question_id or msg('questionnaire.whole', lang)} · "
                     f"{msg(f'questionnaire.severity.{f.severity}', lang)} · {f.text(lang)}"
                     for f in findings)


# --- checks of one question -------------------------------------------------

def word_count(text: str) -> int:
    """Words as a reader counts them: what stands between spaces, punctuation alone not counted.

    >>> word_count("Ông/bà có thẻ bảo hiểm y tế – còn hạn – không?")  # the dashes are not words
    10
    """
    return sum(1 for chunk in text.split() if WORD.search(chunk))


def _leading(qid, text, tokens, rules: Rules) -> list[Finding]:
    found = []
    for group, phrase in rules.leading:
        for i, j in find(phrase, tokens, text):
            found.append((i, _finding(qid, "leading", phrase=span(text, tokens, i, j),
                                      why=group.why.model_dump())))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def _double_barrelled(qid, kind, text, tokens, rules: Rules) -> list[Finding]:
    if kind not in ONE_ANSWER:
        return []
    if any(find(cue, tokens, text) for cue in rules.comparison_cues):
        return []  # "giữa trạm y tế xã và bệnh viện, nơi nào …" compares on purpose
    fixed = {k for p in rules.fixed_pairs for i, j in find(p, tokens, text) for k in range(i, j)}

    def starts(k, phrases):
        return any(match(p.words, tokens, k, text, False) is not None for p in phrases)

    def pause(a, b):  # punctuation between two tokens ends a part of the sentence
        return any(c in text[tokens[a].end:tokens[b].start] for c in ",;:.?!")

    found = []
    for joiner in rules.joiners:
        for i, j in find(joiner, tokens, text):
            if i == 0 or j >= len(tokens) or i in fixed or pause(i - 1, i) or pause(j - 1, j):
                continue
            if tokens[j].text[:1].isupper() or starts(j, rules.clause_starters):
                continue  # a name ("Thương binh và Xã hội") or a second sentence ("… và ông/bà …")
            # Name the two things: the word next to the joiner and at most two more on each side
            # ("chất lượng khám"), stopping at a word that starts another part ("của", "với" …).
            left = i - 1
            while (left > max(i - PAIR_WORDS, 0) and not pause(left - 1, left)
                   and not starts(left - 1, rules.boundaries)):
                left -= 1
            right = j + 1
            while (right < min(j + PAIR_WORDS, len(tokens)) and not pause(right - 1, right)
                   and not starts(right, rules.boundaries)):
                right += 1
            found.append((i, _finding(qid, "double_barrelled",
                                      pair=span(text, tokens, left, right),
                                      first=span(text, tokens, left, i),
                                      second=span(text, tokens, j, right),
                                      joiner=span(text, tokens, i, j))))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def _jargon(qid, texts: list[str], rules: Rules) -> list[Finding]:
    found, seen = [], set()
    for text in texts:
        tokens = tokenize(text)
        # Longest terms first, so "chi trả theo DRG" is named once, not also as "DRG".
        matches = sorted(((i, j, term) for term, phrase in rules.jargon
                          for i, j in find(phrase, tokens, text)),
                         key=lambda m: (-(m[1] - m[0]), m[0]))
        covered: set[int] = set()
        for i, j, term in matches:
            if covered & set(range(i, j)):
                continue
            covered.update(range(i, j))
            word = span(text, tokens, i, j)
            if fold(term.term) not in seen:
                seen.add(fold(term.term))
                rule = "abbreviation" if term.term.isupper() else "jargon"
                found.append(_finding(qid, rule, "questionnaire.rule.jargon", word=word,
                                      plain=term.plain, meaning=term.meaning.model_dump()))
        for k, token in enumerate(tokens):
            if k in covered or not is_abbreviation(token.text):
                continue
            if fold(token.text) in rules.known_abbreviations or fold(token.text) in seen:
                continue
            seen.add(fold(token.text))
            found.append(_finding(qid, "abbreviation", "questionnaire.rule.abbreviation_unlisted",
                                  word=token.text))
    return found


_NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z])[.)]\s+")
_SEGMENT = re.compile(r"[/()\[\]:;,]|\s[-–]\s|…|\.{2,}|_{2,}")


def _segments(option: str) -> list[list[Token]]:
    """The parts of an option: "1. Khác (ghi rõ): ……" -> [Khác], [ghi rõ]."""
    option = _NUMBERING.sub("", option)
    parts = [tokenize(part) for part in _SEGMENT.split(option)]
    return [p for p in parts if p]


def _is_any(tokens: list[Token], phrases: list[Phrase]) -> bool:
    return any(says(tokens, p) for p in phrases)


def _is_dont_know(option: str, rules: Rules) -> bool:
    return any(_is_any(seg, rules.dont_know) for seg in _segments(option))


def _polarity(option: str, rules: Rules) -> str | None:
    """"positive", "negative", "neutral", "dont_know" or None when the option cannot be read.

    >>> rules = load_rules()
    >>> [_polarity(o, rules) for o in ("Rất hài lòng", "Không hài lòng lắm", "Bình thường", "3")]
    ['positive', 'negative', 'neutral', None]
    """
    if _is_dont_know(option, rules):
        return "dont_know"
    segments = _segments(option)
    if not segments:
        return None
    tokens = segments[0]
    if _is_any(tokens, rules.neutral):
        return "neutral"
    kept, k = [], 0
    while k < len(tokens):  # drop "rất", "hoàn toàn", "lắm" … wherever they are
        end = next((e for p in rules.intensifiers
                    if (e := match(p.words, tokens, k, "", False)) is not None), None)
        if end is None:
            kept.append(tokens[k])
            k += 1
        else:
            k = end
    if _is_any(kept, rules.neutral):
        return "neutral"
    if _is_any(kept, rules.positive):
        return "positive"
    if _is_any(kept, rules.negative):
        return "negative"
    for negation in rules.negations:
        end = match(negation.words, kept, 0, "", False)
        if end is not None:
            rest = kept[end:]
            if _is_any(rest, rules.positive):
                return "negative"    # "không hài lòng", "chưa hài lòng"
            if _is_any(rest, rules.negative):
                return "positive"    # "không khó"
    return None


def _same_option(a: str, b: str) -> bool:
    ta, tb = tokenize(a), tokenize(b)
    if len(ta) != len(tb) or not ta:
        return False
    # Either way round: "Hai long" typed without diacritics is the same as "Hài lòng".
    return all(same_word(x.text, y.text, False) or same_word(y.text, x.text, False)
               for x, y in zip(ta, tb))


def _options_checks(q: Question, rules: Rules) -> list[Finding]:
    if q.kind == "open":
        return []
    found = []
    options = [o for o in q.options if tokenize(o)]
    for n, option in enumerate(q.options, 1):
        if not tokenize(option):
            found.append(_finding(q.id, "empty_option", number=n, option=option))
    if len(options) < 2:
        found.append(_finding(q.id, "too_few_options", count=len(options)))
        return found
    for n, option in enumerate(options):
        for earlier in options[:n]:
            if _same_option(earlier, option):
                found.append(_finding(q.id, "duplicate_option", first=earlier, second=option))
                break
    if q.kind in CLOSED:
        dont_know = [o for o in options if _is_dont_know(o, rules)]
        if not dont_know:
            example = rules.data.dont_know[0]
            found.append(_finding(q.id, "missing_dont_know", example=example[:1].upper() + example[1:]))
        substantive = [o for o in options if o not in dont_know]
        yes_no = all(any(_is_any(seg, rules.yes_no) for seg in _segments(o)) for o in substantive)
        has_other = any(_is_any(seg, rules.other) for o in options for seg in _segments(o))
        if not has_other and not yes_no:
            found.append(_finding(q.id, "missing_other"))
    if q.kind == "likert":
        found += _balance(q, options, rules)
    return found


def _balance(q: Question, options: list[str], rules: Rules) -> list[Finding]:
    sides = {o: _polarity(o, rules) for o in options}
    if None in sides.values():
        return []  # an option we cannot read (numbers 1–5, own wording): do not guess
    positive = [o for o, s in sides.items() if s == "positive"]
    negative = [o for o, s in sides.items() if s == "negative"]
    if len(positive) == len(negative):
        return []
    return [_finding(q.id, "unbalanced_scale", positive=len(positive), negative=len(negative),
                     positive_options=", ".join(positive) or "-",
                     negative_options=", ".join(negative) or "-")]


def check_question(q: Question, rules: Rules | None = None) -> list[Finding]:
    """Everything wrong with one question, in the order of the table at the top of the module.

    A well-written question gives no finding:

    >>> check_question(Question("C3", "Lần gần nhất ông/bà đi khám bệnh ở trạm y tế xã, "
    ...                          "ông/bà có phải trả thêm tiền ngoài bảo hiểm y tế không?",
    ...                          "single", ["Có", "Không", "Không nhớ"]))
    []
    """
    if not isinstance(q, Question):
        raise KitError("questionnaire.error.not_a_question", value=repr(q))
    _validate_question(q)
    rules = rules or load_rules()
    tokens = tokenize(q.text)
    found = []
    if not tokens:
        found.append(_finding(q.id, "empty_text"))
    else:
        found += _leading(q.id, q.text, tokens, rules)
        found += _double_barrelled(q.id, q.kind, q.text, tokens, rules)
    found += _jargon(q.id, [q.text] + q.options, rules)
    words = word_count(q.text)
    if words > rules.max_words:
        found.append(_finding(q.id, "overlong", count=words, limit=rules.max_words))
    found += _options_checks(q, rules)
    return found


def check_questionnaire(qn: Questionnaire, rules: Rules | None = None) -> list[Finding]:
    """The findings of every question, then those of the questionnaire as a whole."""
    if not isinstance(qn, Questionnaire):
        raise KitError("questionnaire.error.not_a_questionnaire", value=repr(qn))
    _validate_questionnaire(qn)
    rules = rules or load_rules()
    found = []
    if not qn.questions:
        found.append(_finding(None, "no_questions"))
    if not tokenize(qn.target_group):
        found.append(_finding(None, "no_target_group"))
    seen = set()
    for q in qn.questions:
        if q.id in seen:
            found.append(_finding(q.id, "duplicate_id", question=q.id))
        seen.add(q.id)
        found += check_question(q, rules)
    return found


# --- the pilot test ---------------------------------------------------------

@dataclass
class PilotRecord:
    """What a pilot respondent misunderstood in a question, and the revision made.

    ``respondent`` describes the person without naming them (e.g. "Người thứ 3, nữ,
    70 tuổi, xã An Bình"); ``new_options`` is left out when the options stay.
    """

    question_id: str
    respondent: str
    issue: str
    new_text: str
    reason: str
    new_options: list[str] | None = None

    def __post_init__(self):
        for name in ("question_id", "respondent", "issue", "new_text", "reason"):
            value = _text(name, getattr(self, name), self.question_id
                          if isinstance(self.question_id, str) else "-")
            if not value:
                raise KitError("questionnaire.error.pilot_empty", field=name,
                               question=self.question_id)
            setattr(self, name, value)
        if self.new_options is not None:
            self.new_options = _options(self.new_options, self.question_id)


def apply_revision(qn: Questionnaire, record: PilotRecord,
                   rules: Rules | None = None) -> Questionnaire:
    """A new questionnaire with the question revised after the pilot test, checked again.

    The question keeps its history: the old and new wording, what was misunderstood,
    why it changed, and which rules fired before and after. ``qn`` is not changed.

    >>> qn = Questionnaire("Khám chữa bệnh cho người nghèo", "Người dân hộ nghèo ở xã An Bình", [
    ...     Question("C5", "Ông/bà có biết về chính sách thông tuyến không?", "single",
    ...              ["Có", "Không"])])
    >>> new = apply_revision(qn, PilotRecord(
    ...     "C5", "Người thứ 2, nam, 65 tuổi", "Hiểu “thông tuyến” là tuyến xe buýt",
    ...     "Ông/bà có biết thẻ bảo hiểm y tế được dùng để khám ở trạm y tế xã khác không?",
    ...     "Bỏ từ chuyên môn, hỏi bằng việc người dân gặp"))
    >>> revision = new.question("C5").history[0]
    >>> revision.rules_before, revision.rules_after
    (['jargon', 'missing_dont_know'], ['missing_dont_know'])
    >>> qn.question("C5").history
    []
    """
    if not isinstance(qn, Questionnaire):
        raise KitError("questionnaire.error.not_a_questionnaire", value=repr(qn))
    if not isinstance(record, PilotRecord):
        raise KitError("questionnaire.error.not_a_record", value=repr(record))
    _validate_questionnaire(qn)
    rules = rules or load_rules()
    old = qn.question(record.question_id)
    options = list(old.options) if record.new_options is None else list(record.new_options)
    if record.new_text == old.text and options == old.options:
        raise KitError("questionnaire.error.revision_unchanged", question=old.id)
    revised = replace(copy.deepcopy(old), text=record.new_text, options=options)
    revision = Revision(
        respondent=record.respondent, issue=record.issue, reason=record.reason,
        old_text=old.text, new_text=record.new_text,
        old_options=None if record.new_options is None else list(old.options),
        new_options=None if record.new_options is None else options,
        rules_before=sorted({f.rule for f in check_question(old, rules)}),
        rules_after=sorted({f.rule for f in check_question(revised, rules)}))
    revised.history.append(revision)
    questions = [revised if q is old else copy.deepcopy(q) for q in qn.questions]
    return Questionnaire(qn.title, qn.target_group, questions)

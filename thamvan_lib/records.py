"""The machinery every document of the kit is built on: fields, conversion, issues, drafts.

A document (a consultation plan, a training plan, a communication programme, an uptake
tracker …) is a plain dataclass whose parts derive from ``Part`` and whose whole derives
from ``Document``:

* every field is **converted on creation** from what a JSON draft, a YAML example or a
  form widget gives (text typed where a number belongs is refused at once with a
  ``KitError`` naming the field path); ``checked`` converts again before each check,
  since a notebook user may have changed a field since;
* ``required()`` marks the fields a document is not complete without; ``Rules.missing``
  names each one left empty, with its path (``tools[1].sample``);
* ``Rules`` words the other checks of one kind of document: an ``Issue`` has a field path,
  a severity (``error`` must be fixed, ``warning`` deserves a look) and a message
  ``<domain>.issue.<rule>`` read in either language;
* ``to_dict()`` / ``from_dict()`` round-trip through JSON, and ``save_draft`` /
  ``load_draft`` keep one draft of each kind in the learner's database.

>>> @dataclass
... class Venue(Part):
...     hall: str = required()
...     seats: int | None = None
>>> Venue("  Hội trường xã  ", 120.0)
Venue(hall='Hội trường xã', seats=120)
>>> rules = Rules("plan", {"missing": "error"})
>>> [issue.text("en") for issue in rules.missing(Venue())]
['“hall” is not filled in (hall).']
>>> Venue(seats="một trăm")   # doctest: +ELLIPSIS
Traceback (most recent call last):
...
thamvan_lib.errors.KitError: Trường seats cần là một con số, ví dụ 9400 ...
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from .content import load
from .errors import KitError
from .i18n import LANGUAGES, language

FORMAT = "thamvan-plan/1"
# The names of the fields every document shares (title, signer …) are plan.field.*
# messages; a document's own domain is searched first.
SHARED_LABELS = "plan"


# --- issues -------------------------------------------------------------------

def message_text(key: str, values: Mapping, lang: str | None = None) -> str:
    """A message of content with its values; a value given as {"vi": …, "en": …} is
    shown in the reader's language (Vietnamese when the language is missing).

    >>> message_text("plan.issue.duplicate", {"value": {"vi": "Xã An Bình", "en": "An Binh"},
    ...                                       "field": "communes[1]"}, "en")
    '“An Binh” is repeated (communes[1]); list each entry once.'
    """
    lang = lang or language()
    values = {k: v.get(lang, v.get("vi")) if isinstance(v, Mapping) else v
              for k, v in values.items()}
    return load().message(key, lang, **values)


@dataclass(frozen=True)
class Issue:
    """One thing to fix: where (a field path), how serious, and why in both languages.

    ``values`` fill the message; a value given as {"vi": …, "en": …} is shown in the
    reader's language. ``label`` (the field's name for people) is added from content.
    """

    field: str
    severity: str          # "error" or "warning"
    rule: str
    message_key: str
    values: dict = dataclasses.field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        lang = lang or language()
        values = dict(self.values)
        values.setdefault("label", field_label(self.field, lang))
        values.setdefault("field", self.field)
        return message_text(self.message_key, values, lang)


def field_label(path: str, lang: str | None = None,
                domains: tuple[str, ...] = (SHARED_LABELS,)) -> str:
    """The name people read for a field path: its last name, without list positions, from
    the first of ``domains`` whose ``<domain>.field.*`` messages name it.

    >>> field_label("tools[2].sample", "en")
    'Planned sample'
    """
    parts = re.sub(r"\[[^\]]*\]", "", path).split(".")
    content = load()
    # "signer.title" (the signer's position) is not "title" (a heading): the last two
    # names are tried first, then the last one.
    for domain in domains:
        for key in (f"{domain}.field.{'.'.join(parts[-2:])}", f"{domain}.field.{parts[-1]}"):
            if key in content.messages:
                return content.message(key, lang)
    return parts[-1] or "-"


def format_issues(issues: list[Issue], lang: str | None = None) -> str:
    """One line per issue, errors first, for printing in a notebook."""
    lang = lang or language()
    word = {"error": load().message("plan.severity.error", lang),
            "warning": load().message("plan.severity.warning", lang)}
    ordered = sorted(issues, key=lambda i: i.severity != "error")
    return "\n".join(f"{word[i.severity]} · {i.field} · {i.text(lang)}" for i in ordered)


def errors(issues: list[Issue]) -> list[Issue]:
    """The issues that must be fixed (the warnings left out)."""
    return [i for i in issues if i.severity == "error"]


# --- reading values -----------------------------------------------------------
# A draft comes from a JSON file, a YAML example or a form widget. Every field is
# converted here, with its path in the message, so a wrong type never turns into a
# traceback three functions later. Empty text and None mean "not filled in yet": the
# validators report them; they are not errors of type.

def join_path(path: str, name) -> str:
    """The path of a field or a list item inside ``path``.

    >>> join_path("tools", 1), join_path("tools[1]", "sample"), join_path("", "name")
    ('tools[1]', 'tools[1].sample', 'name')
    """
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else str(name)


def _text(value, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise KitError("plan.error.not_text", field=path, value=repr(value))
    return unicodedata.normalize("NFC", value).strip()


def _int(value, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise KitError("plan.error.not_a_number", field=path, value=repr(value))
    if isinstance(value, float):
        if not value.is_integer():
            raise KitError("plan.error.not_whole", field=path, value=repr(value))
        value = int(value)
    return value


def _float(value, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise KitError("plan.error.not_a_number", field=path, value=repr(value))
    return float(value)


def _bool(value, path: str) -> bool:
    if not isinstance(value, bool):
        raise KitError("plan.error.not_yes_no", field=path, value=repr(value))
    return value


def _date(value, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise KitError("plan.error.not_a_date", field=path, value=repr(value))


_SCALARS = {str: _text, int: _int, float: _float, bool: _bool, dt.date: _date}


def _convert(tp, value, path: str):
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        # An empty box of a form widget means "not filled in", not a wrong type.
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _convert(inner, value, path)
    if origin is list:
        if value is None:
            return []
        if isinstance(value, str) and args[0] is str:
            value = value.splitlines()  # a text area: one item a line
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
            raise KitError("plan.error.not_a_list", field=path, value=repr(value))
        items = [_convert(args[0], v, join_path(path, n)) for n, v in enumerate(value)]
        return [v for v in items if v != ""] if args[0] is str else items
    if origin is dict:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise KitError("plan.error.not_a_dict", field=path, value=repr(value))
        return {_text(k, path): _convert(args[1], v, f"{path}[{k!r}]") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):
            _tidy(value, path)
            return value
        if value is None:
            return tp()
        return _build(tp, value, path)
    return _SCALARS[tp](value, path)


@functools.cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _tidy(obj, path: str = "") -> None:
    """Convert every field in place."""
    hints = _hints(type(obj))
    for f in dataclasses.fields(obj):
        setattr(obj, f.name, _convert(hints[f.name], getattr(obj, f.name), join_path(path, f.name)))


def _build(cls, data, path: str):
    if not isinstance(data, Mapping):
        raise KitError("plan.error.not_a_dict", field=path or cls.__name__, value=repr(data))
    data = dict(data)
    if not path:  # a whole document may carry its format and kind
        data.pop("format", None)
        kind = data.pop("kind", None)
        if kind is not None and kind != getattr(cls, "KIND", None):
            raise KitError("plan.error.wrong_kind", expected=getattr(cls, "KIND", "-"),
                           got=repr(kind))
    names = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in names:
            # A misspelt key ("budjet") would otherwise lose the budget without a word.
            raise KitError("plan.error.unknown_field", field=join_path(path, str(key)),
                           allowed=", ".join(names))
    hints = _hints(cls)
    converted = {k: _convert(hints[k], v, join_path(path, k)) for k, v in data.items()}
    return cls(**converted)


def plain(value):
    """A document, a part or a value as JSON-ready dicts, lists and texts (dates in ISO).

    >>> plain({"start": dt.date(2026, 4, 8), "tools": [1, 2]})
    {'start': '2026-04-08', 'tools': [1, 2]}
    """
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def checked(doc, cls):
    """``doc`` with every field converted again (a notebook user may have changed one since
    it was made); ``KitError`` when it is not a ``cls``."""
    if not isinstance(doc, cls):
        raise KitError("plan.error.not_a_document", expected=cls.__name__, value=repr(doc)[:80])
    _tidy(doc)
    return doc


# --- parts and documents ----------------------------------------------------------

class Part:
    """Shared behaviour: fields converted on creation, JSON-ready ``to_dict``."""

    def __post_init__(self):
        _tidy(self)

    def to_dict(self) -> dict:
        return plain(self)

    @classmethod
    def from_dict(cls, data):
        return _build(cls, data, "")


class Document(Part):
    """A whole document: its dict carries the format and the kind (``KIND``)."""

    KIND: ClassVar[str] = ""

    def to_dict(self) -> dict:
        """A dict for ``json.dump``, with the format and the kind of document."""
        return {"format": FORMAT, "kind": self.KIND, **plain(self)}


def required(default=""):
    """A field the document is not complete without (reported by ``Rules.missing``)."""
    if isinstance(default, list):
        return field(default_factory=list, metadata={"required": True})
    return field(default=default, metadata={"required": True})


def required_part(cls):
    """A nested part (a budget, a signer) the document is not complete without."""
    return field(default_factory=cls, metadata={"required": True})


# --- checks -------------------------------------------------------------------

def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def empty_required(obj, path: str = "", skip: frozenset = frozenset()) -> list[str]:
    """Paths of every required field left empty, in the order of the document, nested parts
    included. Each kind of document turns them into its own issues."""
    found = []
    for f in dataclasses.fields(obj):
        where, value = join_path(path, f.name), getattr(obj, f.name)
        if where in skip:
            continue
        if f.metadata.get("required") and _empty(value):
            found.append(where)
            continue
        if dataclasses.is_dataclass(value):
            found += empty_required(value, where, skip)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    found += empty_required(item, join_path(where, n), skip)
    return found


@dataclass(frozen=True)
class Rules:
    """How one kind of document words its issues: messages ``<domain>.issue.<rule>``, the
    rules' severities, and field names from ``<domain>.field.*`` (then ``plan.field.*``)."""

    domain: str
    severity: dict[str, str]
    own_message: dict[str, str] = dataclasses.field(default_factory=dict)  # field path → rule

    def label(self, path: str) -> dict:
        """The field's name in both languages (an issue is read later, in either)."""
        domains = tuple(dict.fromkeys((self.domain, SHARED_LABELS)))
        return {lang: field_label(path, lang, domains) for lang in LANGUAGES}

    def issue(self, path: str, rule: str, key: str | None = None, **values) -> Issue:
        values.setdefault("label", self.label(path))
        return Issue(path, self.severity[rule], rule, key or f"{self.domain}.issue.{rule}", values)

    def missing(self, obj, path: str = "", skip: frozenset = frozenset()) -> list[Issue]:
        """An issue for every required field left empty."""
        return [self.issue(where, self.own_message.get(where, "missing"))
                for where in empty_required(obj, path, skip)]

    def choice(self, value: str, allowed, prefix: str, path: str) -> list[Issue]:
        """An issue when ``value`` is not one of ``allowed``, listing them with their
        Vietnamese names (messages ``<prefix>.<slug>``)."""
        if value and value not in allowed:
            messages = load().messages
            labels = ", ".join(f"{a} ({load().message(f'{prefix}.{a}', 'vi')})" if f"{prefix}.{a}" in messages
                               else a for a in allowed)
            return [self.issue(path, "unknown_choice", value=value, allowed=labels)]
        return []

    def duplicates(self, names: list[str], path: str, attr: str = "") -> list[Issue]:
        """An issue (rule "duplicate") for each name already listed, case aside; ``attr``
        names the field of a list item that holds the name."""
        seen, found = set(), []
        for n, name in enumerate(names):
            key = name.casefold()
            if name and key in seen:
                where = join_path(path, n)
                found.append(self.issue(join_path(where, attr) if attr else where, "duplicate",
                                        value=name))
            seen.add(key)
        return found


# --- drafts ---------------------------------------------------------------------

def save_draft(store, cls, data) -> None:
    """Keep a draft of one document in the learner's database (one draft per ``cls.KIND``).

    ``data`` is the document or its dict; it is read back first, so a draft that could
    not be opened again is refused now, with the reason, rather than lost later.
    """
    doc = data if isinstance(data, cls) else cls.from_dict(data)
    _tidy(doc)
    store.save_draft(cls.KIND, json.dumps(doc.to_dict(), ensure_ascii=False))


def load_draft(store, cls):
    """The saved draft of a ``cls`` document, or None when there is none."""
    text = store.load_draft(cls.KIND)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise KitError("plan.error.draft_unreadable", kind=cls.KIND) from None
    return cls.from_dict(data)

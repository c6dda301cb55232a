"""Load, validate and cache the kit's content files; choose the language.

A trainer customises the kit by editing the YAML files under ``content/``
(or a copy of that folder named by ``THAMVAN_CONTENT``). A broken file raises
``ContentError`` naming the file, the item and the field, in both languages.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from . import schema
from .i18n import LANGUAGES, language

PACKAGE_CONTENT = Path(__file__).parent / "content"

# Vietnamese wording for the pydantic error types a content author meets.
_REASONS_VI = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép (viết sai tên?)",
    "string_pattern_mismatch": "giá trị không đúng mẫu",
    "string_too_short": "văn bản quá ngắn",
    "too_short": "danh sách quá ngắn",
    "too_long": "danh sách quá dài",
    "literal_error": "giá trị không thuộc các giá trị cho phép",
    "int_parsing": "cần một số nguyên",
    "int_type": "cần một số nguyên",
    "string_type": "cần một đoạn văn bản",
    "list_type": "cần một danh sách",
    "model_type": "cần một mục có các trường",
    "dict_type": "cần một bảng khoá – giá trị",
    "greater_than_equal": "giá trị quá nhỏ",
    "less_than_equal": "giá trị quá lớn",
    "value_error": "giá trị không hợp lệ",
}


class ContentError(ValueError):
    """A content file that cannot be used, with where and why in vi and en."""

    def __init__(self, file: str, item: str, field: str, reason_vi: str, reason_en: str):
        self.file, self.item, self.field = file, item, field
        self.reason_vi, self.reason_en = reason_vi, reason_en
        super().__init__(
            f"Lỗi nội dung: tệp {file}, mục {item}, trường {field}: {reason_vi}\n"
            f"Content error: file {file}, item {item}, field {field}: {reason_en}"
        )


def content_root() -> Path:
    return Path(os.environ.get("THAMVAN_CONTENT") or PACKAGE_CONTENT)


HELP_FILE = Path("messages") / "cli_help.yaml"


def help_text(key: str) -> str:
    """A command-line help text, “Vietnamese / English”, read from ``HELP_FILE`` alone (the
    help needs no other content). A broken file must not stop the command line, whose
    ``check-content`` names the fault, so the key stands in for the text then."""
    try:
        texts = _help_texts(content_root())
    except ContentError:
        return key
    text = texts.get(key)
    return " / ".join(text.get(lang) for lang in LANGUAGES) if text else key


@functools.cache
def _help_texts(root: Path) -> dict:
    return load_file(root / HELP_FILE, schema.MessageFile, root).messages


def _item_and_field(data, loc: tuple) -> tuple[str, str]:
    """Turn a pydantic location into the innermost item's id and the field path below it."""
    item, path, item_path, node = "-", [], [], data
    for key in loc:
        path.append(str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
            continue
        ident = node.get("id") or node.get("term") if isinstance(node, dict) else None
        if isinstance(key, int) and ident is not None:
            item, item_path, path = str(ident), path, []
    return item, ".".join(path or item_path) or "-"


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, root: Path):
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ContentError(rel, "-", "-", "tệp không phải UTF-8", "file is not UTF-8") from err
    try:
        # libyaml's parser when present: every grading kernel and page loads the content
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"dòng {mark.line + 1}" if mark else "-"
        where_en = f"line {mark.line + 1}" if mark else "-"
        raise ContentError(rel, "-", where, f"YAML sai cú pháp ({where})",
                           f"invalid YAML ({where_en}): {err}") from err


def load_file(path: Path, model: type[BaseModel], root: Path | None = None) -> BaseModel:
    """Read one YAML file and validate it against ``model``."""
    root = root or content_root()
    data = _read_yaml(path, root)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        item, field = _item_and_field(data, first["loc"])
        reason_vi = _REASONS_VI.get(first["type"], "giá trị không hợp lệ")
        detail = first["msg"]
        if first["type"] == "value_error":
            reason_vi = f"{reason_vi} ({detail.removeprefix('Value error, ')})"
        raise ContentError(path.relative_to(root).as_posix(), item, field, reason_vi, detail) from None


def load_watched(relative: str | Path, model: type[BaseModel], path: Path | str | None = None,
                 build=None):
    """One content file, validated against ``model`` and read again when it changes.

    ``path`` is a content folder (default: ``THAMVAN_CONTENT`` or the kit's) holding
    ``relative``, or the file itself; a trainer's edit shows at the next call.
    ``build`` turns the validated data into what callers use (cached with it).
    """
    path = Path(path) if path else content_root()
    if path.is_dir():
        root, path = path, path / relative
    else:
        root = path.parent
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise ContentError(path.relative_to(root).as_posix(), "-", "-", "không tìm thấy tệp",
                           "file not found") from None
    return _load_watched(root, path, model, build, stamp)


@functools.lru_cache(maxsize=32)
def _load_watched(root: Path, path: Path, model: type[BaseModel], build, stamp: int):
    data = load_file(path, model, root)
    return build(data) if build else data


@dataclass(frozen=True)
class Content:
    phases: dict[int, schema.Phase]
    steps: dict[str, schema.Step]
    actors: dict[str, schema.Named]
    documents: dict[str, schema.Named]
    glossary: list[schema.GlossaryTerm]
    tools: dict[str, schema.Tool]
    messages: dict[str, schema.LocalText]
    root: Path

    def phase_steps(self, phase: int) -> list[schema.Step]:
        return [s for s in self.steps.values() if s.phase == phase and s.id.startswith("P")]

    def lecture_items(self, phase: int | None = None) -> list[schema.Step]:
        return [s for s in self.steps.values()
                if s.id.startswith("L") and (phase is None or s.phase == phase)]

    def lecture_for(self, step_id: str) -> list[schema.Step]:
        """Lecture items that belong to a process step."""
        return [s for s in self.lecture_items() if step_id in s.steps]

    def message(self, key: str, lang: str | None = None, **values) -> str:
        text = self.messages[key].get(lang or language())
        return text.format(**values) if values else text

    def both(self, key: str, **values) -> dict[str, str]:
        """A message in every language; a value given as {"vi": …, "en": …} follows the language."""
        return {lang: self.message(key, lang, **{k: v[lang] if isinstance(v, dict) else v
                                                 for k, v in values.items()})
                for lang in LANGUAGES}

    def manual(self, seed: str) -> str:
        """The repaired text of a seed document, as shipped in the kit."""
        name = {"000_9cfa88ba8f5b391c.txt": "lecture", "002_1af39c178b05c89f.txt": "process"}[seed]
        return (self.root / "manual" / f"{name}.vi.txt").read_text(encoding="utf-8")


def _step_order(step_id: str) -> tuple:
    kind, number = step_id[0], step_id[1:]
    return (kind != "P", [int(n) for n in number.split(".")])


def _check_references(content: Content) -> None:
    for step in content.steps.values():
        rel = f"process/{'lecture' if step.id.startswith('L') else f'phase-{step.phase}'}.yaml"
        for field, known in (("actors", content.actors), ("documents", content.documents),
                             ("tools", content.tools), ("steps", content.steps)):
            for ref in getattr(step, field):
                if ref not in known:
                    raise ContentError(rel, step.id, field, f"không có '{ref}' trong nội dung",
                                       f"'{ref}' is not defined in the content")
        quote = collapse_space(step.citation.quote)
        if quote not in collapse_space(content.manual(step.citation.seed)):
            raise ContentError(rel, step.id, "citation.quote",
                               "trích dẫn không có trong tài liệu gốc",
                               "the quoted words are not in the seed document")


def collapse_space(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@functools.lru_cache(maxsize=4)
def _load(root: Path) -> Content:
    process = root / "process"
    phases = load_file(process / "phases.yaml", schema.PhaseFile, root).phases
    steps: dict[str, schema.Step] = {}
    for path in sorted(process.glob("*.yaml")):
        if path.name == "phases.yaml":
            continue
        for step in load_file(path, schema.StepFile, root).steps:
            if step.id in steps:
                raise ContentError(path.relative_to(root).as_posix(), step.id, "id",
                                   "mã mục bị trùng", "duplicate item id")
            steps[step.id] = step
    named = lambda name: {x.id: x for x in load_file(root / name, schema.NamedFile, root).items}
    content = Content(
        phases={p.id: p for p in phases},
        steps=dict(sorted(steps.items(), key=lambda kv: _step_order(kv[0]))),
        actors=named("actors.yaml"),
        documents=named("documents.yaml"),
        glossary=load_file(root / "glossary.yaml", schema.GlossaryFile, root).terms,
        tools={t.id: t for t in load_file(root / "tools.yaml", schema.ToolFile, root).tools},
        messages=_messages(root),
        root=root,
    )
    _check_references(content)
    return content


def _messages(root: Path) -> dict[str, schema.LocalText]:
    """Every file under messages/ adds its keys; a key defined twice is an error."""
    merged: dict[str, schema.LocalText] = {}
    for path in sorted((root / "messages").glob("*.yaml")):
        for key, text in load_file(path, schema.MessageFile, root).messages.items():
            if key in merged:
                raise ContentError(path.relative_to(root).as_posix(), key, "messages",
                                   "khoá thông báo bị trùng", "message key defined twice")
            merged[key] = text
    return merged


def load(root: Path | str | None = None) -> Content:
    """All content, validated and cached per folder."""
    return _load(Path(root) if root else content_root())

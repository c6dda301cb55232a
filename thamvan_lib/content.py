"""Load, validate and cache the kit's content files; choose the language.

A trainer customises the kit by editing the YAML files under ``content/``
(or a copy of that folder named by ``THAMVAN_CONTENT``). A broken file raises
``ContentError`` naming the file, the item and the field, in both languages.

Every YAML file under ``content/`` is of one kind of ``KINDS``: where its files are and
the model they are validated with. ``load_kind`` and ``load_all`` read a kind; ``check``
reads every file of every kind (``thamvan check-content``). A file is parsed once per
content root and read again when it changes (its size or modification time), so a
trainer's edit shows at the next call; ``clear_cache`` forgets everything read.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from . import schema
from .i18n import LANGUAGES, language
from .schema.analysis import CodebookFile
from .schema.communication import SupervisionFile
from .schema.examples import PlanExampleFile, TrainingExampleFile, UptakeExampleFile
from .schema.exercises import SheetFile, TranscriptFile
from .schema.pretest import EvaluationFile, QuestionFile
from .schema.programme import ProgrammeFile
from .schema.draft_law import DraftLawFile
from .schema.legal import LegalFrameFile
from .schema.storyline import StorylineFile
from .schema.questionnaire import RulesFile
from .schema.roleplay import PersonaFile, RubricFile, ScenarioFile

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
    "dict_type": "cần một bảng khóa – giá trị",
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
    root = content_root()
    try:
        texts = read(root, root / HELP_FILE, schema.MessageFile).messages
    except ContentError:
        return key
    text = texts.get(key)
    return " / ".join(text.get(lang) for lang in LANGUAGES) if text else key


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


# --- the registry of content files ---------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One kind of content file: where its files are under the content root, and their model."""

    name: str
    pattern: str                    # a file, or a glob, relative to the content root
    model: type[BaseModel]
    excluded: tuple[str, ...] = ()  # file names the glob matches that are of another kind

    @property
    def single(self) -> bool:
        return not any(c in self.pattern for c in "*?[")

    def files(self, root: Path) -> list[Path]:
        """The kind's files under ``root``; a single-file kind's file even when it is missing."""
        if self.single:
            return [root / self.pattern]
        return sorted(p for p in root.glob(self.pattern) if p.name not in self.excluded)

    def file(self, root: Path, name: str) -> Path:
        """The file called ``name`` (without ``.yaml``) of a kind kept in one folder."""
        return root / self.pattern.replace("*", name)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("phases", "process/phases.yaml", schema.PhaseFile),
    Kind("steps", "process/*.yaml", schema.StepFile, excluded=("phases.yaml",)),
    Kind("actors", "actors.yaml", schema.NamedFile),
    Kind("documents", "documents.yaml", schema.NamedFile),
    Kind("glossary", "glossary.yaml", schema.GlossaryFile),
    Kind("tools", "tools.yaml", schema.ToolFile),
    Kind("messages", "messages/*.yaml", schema.MessageFile),
    Kind("rubrics", "roleplay/rubrics.yaml", RubricFile),
    Kind("personas", "roleplay/personas.yaml", PersonaFile),
    Kind("scenario", "roleplay/scenarios/*.yaml", ScenarioFile),
    Kind("codebook", "analysis/codebook.yaml", CodebookFile),
    Kind("questionnaire_rules", "questionnaire/rules.yaml", RulesFile),
    Kind("supervision", "communication/supervision.yaml", SupervisionFile),
    Kind("plan_example", "plan/example-healthcare-poor.yaml", PlanExampleFile),
    Kind("training_example", "training/example.yaml", TrainingExampleFile),
    Kind("uptake_example", "uptake/example-responses.yaml", UptakeExampleFile),
    Kind("transcript", "exercises/*.yaml", TranscriptFile),
    Kind("sheet", "exercises/sheets/*.yaml", SheetFile),
    Kind("programme", "programmes/*.yaml", ProgrammeFile),
    Kind("storyline", "storyline/*.yaml", StorylineFile, excluded=("du-an-luat.yaml",)),
    Kind("draft_law", "storyline/du-an-luat.yaml", DraftLawFile),
    Kind("legal_frame", "legal/khung-phap-ly.yaml", LegalFrameFile),
    Kind("pretest", "pretest/questions.yaml", QuestionFile),
    Kind("evaluation", "pretest/evaluation.yaml", EvaluationFile),
)}


def load_kind(kind: str, root: Path | str | None = None, *, name: str | None = None, build=None):
    """The file of ``kind``, validated: its only file, or the one called ``name``.

    ``root`` is a content folder (default: ``THAMVAN_CONTENT`` or the kit's) or the file
    itself. ``build`` turns the validated data into what callers use (cached with it).

    >>> load_kind("scenario", name="hop-ubnd-so-nganh").role
    'office'
    """
    spec, root = KINDS[kind], Path(root) if root else content_root()
    if root.is_file():
        return read(root.parent, root, spec.model, build)
    if name is None and not spec.single:
        raise TypeError(f"'{kind}' is kept in several files: name one")
    return read(root, spec.file(root, name) if name else root / spec.pattern, spec.model, build)


def load_all(kind: str, root: Path | str | None = None, *, build=None) -> dict[str, object]:
    """Every file of ``kind``, validated, by path relative to the root, in file-name order.

    >>> list(load_all("transcript"))
    ['exercises/bien-ban-transcript.yaml', 'exercises/dieu-hanh-transcript.yaml']
    """
    spec, root = KINDS[kind], Path(root) if root else content_root()
    return {p.relative_to(root).as_posix(): read(root, p, spec.model, build)
            for p in spec.files(root)}


def read(root: Path, path: Path, model: type[BaseModel], build=None):
    """``path`` validated against ``model``, from the cache unless the file changed."""
    try:
        stat = path.stat()
    except OSError:
        raise ContentError(path.relative_to(root).as_posix(), "-", "-", "không tìm thấy tệp",
                           "file not found") from None
    return _read(root, path, model, build, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=128)
def _read(root: Path, path: Path, model: type[BaseModel], build, stamp: tuple):
    data = load_file(path, model, root)
    return build(data) if build else data


def clear_cache() -> None:
    """Forget every file read (tests that edit content in place)."""
    for cached in (_read, _load):
        cached.cache_clear()


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

    def line(self, key: str, **values) -> str:
        """The message in Vietnamese, then English, on one line: for the command line and
        notices that serve both readers at once."""
        return " / ".join(self.both(key, **values).values())

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
    return build_content(root)


def build_content(root: Path) -> Content:
    """The process, actors, documents, glossary, tools and messages of ``root``, cross-checked."""
    phases = load_kind("phases", root).phases
    steps: dict[str, schema.Step] = {}
    for rel, step_file in load_all("steps", root).items():
        for step in step_file.steps:
            if step.id in steps:
                raise ContentError(rel, step.id, "id", "mã mục bị trùng", "duplicate item id")
            steps[step.id] = step
    named = lambda kind: {x.id: x for x in load_kind(kind, root).items}
    content = Content(
        phases={p.id: p for p in phases},
        steps=dict(sorted(steps.items(), key=lambda kv: _step_order(kv[0]))),
        actors=named("actors"),
        documents=named("documents"),
        glossary=load_kind("glossary", root).terms,
        tools={t.id: t for t in load_kind("tools", root).tools},
        messages=_messages(root),
        root=root,
    )
    _check_references(content)
    return content


def _messages(root: Path) -> dict[str, schema.LocalText]:
    """Every file under messages/ adds its keys; a key defined twice is an error."""
    merged: dict[str, schema.LocalText] = {}
    for rel, messages in load_all("messages", root).items():
        for key, text in messages.messages.items():
            if key in merged:
                raise ContentError(rel, key, "messages", "khóa thông báo bị trùng",
                                   "message key defined twice")
            merged[key] = text
    return merged


def load(root: Path | str | None = None) -> Content:
    """All content, validated and cached per folder."""
    return _load(Path(root) if root else content_root())


# --- checking every file -------------------------------------------------------------------

def _check_transcript(rel: str, transcript: TranscriptFile,
                      personas: PersonaFile) -> None:
    """Each speaker is a role-play persona or one of the file's speakers, in a known group."""
    people = {p.id for p in personas.personas}
    groups = {g.id for g in personas.groups}
    for ident, speaker in transcript.speakers.items():
        if speaker.group not in groups:
            raise ContentError(rel, ident, "group", f"không có nhóm '{speaker.group}' trong "
                               "roleplay/personas.yaml",
                               f"there is no group '{speaker.group}' in roleplay/personas.yaml")
    for n, turn in enumerate(transcript.turns):
        if turn.speaker not in people and turn.speaker not in transcript.speakers:
            raise ContentError(rel, "-", f"turns.{n}.speaker",
                               f"không có người nói '{turn.speaker}' (nhân vật hoặc speakers)",
                               f"there is no speaker '{turn.speaker}' (persona or speakers)")


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: the faults, or the number of files of each kind."""

    root: Path
    errors: tuple[ContentError, ...]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self) -> str:
        """Every fault in Vietnamese and English, or what was checked when all is well."""
        if self.errors:
            # The folder's own messages may be the broken files: the kit's speak for them.
            summary = load(PACKAGE_CONTENT).line("cli.content_broken", count=len(self.errors))
            return "\n".join([str(e) for e in self.errors] + [summary])
        content = load(self.root)
        lines = [content.line("cli.content_ok", steps=len(content.steps), phases=len(content.phases))]
        for kind, count in self.counts.items():
            label = content.both(f"content.kind.{kind}")
            lines.append("  " + content.line("cli.content_files", kind=label, count=count))
        return "\n".join(lines)


def check(root: Path | str | None = None,
          tool_loaders: Callable[[], Mapping[str, Callable[[Path], object]]] | None = None,
          ) -> CheckReport:
    """Read every file of every kind under ``root``, then check what files say of each
    other (process references, message keys, transcript speakers).

    ``tool_loaders()`` may give the tools' own loaders by kind (each called with the
    root), which check what no file's model can: a scenario's graph, the documents of a
    worked example. The tools sit above this module, so the command line hands them in;
    they are asked for only when every file fits its model (importing them takes seconds).
    """
    root = Path(root) if root else content_root()
    errors: list[ContentError] = []
    counts: dict[str, int] = {}
    for spec in KINDS.values():
        files = spec.files(root)
        counts[spec.name] = len(files)
        for path in files:
            try:
                read(root, path, spec.model)
            except ContentError as err:
                errors.append(err)
    if not errors:
        try:
            build_content(root)
            personas = load_kind("personas", root)
            for rel, transcript in load_all("transcript", root).items():
                _check_transcript(rel, transcript, personas)
        except ContentError as err:
            errors.append(err)
    if not errors and tool_loaders:
        for loader in tool_loaders().values():
            try:
                loader(root)
            except ContentError as err:
                errors.append(err)
    return CheckReport(root, tuple(errors), counts)

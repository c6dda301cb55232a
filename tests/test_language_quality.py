"""Language quality of everything a learner reads: Unicode NFC, no legacy-font residue,
no Vietnamese word that lost its diacritics, abbreviations explained, message keys defined."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import nbformat
import pytest
import yaml

from thamvan_lib.content import PACKAGE_CONTENT
from thamvan_lib.vietnamese import common_syllables, is_syllable, legacy_table

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "thamvan_lib"
NOTEBOOKS = REPO / "notebooks"
UNACCENTED = PACKAGE_CONTENT / "language" / "unaccented.txt"
# Where legacy bytes belong: the raw seeds as received and the encoding tables themselves.
RAW = ("manual/source/", "encodings/")
# Legacy-table characters that are also ordinary punctuation in Unicode text.
PUNCTUATION = set("·×÷")
WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The words of a text, leaving out code identifiers (ten_tep, lap_truong) and numbers."""
    return [w for w in WORD.findall(text) if "_" not in w and not any(c.isdigit() for c in w)]


def _strings(node, lang=None):
    """(language, text) of every string in a YAML tree; the language is that of the
    nearest ``vi``/``en`` key above it, or None."""
    if isinstance(node, str):
        yield lang, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, key if key in ("vi", "en") else lang)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, lang)


def _yaml_files():
    return sorted(p for p in PACKAGE_CONTENT.rglob("*.yaml"))


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _markdown_cells():
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells, 1):
            if cell.cell_type == "markdown":
                yield f"{_rel(path)} cell {number}", cell.source


def _user_texts():
    """(where, language, text) of all user-facing text: content YAML, manual, notebooks' markdown."""
    for path in _yaml_files():
        for lang, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield _rel(path), lang, text
    for path in sorted((PACKAGE_CONTENT / "manual").glob("*.vi.txt")):
        yield _rel(path), "vi", path.read_text(encoding="utf-8")
    for where, text in _markdown_cells():
        yield where, None, text


def _has_vietnamese_letters(text: str) -> bool:
    return any(unicodedata.normalize("NFD", c)[0] != c or c in "đĐ" for c in text if c.isalpha())


def _units(markdown: str) -> list[str]:
    """A markdown cell's headings and paragraphs, in order."""
    units, paragraph = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith("#") or not line.strip():
            if paragraph:
                units.append(" ".join(paragraph))
                paragraph = []
            if line.startswith("#"):
                units.append(line)
        else:
            paragraph.append(line.strip())
    return units


def test_notebook_text_is_in_vietnamese_then_english():
    """Markdown in the notebooks: each Vietnamese heading or paragraph is followed by its
    English, in italics (the widgets below switch language; the markdown carries both)."""
    missing = []
    for where, text in _markdown_cells():
        units = _units(text)
        for unit, following in zip(units, units[1:] + [""]):
            english = following.startswith("*") and following.endswith("*") and not _has_vietnamese_letters(following)
            if _has_vietnamese_letters(unit) and not english:
                missing.append((where, unit[:60]))
    assert not missing, missing


def test_the_english_rule_can_fail():
    assert _units("## Các bước\n*Steps*\n\nMở.\n\n*Open.*") == ["## Các bước", "*Steps*", "Mở.", "*Open.*"]
    assert _has_vietnamese_letters("Các bước") and not _has_vietnamese_letters("*Steps (optional)*")


def test_all_user_facing_text_is_nfc():
    bad = [(where, text[:60]) for where, _, text in _user_texts()
           if text != unicodedata.normalize("NFC", text)]
    assert not bad, bad


@cache
def legacy_only() -> frozenset[str]:
    """Characters the TCVN3 and VNI tables use that are no Vietnamese letter: "§", "µ", "¸" ..."""
    chars = {c for name in ("tcvn3", "vni") for key in legacy_table(name) for c in key}
    def letter(c):
        base = unicodedata.normalize("NFD", c)[0]
        return base.isascii() or c in "đĐ"
    return frozenset(c for c in chars if not c.isascii() and not letter(c) and c not in PUNCTUATION)


def test_the_residue_set_is_what_legacy_text_shows():
    assert set("§µ¸¹«¬Þ") <= legacy_only()
    assert not set("àáảãạăâđêôơưĐ·") & legacy_only()


def test_no_legacy_encoding_residue_in_content_or_notebooks():
    found = []
    for path in sorted(p for p in PACKAGE_CONTENT.rglob("*") if p.is_file()):
        rel = path.relative_to(PACKAGE_CONTENT).as_posix()
        if rel.startswith(RAW):
            continue
        text = path.read_text(encoding="utf-8")
        found += [(rel, line) for line in text.splitlines() if set(line) & legacy_only()]
    for where, text in _markdown_cells():
        found += [(where, line) for line in text.splitlines() if set(line) & legacy_only()]
    assert not found, found[:10]


@cache
def unaccented() -> frozenset[str]:
    lines = UNACCENTED.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


# Forms in the list that are well-formed syllables but not words of the language.
WELL_FORMED_NON_WORDS = {"khong"}


def test_the_unaccented_list_holds_only_non_words():
    words = unaccented()
    assert len(words) >= 80
    assert all(w.isascii() and w.islower() and w.isalpha() for w in words)
    assert not words & common_syllables()
    assert {w for w in words if is_syllable(w)} <= WELL_FORMED_NON_WORDS
    for valid in ("tham", "van", "trong", "cua", "chinh", "ban", "ke", "hoi", "to"):
        assert valid not in words


def _vietnamese(lang, text) -> bool:
    """A Vietnamese text: a ``vi`` field, or an unlabelled text with Vietnamese letters."""
    return lang == "vi" or lang is None and not text.isascii()


QUOTED = re.compile(r"“[^”]*”|`[^`]*`|\{[^}]*\}")  # examples of typing, code, placeholders


def test_no_vietnamese_word_lost_its_diacritics():
    found = []
    for where, lang, text in _user_texts():
        if not _vietnamese(lang, text):
            continue
        bare = [w for w in _words(QUOTED.sub(" ", text)) if w.lower() in unaccented()]
        if bare:
            found.append((where, bare, text[:80]))
    assert not found, found[:10]


def test_the_check_finds_a_sentence_typed_without_diacritics():
    text = "Van phong HDND duoc giao to chuc cac cuoc tham van; open(ten_tep)"
    assert {w.lower() for w in _words(text)} & unaccented() == {"hdnd", "duoc", "chuc", "cac", "cuoc"}


# --- message keys used in the code ----------------------------------------------------

KEY_USE = re.compile(r"""(?:\bt|\bmessage|\bKitError|\bhelp_text|\b_both\(\s*\w+\s*,)\(?\s*(["'])([a-z0-9_]+(?:\.[a-z0-9_]+)+)\1""")


def _keys_used() -> dict[str, str]:
    used = {}
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2")]):  # code and page templates
        for m in KEY_USE.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(m.group(2), _rel(path))
    return used


def test_the_scan_sees_the_ways_keys_are_used():
    used = _keys_used()
    assert {"home.progress", "step.citation", "vietnamese.read.binary", "cli.stop",
            "manual.cited_by", "text_repair.too_large"} <= set(used)


def test_every_message_key_used_in_the_code_exists(content):
    missing = {key: where for key, where in _keys_used().items() if key not in content.messages}
    assert not missing, missing


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_message_has_its_text_in_both_languages(content, lang):
    assert all(m.get(lang).strip() for m in content.messages.values())


# --- abbreviations ----------------------------------------------------------------------

ABBREVIATION = re.compile(r"\b(?:TT HĐND|KT-XH|[A-ZĐ]{2,}(?:-[A-ZĐ]+)?)\b")
# International and technical abbreviations (file kinds, encodings, units) need no gloss.
TECHNICAL = {"TCVN", "VNI", "ABC", "UTF", "BOM", "CSV", "TXT", "PDF", "DOCX", "DOC", "XLSX", "MB", "KB",
             "URL", "OK", "ID", "PNG", "JPG", "SQLITE", "CLI", "JSON", "HTML", "YAML"}
# Abbreviations that are not the consultation's terms, each with where and why.
ROMAN = re.compile(r"[IVX]+")
NOT_GLOSSED = {"TT"}  # plan.doc.col_no: “TT” (thứ tự), the number column of a table in a document


def test_the_glossary_covers_abbreviations_in_messages_too(content):
    terms = {g.term for g in content.glossary}
    texts = " ".join(m.vi for m in content.messages.values())
    used = set(ABBREVIATION.findall(QUOTED.sub(" ", texts)))
    missing = {u for u in used if u not in terms and u.split("-")[0] not in TECHNICAL
               and u not in NOT_GLOSSED and not is_syllable(u)  # "NỘI DUNG": a heading in capitals
               and not ROMAN.fullmatch(u)}  # section numbers of documents: II, III, IV
    assert not missing, f"glossary lacks {sorted(missing)}"

"""The kit's spelling policy: tones of "oa", "oe", "uy" at the end of a syllable go on the first
vowel (hóa, khỏe, thủy, Ủy ban), in every text of the kit; quotations of the source documents
keep the sources' spelling."""

from __future__ import annotations

import subprocess

import pytest

from thamvan_lib.locations import kit_root
from thamvan_lib.vietnamese import new_style_tones, old_style_tones

ROOT = kit_root()
# the sources as they are, legacy-encoding tables and word lists, and the code and tests about
# both spellings
EXEMPT = ("thamvan_lib/content/manual/", "thamvan_lib/content/encodings/", "thamvan_lib/content/language/",
          "thamvan_lib/vietnamese.py", "thamvan_lib/questionnaire_rules.py", "tests/test_vietnamese.py",
          "tests/test_questionnaire_rules.py", "tests/test_spelling.py", "datasets/samples/")
TEXT = (".yaml", ".py", ".ipynb", ".md", ".html", ".j2", ".txt", ".csv", ".json", ".toml")


def kit_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [f for f in listed.split() if f.endswith(TEXT) and not f.startswith(EXEMPT)]


def outside_quotes(path: str, text: str) -> str:
    """The text without the YAML ``quote:`` values (one line, or a folded block)."""
    if not path.endswith(".yaml"):
        return text
    kept, quote_indent = [], None
    for line in text.split("\n"):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if quote_indent is not None and (indent > quote_indent or not stripped):
            continue
        quote_indent = None
        if stripped.startswith("quote:"):
            if stripped.rstrip().endswith(("quote: >-", "quote: >", "quote: |", "quote: |-")):
                quote_indent = indent
            continue
        kept.append(line)
    return "\n".join(kept)


def test_the_kit_writes_hoa_not_hoa_with_the_tone_on_the_a():
    found = {}
    for path in kit_files():
        try:
            text = (ROOT / path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a letter kept in a legacy encoding
        words = new_style_tones(outside_quotes(path, text))
        if words:
            found[path] = sorted(set(words))
    assert not found, found


def test_quotations_keep_the_sources_spelling():
    from thamvan_lib.content import load

    content = load()
    quoted = [s.citation for s in content.steps.values() if new_style_tones(s.citation.quote)]
    assert quoted, "no quotation spells 'hoá': the exception above would be unused"
    for citation in quoted:  # word for word, in the spelling of the source
        assert " ".join(citation.quote.split()) in " ".join(content.manual(citation.seed).split())


def test_the_policy_moves_the_tone_and_leaves_other_words():
    assert old_style_tones("Hoá đơn; khoẻ; thuỷ lợi; UỶ BAN; quý; khoán; toà án") == \
        "Hóa đơn; khỏe; thủy lợi; ỦY BAN; quý; khoán; tòa án"
    assert new_style_tones("hóa học, Ủy ban, quý khách") == []

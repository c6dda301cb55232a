"""The slides a trainer projects (thamvan workshop slides): one 16:9 deck per day, legible from
the back of the room (≤ 40 words a slide, body text ≥ 24 pt), each session's title slide with
the five phases drawn and its own filled, the trainer notes in the speaker notes only, and
LibreOffice opens every deck."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches, Pt

from thamvan_lib.cli import main
from thamvan_lib.documents.pdf import page_count
from thamvan_lib.documents.slides import MAX_WORDS, words
from thamvan_lib.programme import load_programmes
from thamvan_lib.trainer_notes import load_notes, note_texts


@pytest.fixture(scope="module", params=["mot-ngay", "ba-ngay"])
def decks(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"slides-{request.param}")
    result = CliRunner().invoke(main, ["workshop", "slides", "--programme", request.param, "--out", str(out)])
    assert result.exit_code == 0, result.output
    programme = load_programmes()[request.param]
    paths = [out / f"trinh-chieu-{programme.id}-ngay-{d.day}.pptx" for d in programme.days]
    assert all(p.exists() for p in paths) and "ngày 1" in result.output
    return programme, paths


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_every_slide_is_16_9_short_and_large(decks):
    _, paths = decks
    for path in paths:
        prs = Presentation(path)
        assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
        for n, slide in enumerate(prs.slides, 1):
            assert len(words(_texts(slide))) <= MAX_WORDS, (path.name, n, _texts(slide))
            for shape in slide.shapes:
                if not shape.has_text_frame or shape.name.startswith("phase-"):
                    continue
                sizes = [r.font.size for p in shape.text_frame.paragraphs for r in p.runs]
                assert sizes and all(s >= Pt(24) for s in sizes), (path.name, n, shape.name)


def test_each_session_opens_with_its_phases_filled_and_the_notes_are_for_the_presenter(decks):
    programme, paths = decks
    notes = load_notes()
    for day, path in zip(programme.days, paths):
        slides = list(Presentation(path).slides)
        titles = [_texts(s)[0] for s in slides]
        for session in (s for s in day.sessions if s.kind == "session"):
            slide = slides[titles.index(session.title.get("vi"))]
            phases = {s.name for s in slide.shapes if s.name.startswith("phase-")}
            assert len(phases) == 5
            assert {int(n.split("-")[1]) for n in phases if n.endswith("-lit")} == set(session.phases)
            assert f"{session.start}–{session.end}" in _texts(slide)[1]
            for use in session.uses:
                note = notes[(use.kind, use.id)]
                speaker = [s for s in slides if note.talking_points[0].vi in s.notes_slide.notes_text_frame.text]
                assert speaker, (path.name, use.id)
        shown = "\n".join(t for s in slides for t in _texts(s))
        sentences = [t for n in notes.values() for t in note_texts(n, "vi") if len(t) > 25]
        assert not [t for t in sentences if t in shown], "a trainer note on a projected slide"


@pytest.mark.slow
def test_libreoffice_opens_every_deck(decks, tmp_path):
    _, paths = decks
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (libreoffice-impress-nogui, installed by ./kit test) opens the slides"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *map(str, paths)], check=True, capture_output=True, timeout=300)
    for path in paths:
        pages = page_count((tmp_path / f"{path.stem}.pdf").read_bytes())
        print(f"\n{path.name}: {len(Presentation(path).slides)} slides, {pages} PDF pages")
        assert pages == len(Presentation(path).slides) >= 10

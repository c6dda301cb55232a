"""The registry of content files: every YAML file has a kind, and a broken file of any kind
makes ``thamvan check-content`` fail, naming the file."""

import os
import shutil
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from thamvan_lib import content as content_module
from thamvan_lib.cli import main
from thamvan_lib.content import KINDS, PACKAGE_CONTENT, ContentError, check, load_all, load_kind


def _rewrite(path, edit):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rename(data: dict, old: str, new: str) -> None:
    data[new] = data.pop(old)


def test_every_yaml_file_of_the_content_has_exactly_one_kind():
    claimed: dict = {}
    for kind in KINDS.values():
        for path in kind.files(PACKAGE_CONTENT):
            assert path.exists(), (kind.name, path)
            claimed.setdefault(path, []).append(kind.name)
    every = set(PACKAGE_CONTENT.rglob("*.yaml")) | set(PACKAGE_CONTENT.rglob("*.yml"))
    assert not every - set(claimed), f"no kind for {sorted(map(str, every - set(claimed)))}"
    assert all(len(kinds) == 1 for kinds in claimed.values()), claimed


@pytest.mark.parametrize("kind", KINDS)
def test_a_broken_file_of_each_kind_fails_check_content(kind, content_copy):
    spec = KINDS[kind]
    path = spec.files(content_copy)[0]
    required = next(name for name, f in spec.model.model_fields.items() if f.is_required())
    _rewrite(path, lambda data: _rename(data, required, f"{required}_typo"))
    env = {**os.environ, "THAMVAN_CONTENT": str(content_copy)}
    done = subprocess.run([sys.executable, "-m", "thamvan_lib", "check-content"], env=env,
                          capture_output=True, text=True, timeout=120)
    rel = path.relative_to(content_copy).as_posix()
    assert done.returncode != 0, done.stdout
    assert f"tệp {rel}" in done.stderr and f"file {rel}" in done.stderr, done.stderr


def test_a_misspelt_scenario_field_is_named_in_both_languages(content_copy, monkeypatch):
    path = content_copy / "roleplay" / "scenarios" / "hop-ubnd-so-nganh.yaml"
    _rewrite(path, lambda data: _rename(data, "title", "titel"))
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 2
    assert "tệp roleplay/scenarios/hop-ubnd-so-nganh.yaml, mục -, trường title" in result.output
    assert "file roleplay/scenarios/hop-ubnd-so-nganh.yaml, item -, field title" in result.output
    assert "Nội dung có lỗi: 1 tệp cần sửa." in result.output


def test_every_broken_file_is_reported_not_only_the_first(content_copy):
    _rewrite(content_copy / "analysis" / "codebook.yaml", lambda d: d["themes"][0].pop("name"))
    _rewrite(content_copy / "exercises" / "dieu-hanh-transcript.yaml",
             lambda d: d["turns"][2].pop("text"))
    report = check(content_copy)
    assert not report.ok
    first_theme = load_kind("codebook").themes[0].id
    found = {(e.file, e.item, e.field) for e in report.errors}
    assert found == {("analysis/codebook.yaml", first_theme, "name"),
                     ("exercises/dieu-hanh-transcript.yaml", "-", "turns.2.text")}


def test_check_counts_the_files_of_each_kind():
    report = check(PACKAGE_CONTENT)
    assert report.ok and set(report.counts) == set(KINDS)
    assert report.counts["scenario"] == 4 and report.counts["transcript"] == 2
    text = report.text()
    assert "Kịch bản nhập vai: 4 tệp / Role-play scenarios: 4 file(s)" in text
    assert text.startswith("Nội dung hợp lệ: 32 mục, 5 giai đoạn.")


def test_a_transcript_speaker_must_be_a_persona_or_a_listed_speaker(content_copy):
    _rewrite(content_copy / "exercises" / "bien-ban-transcript.yaml",
             lambda d: d["turns"][3].update(speaker="ong-la"))
    [error] = check(content_copy).errors
    assert (error.file, error.field) == ("exercises/bien-ban-transcript.yaml", "turns.3.speaker")
    assert "ong-la" in error.reason_vi and "ong-la" in error.reason_en


def test_load_kind_reads_one_file_and_load_all_every_file(content_copy):
    assert load_kind("codebook", content_copy).themes
    assert load_kind("scenario", content_copy, name="hop-ubnd-so-nganh").id == "hop-ubnd-so-nganh"
    assert list(load_all("scenario", content_copy)) == [
        "roleplay/scenarios/hoi-nghi-kcb-nguoi-ngheo-dieu-hanh.yaml",
        "roleplay/scenarios/hoi-nghi-kcb-nguoi-ngheo-thu-ky.yaml",
        "roleplay/scenarios/hop-ubnd-so-nganh.yaml",
        "roleplay/scenarios/lay-y-kien-du-an-luat.yaml"]
    with pytest.raises(TypeError):
        load_kind("scenario", content_copy)  # several files: which one?
    with pytest.raises(ContentError) as err:
        load_kind("transcript", content_copy, name="khong-co")
    assert err.value.file == "exercises/khong-co.yaml" and "not found" in str(err.value)


def test_a_file_given_instead_of_a_folder_is_read_as_that_kind(content_copy):
    path = content_copy / "questionnaire" / "rules.yaml"
    assert load_kind("questionnaire_rules", path) == load_kind("questionnaire_rules", content_copy)


def test_an_edited_file_is_read_again_and_build_is_cached_with_it(content_copy):
    built = []

    def build(data):
        built.append(data)
        return len(data.themes)

    first = load_kind("codebook", content_copy, build=build)
    assert load_kind("codebook", content_copy, build=build) == first and len(built) == 1
    _rewrite(content_copy / "analysis" / "codebook.yaml", lambda d: d["themes"].pop())
    assert load_kind("codebook", content_copy, build=build) == first - 1 and len(built) == 2


def test_clear_cache_forgets_what_was_read(content_copy):
    before = content_module.load(content_copy)
    assert content_module.load(content_copy) is before
    content_module.clear_cache()
    assert content_module.load(content_copy) is not before


def test_check_content_runs_the_tools_own_checks_too(content_copy, monkeypatch):
    """What only a tool's loader sees (a choice leading to no scene, a document's field of
    the wrong type) fails the command as well."""
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    scenario = content_copy / "roleplay" / "scenarios" / "hop-ubnd-so-nganh.yaml"
    _rewrite(scenario, lambda d: d["scenes"][0]["choices"][0].update(next="khong-co"))
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 2
    assert "tệp roleplay/scenarios/hop-ubnd-so-nganh.yaml" in result.output
    assert "there is no scene 'khong-co'" in result.output

    shutil.copy(PACKAGE_CONTENT / scenario.relative_to(content_copy), scenario)
    _rewrite(content_copy / "plan" / "example-healthcare-poor.yaml",
             lambda d: d["plan"]["reliability"].update(population="9.400 người"))
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 2
    assert "tệp plan/example-healthcare-poor.yaml, mục plan, trường reliability.population" \
        in result.output

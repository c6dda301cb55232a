"""Phase-1 documents (L1–L5, P1.1–P1.5): validation, hostile input, JSON drafts, the L6 example."""

import dataclasses
import json
import unicodedata

import pytest
import yaml

from thamvan_lib import plan as plan_module
from thamvan_lib.content import ContentError
from thamvan_lib.errors import KitError
from thamvan_lib.plan import (Assignment, Budget, BudgetLine, Commune, Communication,
                              ConsultationPlan, ContentItem, ContentOpinion, Contractor,
                              KeyQuestion, KeyQuestions, Phase, Proposal, Reliability,
                              RequestDossier, RequirementSummary, Signer, SubIssue, TargetGroup,
                              Tool, TrainingNeed, from_dict, load_draft, load_example, save_draft,
                              size_sample, validate, validate_dossier, validate_key_questions,
                              validate_opinion, validate_plan, validate_summary)
from thamvan_lib.records import FORMAT, errors, field_label, format_issues
from thamvan_lib.sampling import allocate, sample_size
from thamvan_lib.store import Store

# --- small plans ------------------------------------------------------------------


def small_plan(**changes) -> ConsultationPlan:
    """A complete plan with one commune pair, one survey and one meeting: no issues at all."""
    plan = ConsultationPlan(
        issuing_body="THƯỜNG TRỰC HĐND TỈNH SƠN HÀ", place="Sơn Hà",
        subject="Tham vấn về khám chữa bệnh cho người nghèo",
        name="Tham vấn về khám chữa bệnh cho người nghèo năm 2026",
        background="Cử tri phản ánh người nghèo phải tự mua thuốc.",
        purposes=["Lắng nghe người nghèo"], requirements=["Đúng đối tượng"],
        contents=[ContentItem("Chi phí người nghèo tự trả",
                              [SubIssue("Tiền thuốc tự trả lần khám gần nhất", "cost", "đồng")])],
        target_groups=[TargetGroup("ho-ngheo", "Người thuộc hộ nghèo", priority=True),
                       TargetGroup("tram-y-te", "Cán bộ trạm y tế")],
        communes=[Commune("Xã An Bình", 600), Commune("Phường Hòa Minh", 400)],
        tools=[Tool("Phiếu hỏi hộ nghèo", "questionnaire", ["ho-ngheo"], "Hướng dẫn điều tra viên",
                    sample=300, allocation={"Xã An Bình": 180, "Phường Hòa Minh": 120}),
               Tool("Hội nghị tại xã", "conference", ["ho-ngheo", "tram-y-te"], "Kịch bản hội nghị")],
        reliability=Reliability(margin=0.05, confidence=0.95, population=1000),
        sample_processing="Nhập hai lần, gia quyền theo xã.", software="LibreOffice Calc",
        report_structure=["Phần 1", "Phần 2"],
        assignments=[Assignment("Văn phòng", "Chủ trì")],
        timeline=[Phase("Công bố kế hoạch", "2026-03-02", "2026-03-20"),
                  Phase("Tham vấn", "2026-05-04", "2026-07-31")],
        resources=["4 cán bộ"], training=[TrainingNeed("Điều tra viên", "Đọc nguyên văn câu hỏi")],
        contractors=[Contractor("Trung tâm Nghiên cứu", "Phân tích số liệu", True, True, "2026-04-10")],
        communication=Communication(["Đài truyền thanh xã"], "Văn phòng, số 12 Lê Lợi",
                                    "Thư, hòm thư góp ý", "2026-07-31", "Trả lời trên đài truyền thanh"),
        budget=Budget([BudgetLine("Phiếu hỏi", 10_000_000), BudgetLine("Hội nghị", 5_000_000)],
                      15_000_000),
        recipients=["Như trên;", "Lưu: VT."],
        signer=Signer("TM. THƯỜNG TRỰC HĐND", "PHÓ CHỦ TỊCH", "Trần Văn Minh"))
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


def fields_of(issues, rule=None):
    return [i.field for i in issues if rule is None or i.rule == rule]


def only(plan, rule):
    return [i for i in validate_plan(plan) if i.rule == rule]


def test_the_small_plan_has_no_issues():
    assert validate_plan(small_plan()) == []


def test_an_empty_plan_names_every_missing_field():
    found = validate_plan(ConsultationPlan())
    assert all(i.severity == "error" for i in found)
    assert fields_of(found) == [
        "issuing_body", "place", "subject", "name", "background", "purposes", "requirements",
        "contents", "target_groups", "communes", "tools", "sample_processing", "software",
        "report_structure", "assignments", "timeline", "resources", "training",
        "communication.channels", "communication.send_to", "communication.how_to_send",
        "communication.deadline", "communication.feedback", "budget.lines", "budget.total",
        "recipients", "signer.authority", "signer.title", "signer.name"]


TOP_LEVEL = ["issuing_body", "symbol", "place", "subject", "name", "background", "purposes",
             "requirements", "contents", "target_groups", "communes", "tools", "sample_processing",
             "software", "report_structure", "assignments", "timeline", "resources", "training",
             "recipients"]


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_each_missing_field_is_named(name):
    plan = small_plan()
    empty = [] if isinstance(getattr(plan, name), list) else ""
    setattr(plan, name, empty)
    assert name in fields_of(validate_plan(plan), "missing")


@pytest.mark.parametrize("path, edit", [
    ("tools[1].guide", lambda p: setattr(p.tools[1], "guide", "")),
    ("tools[0].reaches", lambda p: setattr(p.tools[0], "reaches", [])),
    ("contents[0].sub_issues[0].measure", lambda p: setattr(p.contents[0].sub_issues[0], "measure", "")),
    ("communes[1].population", lambda p: setattr(p.communes[1], "population", None)),
    ("reliability.margin", lambda p: setattr(p.reliability, "margin", None)),
    ("reliability.population", lambda p: setattr(p.reliability, "population", None)),
    ("timeline[1].start", lambda p: setattr(p.timeline[1], "start", None)),
    ("assignments[0].task", lambda p: setattr(p.assignments[0], "task", "")),
    ("training[0].needs", lambda p: setattr(p.training[0], "needs", "")),
    ("contractors[0].tasks", lambda p: setattr(p.contractors[0], "tasks", "")),
    ("budget.lines[1].amount", lambda p: setattr(p.budget.lines[1], "amount", None)),
    ("budget.total", lambda p: setattr(p.budget, "total", None)),
    ("communication.deadline", lambda p: setattr(p.communication, "deadline", None)),
    ("signer.name", lambda p: setattr(p.signer, "name", "")),
])
def test_nested_missing_fields_are_named_with_their_path(path, edit):
    plan = small_plan()
    edit(plan)
    assert fields_of(validate_plan(plan), "missing") == [path]


def test_reliability_is_only_required_with_a_questionnaire():
    plan = small_plan(reliability=Reliability(), tools=[small_plan().tools[1]])
    assert validate_plan(plan) == []
    plan.tools.append(small_plan().tools[0])
    assert set(fields_of(validate_plan(plan), "missing")) == {"reliability.margin",
                                                             "reliability.population"}


# --- inconsistencies --------------------------------------------------------------

def test_a_sample_below_the_required_size_is_an_error():
    required = sample_size(1000, 0.05, 0.95)            # 278
    plan = small_plan()
    plan.tools[0].sample, plan.tools[0].allocation = required - 1, {}
    [issue] = only(plan, "sample_below_required")
    assert (issue.field, issue.severity) == ("tools[0].sample", "error")
    assert f"{required - 1}" in issue.text("vi") and f"{required}" in issue.text("vi")
    plan.tools[0].sample = required
    assert validate_plan(plan) == []


def test_a_stricter_margin_raises_the_required_sample():
    plan = small_plan()
    plan.reliability.margin = 0.03                      # needs 517 of 1000
    assert fields_of(validate_plan(plan)) == ["tools[0].sample"]


def test_a_questionnaire_without_a_sample():
    plan = small_plan()
    plan.tools[0].sample, plan.tools[0].allocation = None, {}
    assert fields_of(validate_plan(plan), "survey_without_sample") == ["tools[0].sample"]


def test_an_allocation_that_does_not_add_up_or_names_an_unknown_commune():
    plan = small_plan()
    plan.tools[0].allocation = {"Xã An Bình": 180, "Xã Tân Phú": 100}
    rules = [i.rule for i in validate_plan(plan)]
    assert rules == ["allocation_total", "allocation_unknown_commune"]
    plan.tools[0].allocation = {"Xã An Bình": 700, "Phường Hòa Minh": -400}
    assert "allocation_above_commune" in [i.rule for i in validate_plan(plan)]


def test_a_phase_ending_before_it_starts_and_phases_out_of_order():
    plan = small_plan()
    plan.timeline[0].end = "2026-02-01"
    [issue] = validate_plan(plan)
    assert (issue.field, issue.rule) == ("timeline[0].end", "phase_reversed")
    assert "01/02/2026" in issue.text("vi") and "02/03/2026" in issue.text("vi")
    plan = small_plan()
    plan.timeline.reverse()
    assert fields_of(validate_plan(plan), "phase_order") == ["timeline[1].start"]


def test_a_deadline_outside_the_timeline():
    plan = small_plan()
    plan.communication.deadline = "2027-12-31"
    assert fields_of(validate_plan(plan), "deadline_outside") == ["communication.deadline"]


def test_budget_lines_not_adding_up_to_the_total():
    plan = small_plan()
    plan.budget.total = 16_000_000
    [issue] = validate_plan(plan)
    assert (issue.field, issue.rule, issue.severity) == ("budget.total", "budget_total", "error")
    assert "15.000.000 đồng" in issue.text("vi") and "16,000,000 VND" in issue.text("en")
    plan.budget.lines[0].amount = -1
    assert "budget_negative" in [i.rule for i in validate_plan(plan)]


def test_a_priority_group_no_tool_reaches():
    plan = small_plan()
    plan.tools[0].reaches = ["tram-y-te"]
    plan.tools[1].reaches = ["tram-y-te"]
    [issue] = validate_plan(plan)
    assert (issue.field, issue.rule, issue.severity) == ("target_groups[0]", "priority_unreached", "error")
    assert "Người thuộc hộ nghèo" in issue.text("vi")


def test_a_plain_group_no_tool_reaches_is_a_warning_and_names_work_too():
    plan = small_plan()
    plan.tools[1].reaches = ["Người thuộc hộ nghèo"]     # by name rather than id
    [issue] = validate_plan(plan)
    assert (issue.rule, issue.severity) == ("group_unreached", "warning")


def test_a_tool_reaching_an_unknown_group():
    plan = small_plan()
    plan.tools[1].reaches.append("nguoi-cao-tuoi")
    assert fields_of(validate_plan(plan), "unknown_group") == ["tools[1].reaches[2]"]


def test_no_priority_group_is_a_warning():
    plan = small_plan()
    plan.target_groups[0].priority = False
    assert [(i.rule, i.severity) for i in validate_plan(plan)] == [("no_priority_group", "warning")]


@pytest.mark.parametrize("duty, rule", [("submits_methods", "contractor_methods"),
                                        ("submits_questionnaires", "contractor_questionnaires")])
def test_a_contractor_without_the_duty_to_submit_for_review(duty, rule):
    plan = small_plan()
    setattr(plan.contractors[0], duty, False)
    [issue] = validate_plan(plan)
    assert (issue.field, issue.rule) == (f"contractors[0].{duty}", rule)
    assert "Trung tâm Nghiên cứu" in issue.text("vi") and "P1.4" in issue.text("vi")


def test_a_contractor_without_review_deadline_is_a_warning():
    plan = small_plan()
    plan.contractors[0].review_deadline = None
    assert [(i.field, i.severity) for i in validate_plan(plan)] == [
        ("contractors[0].review_deadline", "warning")]


@pytest.mark.parametrize("name, rule", [("send_to", "no_send_to"), ("how_to_send", "no_how_to_send"),
                                        ("feedback", "no_feedback")])
def test_communication_must_say_where_how_and_what_feedback(name, rule):
    plan = small_plan()
    setattr(plan.communication, name, "")
    [issue] = validate_plan(plan)
    assert (issue.field, issue.rule, issue.severity) == (f"communication.{name}", rule, "error")
    assert "L9" in issue.text("vi")


def test_district_level_units_and_population_mismatch():
    plan = small_plan()
    plan.communes[1].name = "Huyện Vĩnh Lộc"
    plan.tools[0].allocation = {}
    assert [(i.field, i.rule) for i in validate_plan(plan)] == [("communes[1].name", "district_level")]
    assert "01/7/2025" in validate_plan(plan)[0].text("vi")
    plan.reliability.population = 1200
    assert "population_differs" in [i.rule for i in validate_plan(plan)]


def test_duplicates_and_unknown_choices():
    plan = small_plan()
    plan.communes.append(Commune("xã an bình", 10))
    plan.tools[1].kind = "hội nghị"
    rules = [(i.field, i.rule) for i in validate_plan(plan)]
    assert ("communes[2].name", "duplicate") in rules and ("tools[1].kind", "unknown_choice") in rules
    assert "conference (Hội nghị tham vấn)" in only(plan, "unknown_choice")[0].text("vi")


def test_a_content_without_quantified_sub_issues():
    plan = small_plan()
    plan.contents.append(ContentItem("Chất lượng trạm y tế"))
    assert [(i.field, i.rule) for i in validate_plan(plan)] == [
        ("contents[1].sub_issues", "missing"), ("contents[1].sub_issues", "not_quantified")]


# --- hostile input ------------------------------------------------------------------

@pytest.mark.parametrize("edit, field, key", [
    (lambda r: setattr(r, "population", -5), "reliability.population",
     "sampling.error.population_not_positive"),
    (lambda r: setattr(r, "population", 0), "reliability.population",
     "sampling.error.population_not_positive"),
    (lambda r: setattr(r, "margin", 0), "reliability.margin", "sampling.error.margin_out_of_range"),
    (lambda r: setattr(r, "margin", 5), "reliability.margin", "sampling.error.margin_out_of_range"),
    (lambda r: setattr(r, "confidence", 95), "reliability.confidence",
     "sampling.error.confidence_out_of_range"),
    (lambda r: setattr(r, "proportion", 2), "reliability.proportion",
     "sampling.error.proportion_out_of_range"),
])
def test_impossible_reliability_is_an_issue_not_a_traceback(edit, field, key):
    plan = small_plan()
    edit(plan.reliability)
    issues = [i for i in validate_plan(plan) if i.rule == "reliability"]
    assert [(i.field, i.message_key, i.severity) for i in issues] == [(field, key, "error")]
    assert issues[0].text("vi") and issues[0].text("en")


@pytest.mark.parametrize("build, field, key", [
    (lambda: ConsultationPlan(reliability={"population": "chín nghìn"}), "reliability.population",
     "plan.error.not_a_number"),
    (lambda: Reliability(margin="5%"), "margin", "plan.error.not_a_number"),
    (lambda: Tool(sample="400"), "sample", "plan.error.not_a_number"),
    (lambda: Tool(sample=True), "sample", "plan.error.not_a_number"),
    (lambda: Commune(population=1000.5), "population", "plan.error.not_whole"),
    (lambda: BudgetLine(amount=float("nan")), "amount", "plan.error.not_a_number"),
    (lambda: Phase(start="31/07/2026"), "start", "plan.error.not_a_date"),
    (lambda: Contractor(submits_methods="có"), "submits_methods", "plan.error.not_yes_no"),
    (lambda: ConsultationPlan(name=42), "name", "plan.error.not_text"),
    (lambda: ConsultationPlan(tools="phiếu hỏi"), "tools", "plan.error.not_a_list"),
    (lambda: ConsultationPlan(budget=[1, 2]), "budget", "plan.error.not_a_dict"),
    (lambda: ConsultationPlan.from_dict({"budjet": {}}), "budjet", "plan.error.unknown_field"),
    (lambda: ConsultationPlan.from_dict({"tools": [{"name": "A", "sampel": 3}]}), "tools[0].sampel",
     "plan.error.unknown_field"),
    (lambda: ConsultationPlan.from_dict({"tools": [{"sample": "ba trăm"}]}), "tools[0].sample",
     "plan.error.not_a_number"),
    (lambda: ConsultationPlan.from_dict(None), "ConsultationPlan", "plan.error.not_a_dict"),
])
def test_a_wrong_type_is_refused_with_the_field_named(build, field, key):
    with pytest.raises(KitError) as err:
        build()
    assert err.value.key == key
    assert err.value.values.get("field") == field
    assert field in err.value.text("vi") and err.value.text("en")


def test_an_empty_form_box_means_not_filled_in():
    plan = small_plan()
    plan.reliability.population = "  "
    plan.timeline[0].end = ""
    assert set(fields_of(validate_plan(plan), "missing")) == {"reliability.population",
                                                             "timeline[0].end"}


def test_a_text_area_becomes_a_list_of_lines():
    plan = small_plan(purposes="Lắng nghe người nghèo\n\nCó số liệu tin cậy\n")
    assert validate_plan(plan) == [] and plan.purposes == ["Lắng nghe người nghèo",
                                                           "Có số liệu tin cậy"]


def test_a_field_changed_after_creation_is_checked_again():
    plan = small_plan()
    plan.tools[0].sample = "300"
    with pytest.raises(KitError, match=r"tools\[0\]\.sample"):
        validate_plan(plan)


def test_validate_refuses_what_is_not_a_document():
    for value in (None, {"kind": "plan"}, "kế hoạch"):
        with pytest.raises(KitError):
            validate_plan(value)
        with pytest.raises(KitError):
            validate(value)


def test_text_is_stored_nfc_and_trimmed():
    decomposed = unicodedata.normalize("NFD", " Xã An Bình ")
    assert Commune(decomposed, 10).name == "Xã An Bình"


# --- messages ------------------------------------------------------------------------

def broken_plans():
    yield ConsultationPlan()
    for edit in (lambda p: setattr(p.budget, "total", 1), lambda p: p.timeline.reverse(),
                 lambda p: setattr(p.tools[0], "sample", 3),
                 lambda p: setattr(p.communes[0], "name", "Quận 1"),
                 lambda p: setattr(p.communes[0], "population", -1),
                 lambda p: setattr(p.contractors[0], "submits_methods", False)):
        plan = small_plan()
        edit(plan)
        yield plan


def test_every_issue_reads_in_both_languages():
    seen = set()
    for plan in broken_plans():
        for issue in validate_plan(plan):
            for lang in ("vi", "en"):
                text = issue.text(lang)
                assert text and "{" not in text and text == unicodedata.normalize("NFC", text)
            seen.add(issue.rule)
    assert len(seen) >= 8
    assert format_issues(validate_plan(ConsultationPlan()), "en").startswith("Error · issuing_body")


def test_every_field_has_a_label(content):
    classes = [c for c in vars(plan_module).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == plan_module.__name__
               and c is not plan_module.Example]
    for cls in classes:
        for f in dataclasses.fields(cls):
            assert f"plan.field.{f.name}" in content.messages, (cls.__name__, f.name)
    assert field_label("signer.title", "vi") == "Chức vụ người ký"
    assert field_label("tools[0].name", "en") == "Name of the tool"


def test_every_issue_rule_has_a_message(content):
    for rule in plan_module.SEVERITY:
        if rule != "reliability":
            assert f"plan.issue.{rule}" in content.messages, rule


# --- the other documents ---------------------------------------------------------------

def test_dossier_needs_the_original_text_and_a_known_source():
    doc = RequestDossier(topic="Khám chữa bệnh", directed_by="Thường trực HĐND",
                         related_information=["Báo cáo"], contents_to_consult=["Chi phí"],
                         proposals=[Proposal("Kiến nghị cử tri", "", "cử tri", "Báo cáo")])
    assert [(i.field, i.rule) for i in validate_dossier(doc)] == [
        ("proposals[0].original_text", "missing"), ("proposals[0].source", "unknown_choice")]
    assert fields_of(validate_dossier(RequestDossier())) == [
        "topic", "directed_by", "related_information", "proposals", "contents_to_consult"]


def test_summary_needs_quantified_sub_issues():
    doc = RequirementSummary("Bản tổng hợp", [
        ContentItem("Khả năng tiếp cận dịch vụ"),
        ContentItem("Chi phí", [SubIssue("Tiền thuốc tự trả"), SubIssue("Thời gian chờ", "phút")])])
    assert [(i.field, i.rule) for i in validate_summary(doc)] == [
        ("items[0].sub_issues", "missing"), ("items[1].sub_issues[0].measure", "missing"),
        ("items[0].sub_issues", "not_quantified"), ("items[1].sub_issues[1].measure", "unknown_choice")]


def test_opinion_needs_its_five_parts_and_communes_not_districts():
    assert fields_of(validate_opinion(ContentOpinion())) == [
        "name", "purpose", "contents", "target_groups", "communes", "survey_groups", "related_parties"]
    doc = load_example().opinion
    doc.communes.append("Huyện Tân Phú")
    doc.target_groups = [dataclasses.replace(g, priority=False) for g in doc.target_groups]
    assert [i.rule for i in validate_opinion(doc)] == ["no_priority_group", "district_level"]


def test_key_questions_use_the_questionnaire_rules_and_name_their_content():
    doc = KeyQuestions("Câu hỏi then chốt", "Tọa đàm", ["Chuyên gia"], [
        KeyQuestion("Ông/bà có đồng ý rằng chính sách hỗ trợ người nghèo là rất đúng đắn không?",
                    "Chi phí"),
        KeyQuestion("Ông/bà mất bao nhiêu phút để đi tới trạm y tế?", "Thời gian đi lại")],
        ["Sở Y tế"])
    found = validate_key_questions(doc, contents=["Chi phí"])
    assert ("questions[0].text", "leading", "error") in [(i.field, i.rule, i.severity) for i in found]
    assert ("questions[1].content", "question_unknown_content") in [(i.field, i.rule) for i in found]
    assert all(i.text("vi") for i in found)


# --- JSON drafts and the store ---------------------------------------------------------

@pytest.mark.parametrize("kind", ["dossier", "summary", "opinion", "key_questions", "plan"])
def test_json_round_trip(kind):
    doc = load_example().documents()[kind]
    data = json.loads(json.dumps(doc.to_dict(), ensure_ascii=False))
    assert data["format"] == FORMAT and data["kind"] == kind
    again = from_dict(data)
    assert again == doc and type(again) is type(doc)
    assert again.to_dict() == doc.to_dict()


def test_a_draft_of_another_kind_is_refused():
    data = load_example().summary.to_dict()
    with pytest.raises(KitError) as err:
        ConsultationPlan.from_dict(data)
    assert err.value.key == "plan.error.wrong_kind"
    with pytest.raises(KitError):
        from_dict({"kind": "ke-hoach"})


def test_drafts_are_saved_and_loaded_per_learner_and_kind(store):
    assert load_draft(store, "plan") is None
    plan = small_plan()
    save_draft(store, "plan", plan)
    save_draft(store, "summary", {"title": "Bản nháp", "items": []})
    assert load_draft(Store(), "plan") == plan
    assert load_draft(store, "summary") == RequirementSummary("Bản nháp")
    plan.name = "Tên mới"
    save_draft(store, "plan", plan.to_dict())
    assert load_draft(store, "plan").name == "Tên mới"
    assert load_draft(Store(learner="hoc-vien-2"), "plan") is None


def test_a_bad_draft_is_refused_when_saved_not_when_reopened(store):
    with pytest.raises(KitError):
        save_draft(store, "plan", {"reliability": {"margin": "năm phần trăm"}})
    with pytest.raises(KitError):
        save_draft(store, "ke-hoach", {})
    assert load_draft(store, "plan") is None
    store.save_draft("plan", "{not json")
    with pytest.raises(KitError) as err:
        load_draft(store, "plan")
    assert err.value.key == "plan.error.draft_unreadable"


# --- the worked example (L6) -------------------------------------------------------------

def test_every_document_of_the_example_is_valid():
    example = load_example()
    contents = [item.content for item in example.summary.items]
    assert validate_plan(example.plan) == []
    assert validate_dossier(example.dossier) == []
    assert validate_summary(example.summary) == []
    assert validate_opinion(example.opinion) == []
    assert validate_key_questions(example.key_questions, contents) == []
    assert errors(validate(example.plan)) == []


def test_the_example_sample_comes_from_the_sampling_tools():
    plan = load_example().plan
    r = plan.reliability
    [(_, survey)] = plan.survey_tools()
    required = sample_size(r.population, r.margin, r.confidence, r.proportion)
    assert required == 1059 and survey.sample >= required
    strata = {c.name: c.population for c in plan.communes}
    assert sum(strata.values()) == r.population
    # by the square root of population, so small communes can be compared (weights for the total)
    assert survey.allocation == allocate(strata, survey.sample, "sqrt")
    assert size_sample(plan, survey.sample, "sqrt") == (required, survey.allocation)
    assert survey.allocation != allocate(strata, survey.sample)


def test_the_example_is_concrete():
    example = load_example()
    plan = example.plan
    assert sum(line.amount for line in plan.budget.lines) == plan.budget.total
    assert all(p.start.year == 2026 and p.end.year == 2026 for p in plan.timeline)
    assert plan.timeline[-1].end > plan.timeline[0].start
    names = [c.name for c in plan.communes]
    assert names == example.opinion.communes
    assert all(n.split()[0] in ("Xã", "Phường", "Đặc") for n in names)
    assert not any("huyện" in n.lower() or "quận" in n.lower() for n in names)
    assert {s for p in example.dossier.proposals for s in [p.source]} == set(plan_module.SOURCES)
    assert {t.kind for t in plan.tools} >= {"questionnaire", "conference", "interview", "letters"}
    assert plan.contents == example.summary.items == example.opinion.contents
    assert all(c.submits_methods and c.submits_questionnaires for c in plan.contractors)


def test_a_broken_example_names_file_document_and_field(content_copy):
    path = content_copy / "plan" / "example-healthcare-poor.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plan"]["reliability"]["population"] = "129.700 người"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_example(content_copy)
    assert (err.value.file, err.value.item, err.value.field) == (
        "plan/example-healthcare-poor.yaml", "plan", "reliability.population")
    del data["plan"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_example(content_copy)
    assert err.value.field == "plan"
    path.unlink()
    with pytest.raises(ContentError):
        load_example(content_copy)

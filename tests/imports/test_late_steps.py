"""Steps 7–25 in the sheet 发展党员 (docs/import.md): a person at any step — a full member converted
under the 2014 rules, a probationary member under the 2026 rules — is imported in the same state, with
the same history, deadlines and timeline, as one walked through the same steps by hand
(partydev/demo/steps.py); the rules refuse what they refuse by hand; a re-import adds later steps and
undo removes everything a created person got."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from partydev.cases.models import Case
from partydev.cases.services import letter_approve
from partydev.demo import entries, steps
from partydev.imports.models import BatchStatus, ImportMark
from partydev.imports.people import PEOPLE, context_for
from partydev.imports.services import batch_undo, rows_of, undo_blockers
from partydev.imports.workbook import build_template
from partydev.process.rules.probation import archive_required_items
from partydev.webforms import walk

from .conftest import errors_of, person, run_check, run_import, workbook
from .test_confirm import _state


def _contacts(iw):
    return [m.name for m in walk.full_members(Case(branch=iw.orgs["第一党支部"]))[:2]]


# 郑浩's dates (partydev/demo/members.py): 2014 rules up to the conversion (approved 2026-06-20).
FULL_2014 = dict(
    received=date(2023, 9, 12), talk=date(2023, 9, 24), activist_since=date(2024, 3, 1),
    target_meeting=date(2025, 3, 10), target_since=date(2025, 3, 20),
    introducers_on=date(2025, 4, 1), review=date(2025, 4, 15), training_start=date(2025, 4, 20),
    training_end=date(2025, 4, 23), training_hours=30, examination=date(2025, 5, 5), pre_review=date(2025, 5, 15),
    volunteer=date(2025, 5, 18), volunteer_serial="DR-2025-0001", admission_meeting=date(2025, 6, 1),
    committee_talk=date(2025, 6, 10), approval=date(2025, 6, 20), probation_start=date(2025, 6, 1),
    probation_end=date(2026, 6, 1), placement=date(2025, 6, 25), group="第一党小组", oath=date(2025, 7, 1),
    conversion_applied=date(2026, 5, 8), conversion_meeting=date(2026, 6, 5), conversion_approval=date(2026, 6, 20),
    archived=date(2026, 7, 1))

# 吴佳怡's (2026 rules: the committee agrees, 公示, the branch lists the target), stopped at the oath.
PROBATIONARY_2026 = dict(
    received=date(2024, 10, 8), talk=date(2024, 10, 20), activist_since=date(2025, 6, 1),
    target_meeting=date(2026, 6, 10), target_agreed=date(2026, 6, 15), notice_start=date(2026, 6, 24),
    notice_end=date(2026, 6, 30), target_since=date(2026, 7, 1), introducers_on=date(2026, 7, 2),
    review=date(2026, 7, 10), training_start=date(2026, 7, 13), training_end=date(2026, 7, 16), training_hours="30",
    examination=date(2026, 7, 20), pre_review=date(2026, 7, 25), volunteer=date(2026, 7, 26),
    admission_meeting=date(2026, 8, 10), committee_talk=date(2026, 8, 15), approval=date(2026, 8, 25),
    placement=date(2026, 8, 28), group="第一党小组", oath=date(2026, 9, 1))


def _row(iw, n, dates):
    names = "、".join(_contacts(iw))
    return person(n, contacts=names, introducers=names, **dates)


def _by_hand(iw, d):
    user, branch = iw.users["migrator"], iw.orgs["第一党支部"]
    case = entries.paper(user, branch, {"name": "手工录入", "ethnicity": "汉族", "id_number": person(9)["id_number"],
                                        "phone": "13800000099", "education": "bachelor", "work_unit": "示范大学"},
                         d["received"])
    letter_approve(letter=case.applicationletters.get(), actor=user)
    entries.talk(case, user, d["talk"])
    entries.recommendation(case, user, d["activist_since"])
    entries.resolution(case, user, d["activist_since"])
    steps.make_activist(case, user, user, d["activist_since"], d["activist_since"])  # contacts: make_target
    notice = (d["notice_start"], d["notice_end"]) if "notice_start" in d else None
    steps.make_target(case, user, user, d["target_meeting"], d.get("target_agreed", d["target_since"]),
                      notice=notice, confirm_on=d["target_since"] if notice else None)
    steps.prepare_admission(case, user, user, {
        "introducers": d["introducers_on"], "review": d["review"], "training": (d["training_start"], d["training_end"]),
        "examination": d["examination"], "pre_review": d["pre_review"], "volunteer": d["volunteer"]}, "HAND-1")
    steps.admit(case, user, user, {"meeting": d["admission_meeting"], "talk": d["committee_talk"],
                                   "approval": d["approval"]})
    steps.after_admission(case, user, {"placement": d["placement"], "oath": d["oath"]})
    if "conversion_approval" in d:
        steps.convert(case, user, user, {"application": d["conversion_applied"], "meeting": d["conversion_meeting"],
                                         "approval": d["conversion_approval"]})
    return case


def test_a_full_member_under_the_2014_rules_is_the_same_as_one_walked_by_hand(iw):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [_row(iw, 1, FULL_2014)]))
    assert errors_of(batch) == {}
    assert batch.status == BatchStatus.DONE and batch.created_count == 1
    imported = Case.objects.get()
    assert imported.stage == "full" and imported.full_member_since == date(2026, 6, 1)
    assert imported.archives.get().archived_on == date(2026, 7, 1)
    hand = _by_hand(iw, FULL_2014)
    entries.archive(hand, user, date(2026, 7, 1), archive_required_items(date(2026, 7, 1)))
    assert _state(imported) == _state(hand)


def test_a_probationary_member_under_the_2026_rules_is_the_same_as_one_walked_by_hand(iw):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [_row(iw, 1, PROBATIONARY_2026)]))
    assert errors_of(batch) == {}
    imported = Case.objects.get()
    assert imported.stage == "probationary" and imported.target_since == date(2026, 7, 1)
    assert imported.publicnotices.get().end_date == date(2026, 6, 30)
    hand = _by_hand(iw, PROBATIONARY_2026)
    assert _state(imported) == _state(hand)
    marks = set(ImportMark.objects.filter(batch=batch).values_list("model", flat=True))
    assert {"cases.PublicNotice", "cases.Introducer", "cases.PoliticalReview", "cases.Training",
            "cases.VolunteerForm", "cases.BranchMeeting", "cases.CommitteeTalk", "cases.Placement",
            "cases.Oath", "cases.Opinion"} <= marks


def test_a_row_the_rules_refuse_is_listed_with_the_article_and_nothing_is_written(iw):
    user = iw.users["migrator"]
    too_soon = {**FULL_2014, "target_meeting": date(2024, 9, 1), "target_since": date(2024, 9, 10)}
    batch = run_check(user, workbook(user, [_row(iw, 1, too_soon)]))
    [row] = rows_of(batch)
    assert [(p["message"], p["article"]) for p in row["problems"]] == [
        ("支委会召开时，培养教育考察不满一年（2024-03-01确定为入党积极分子）。", "2014年细则第十三条")]
    assert Case.objects.count() == 0


def test_cells_of_later_steps_are_checked(iw):
    user = iw.users["migrator"]
    rows = [
        person(1, approval=date(2025, 6, 20)),  # no committee talk before it
        _row(iw, 2, {**FULL_2014, "training_hours": None}),
        _row(iw, 3, {**FULL_2014, "group": "第九党小组"}),
        _row(iw, 4, {**FULL_2014, "oath": date(2025, 6, 1)}),  # before the approval
        _row(iw, 5, {**FULL_2014, "probation_end": date(2026, 6, 20)}),  # disagrees with the meeting
    ]
    errors = errors_of(run_check(user, workbook(user, rows)))
    assert any(m.startswith("党委批准接收日期：") and "上级党委派人谈话日期" in m for m in errors[2])
    assert any(m.startswith("集中培训学时：") for m in errors[3])
    assert any(m.startswith("党小组：") and "第九党小组" in m for m in errors[4])
    assert any(m.startswith("入党宣誓：") and "党委批准接收日期" in m for m in errors[5])
    assert any("预备期结束日期" in m and "2026-06-01" in m for m in errors[6])


def test_a_re_import_adds_the_later_steps_and_undo_removes_them_all(iw):
    user = iw.users["migrator"]
    early = {k: v for k, v in FULL_2014.items() if k in ("received", "talk", "activist_since")}
    first = run_import(user, workbook(user, [_row(iw, 1, early) | {"introducers": None}]))
    case = Case.objects.get()
    assert case.stage == "activist"
    again = run_import(user, workbook(user, [_row(iw, 1, FULL_2014)]))
    assert again.updated_count == 1 and errors_of(again) == {}
    case.refresh_from_db()
    assert case.stage == "full"
    same = run_check(user, workbook(user, [_row(iw, 1, FULL_2014)]))
    assert same.unchanged_count == 1 and same.updated_count == 0
    changed = run_check(user, workbook(user, [_row(iw, 1, {**FULL_2014, "review": date(2025, 4, 16)})]))
    assert any("政治审查日期" in m and "2025-04-15" in m for m in errors_of(changed)[2])
    # The first batch created the person; the second updated it (its steps cannot be taken back).
    assert undo_blockers(again) and undo_blockers(first)


def test_undo_of_a_created_full_member_removes_every_step(iw):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [_row(iw, 1, FULL_2014)]))
    case = Case.objects.get()
    batch_undo(batch=batch, actor=user)
    case.refresh_from_db()
    assert case.erased_at is not None
    for related in ("branchmeetings", "filings", "introducers", "placements", "oaths", "archives", "history"):
        assert not getattr(case, related).exists(), related


def test_a_branch_administrator_leaves_the_target_filing_to_the_committee(iw):
    branch1 = iw.users["branch1"]
    batch = run_check(branch1, workbook(branch1, [_row(iw, 1, FULL_2014)]))
    assert errors_of(batch) == {2: ["“培养联系人”须待党委处理备案后才能导入。"]}
    # Once the committee has accepted the filing in its inbox, the same row adds the later steps, the
    # target's filing waiting for the committee in its turn.
    run_import(branch1, workbook(branch1, [_row(iw, 1, {k: FULL_2014[k] for k in ("received", "talk",
                                                                                    "activist_since")})
                                                | {"contacts": None, "introducers": None}]))
    case = Case.objects.get()
    walk.accept(case, "activist", iw.users["committee"], FULL_2014["activist_since"])
    again = run_check(branch1, workbook(branch1, [_row(iw, 1, FULL_2014)]))
    assert errors_of(again) == {2: ["“确定为发展对象日期”须待党委处理备案后才能导入。"]}


def test_the_template_has_every_step_column_and_its_examples_pass_the_rules(iw):
    user = iw.users["migrator"]
    data = build_template(PEOPLE, context_for(user, today=date(2026, 12, 7)))
    ws = load_workbook(BytesIO(data))[str(PEOPLE.title)]
    headers = [c.value for c in ws[1]]
    assert headers[9:] == [
        "收到入党申请书日期", "谈话日期", "确定为入党积极分子日期", "培养联系人", "支委会研究发展对象日期",
        "党委同意（备案）发展对象日期", "发展对象公示开始日期", "发展对象公示结束日期", "确定为发展对象日期", "入党介绍人",
        "确定入党介绍人日期", "政治审查日期", "集中培训开始日期", "集中培训结束日期", "集中培训学时", "支委会审查日期",
        "预审通过", "填写入党志愿书日期", "入党志愿书编号", "支部大会讨论接收日期", "上级党委派人谈话日期",
        "党委批准接收日期", "预备期开始日期", "预备期结束日期", "编入党小组日期", "党小组", "入党宣誓", "提出转正申请日期",
        "支部大会讨论转正日期", "党委批准转正日期", "转为正式党员日期", "材料归档日期",
        # the optional columns at the end (round trip)
        "入党申请书状态", "退回原因", "推荐日期", "支委会研究确定积极分子日期", "报党委备案日期", "确定培养联系人日期",
        "思想汇报", "培养考察意见"]
    batch = run_check(user, data)  # the examples as they are: refused by their ID numbers only
    assert {r: [m.split("：")[0] for m in ms] for r, ms in errors_of(batch).items()} == {
        r: ["身份证号"] for r in range(2, 8)}
    for n, row in enumerate(ws.iter_rows(min_row=2, max_row=7), start=1):  # with real numbers they pass every rule
        row[1].value = person(n)["id_number"]
    out = BytesIO()
    ws.parent.save(out)
    batch = run_check(user, out.getvalue())
    assert errors_of(batch) == {} and batch.created_count == 6

"""The 发展党员 sheet's optional columns at the end (the round trip of issue 12): the letter's state,
steps 2–4 on their own days, a filing that waits, the contacts' date and a contact of another
branch, thought reports and cultivation opinions. Each: imported through the services, a bad cell
refused with its column's message and nothing written, a re-import that changes nothing."""

from datetime import date

from partydev.cases.models import Case, Filing, Opinion, ThoughtReport
from partydev.imports.services import rows_of
from partydev.process.enums import FilingKind, FilingStatus, LetterStatus, OpinionKind

from .conftest import errors_of, person, run_check, run_import, workbook

ACTIVIST = {"received": date(2025, 1, 5), "talk": date(2025, 1, 20)}


def _only(user, row):
    return run_import(user, workbook(user, [row]))


def test_steps_two_to_four_and_the_contacts_on_their_own_days(iw):
    user = iw.users["migrator"]
    row = person(1, **ACTIVIST, recommended=date(2025, 2, 20), activist_resolution=date(2025, 3, 1),
                 activist_filed=date(2025, 3, 3), activist_since=date(2025, 3, 10), contacts="王建国",
                 contacts_on=date(2025, 3, 15))
    batch = _only(user, row)
    assert batch.created_count == 1 and errors_of(batch) == {}
    case = Case.objects.get(name=row["name"])
    assert case.recommendations.get().recommended_on == date(2025, 2, 20)
    assert case.branchresolutions.get().meeting_date == date(2025, 3, 1)
    filing = case.filings.get(kind=FilingKind.ACTIVIST)
    assert (filing.sent_on, filing.status, filing.effective_date) == (date(2025, 3, 3), FilingStatus.ACCEPTED,
                                                                        date(2025, 3, 10))
    assert case.activist_since == date(2025, 3, 10)
    assert [(a.member.name, a.assigned_on) for a in case.contact_assignments.all()] == [("王建国", date(2025, 3, 15))]
    again = run_check(user, workbook(user, [row]))
    assert (again.unchanged_count, again.error_rows) == (1, 0)


def test_a_file_without_the_optional_columns_leaves_the_recorded_days_alone(iw):
    """A person whose steps 2–4 and contacts fell on their own days (entered by hand, or by a file with
    the optional columns), then a file made with an older template (the activist date only): unchanged."""
    user = iw.users["migrator"]
    row = person(1, **ACTIVIST, activist_since=date(2025, 3, 10), contacts="王建国")
    _only(user, row | {"recommended": date(2025, 2, 20), "activist_resolution": date(2025, 3, 1),
                       "activist_filed": date(2025, 3, 3), "contacts_on": date(2025, 3, 15)})
    check = run_check(user, workbook(user, [row]))
    assert (check.unchanged_count, check.error_rows) == (1, 0)
    # A date the row does give is compared: it cannot be changed by an import.
    check = run_check(user, workbook(user, [row | {"recommended": date(2025, 2, 21)}]))
    assert errors_of(check) == {2: ["“推荐日期”已记录为 2025-02-20，不能通过导入修改。"]}


def test_a_filing_sent_without_the_activist_date_waits_and_a_later_file_decides_it(iw):
    user = iw.users["migrator"]  # branch and committee administrator
    row = person(1, **ACTIVIST, activist_resolution=date(2025, 3, 1), activist_filed=date(2025, 3, 3))
    _only(user, row)
    case = Case.objects.get(name=row["name"])
    filing = case.filings.get()
    assert (filing.status, filing.sent_on, case.activist_since) == (FilingStatus.PENDING, date(2025, 3, 3), None)
    assert case.recommendations.get().recommended_on == date(2025, 3, 1)  # empty: the 支委会's date
    batch = _only(user, row | {"activist_since": date(2025, 3, 10)})
    assert batch.updated_count == 1
    rows = rows_of(batch)
    assert rows[0]["changes"] == [["确定为入党积极分子日期", "", "2025-03-10"]]
    filing.refresh_from_db()
    case.refresh_from_db()
    assert (filing.status, case.activist_since, case.stage) == (FilingStatus.ACCEPTED, date(2025, 3, 10), "activist")


def test_a_branch_administrator_leaves_the_sent_filing_waiting(iw):
    user = iw.users["branch1"]
    row = person(1, **ACTIVIST, activist_filed=date(2025, 3, 3), activist_since=date(2025, 3, 10))
    batch = _only(user, row)
    assert batch.created_count == 1 and rows_of(batch)[0]["pending"]
    assert Filing.objects.get().status == FilingStatus.PENDING
    assert Case.objects.get().activist_since is None


def test_a_letter_waiting_for_approval_and_a_returned_letter(iw):
    user = iw.users["migrator"]
    waiting = person(1, letter_status="待审批")
    returned = person(2, letter_status="已退回", return_reason="未写明入党动机，请补充。")
    batch = run_import(user, workbook(user, [waiting, returned]))
    assert batch.created_count == 2
    assert [r["changes"] for r in rows_of(batch)] == [[["入党申请书状态", "", "待审批"]], [["入党申请书状态", "", "已退回"]]]
    letters = {c.name: c.applicationletters.get() for c in Case.objects.all()}
    assert letters[waiting["name"]].status == LetterStatus.SUBMITTED
    assert (letters[returned["name"]].status, letters[returned["name"]].return_reason) == (
        LetterStatus.RETURNED, "未写明入党动机，请补充。")  # the Chinese comma kept
    # The branch approved the waiting letter since: the next file says so (the column empty).
    batch = run_import(user, workbook(user, [waiting | {"letter_status": None}, returned]))
    assert (batch.updated_count, batch.unchanged_count) == (1, 1)
    assert Case.objects.get(name=waiting["name"]).applicationletters.get().status == LetterStatus.APPROVED
    # A returned letter is not approved by an import.
    check = run_check(user, workbook(user, [returned | {"letter_status": None, "return_reason": None}]))
    assert errors_of(check) == {2: ["“入党申请书状态”已记录为 已退回，不能通过导入修改。"]}


def test_a_contact_of_another_branch_is_written_with_the_branch(iw):
    user = iw.users["migrator"]
    row = person(1, **ACTIVIST, activist_since=date(2025, 3, 10), contacts="王建国、第二党支部/吴静")
    batch = _only(user, row)
    assert errors_of(batch) == {}
    case = Case.objects.get()
    assert sorted((a.member.name, a.member.branch.name) for a in case.contact_assignments.all()) == [
        ("吴静", "第二党支部"), ("王建国", "第一党支部")]


def test_thought_reports_and_opinions(iw):
    user = iw.users["migrator"]
    row = person(1, **ACTIVIST, activist_since=date(2025, 3, 10), contacts="王建国",
                 reports="2025-06-01、2025-09-01", opinions="教育培养意见 2025-08-20")
    batch = _only(user, row)
    assert errors_of(batch) == {}
    case = Case.objects.get()
    reports = list(case.thoughtreports.order_by("written_on"))
    assert [r.written_on for r in reports] == [date(2025, 6, 1), date(2025, 9, 1)]
    assert all(r.read_at is not None for r in reports)
    assert [(o.kind, o.given_on) for o in case.opinions.all()] == [(OpinionKind.EDUCATION, date(2025, 8, 20))]
    # A later file adds a report: only the new one is entered; the same file again changes nothing.
    later = row | {"reports": "2025-06-01、2025-09-01、2025-12-01"}
    batch = _only(user, later)
    assert batch.updated_count == 1 and ThoughtReport.objects.count() == 3
    assert run_check(user, workbook(user, [later])).unchanged_count == 1
    # A file that leaves a recorded one out does not remove it: refused.
    check = run_check(user, workbook(user, [row | {"reports": "2025-06-01"}]))
    assert list(errors_of(check)[2]) == ["“思想汇报”已记录为 2025-06-01、2025-09-01、2025-12-01，不能通过导入修改。"]


def test_bad_cells_of_the_optional_columns_are_refused_with_their_column_and_nothing_is_written(iw):
    user = iw.users["migrator"]
    active = {**ACTIVIST, "activist_since": date(2025, 3, 10)}
    batch = run_check(user, workbook(user, [
        person(1, letter_status="已退回"),
        person(2, letter_status="待审批", talk=date(2026, 1, 20)),
        person(3, letter_status="已撤回"),
        person(4, return_reason="没有理由"),
        person(5, **active, recommended=date(2025, 3, 20)),
        person(6, **ACTIVIST, activist_filed=date(2025, 3, 12), activist_since=date(2025, 3, 10)),
        person(7, **active, contacts_on=date(2025, 3, 12)),
        person(8, **active, contacts="第九党支部/王建国"),
        person(9, **active, contacts="第二党支部/王建国"),
        person(10, **active, reports="2025-13-01、2025-02-01"),
        person(11, **active, opinions="随便意见 2025-04-01、教育培养意见 2099-01-01"),
        person(12, reports="2025-04-01"),
    ]))
    assert errors_of(batch) == {
        2: ["退回原因：入党申请书退回时必填"],
        3: ["谈话日期：入党申请书未审核通过（“入党申请书状态”），不能填写以后的步骤"],
        4: ["入党申请书状态：“已撤回”不是下拉列表中的值"],
        5: ["退回原因：须先填写“入党申请书状态”"],
        6: ["确定为入党积极分子日期：早于“推荐日期”（2025-03-20）"],
        7: ["确定为入党积极分子日期：早于“报党委备案日期”（2025-03-12）"],
        8: ["确定培养联系人日期：须先填写“培养联系人”"],
        9: ["培养联系人：“第九党支部”不是组织树中的党支部（名称重复时须写路径，如 示范党委/第一党支部）"],
        10: ["培养联系人：不在本支部党员名册中：第二党支部/王建国"],
        11: ["思想汇报：“2025-13-01”：2025-13-01 不是有效日期",
             "思想汇报：2025-02-01：早于“确定为入党积极分子日期”（2025-03-10）"],
        12: ["培养考察意见：“随便意见 2025-04-01”：请写“教育培养意见”或“支部考察意见”、一个空格和日期",
             "培养考察意见：2099-01-01：不能晚于今天"],
        13: ["思想汇报：须先填写“确定为入党积极分子日期”"],
    }
    assert Case.objects.count() == 0 and Filing.objects.count() == 0 and Opinion.objects.count() == 0

"""Undo of a whole batch (refused, with what blocks it, once something was recorded on top), and
re-importing: the same file changes nothing, a changed row updates what can still change."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case
from partydev.cases.selectors import cases_visible_to
from partydev.demo import entries
from partydev.imports.models import BatchStatus
from partydev.imports.services import batch_undo, rows_of, undo_blockers

from .conftest import errors_of, person, run_check, run_import, workbook


def test_undo_removes_the_people_and_is_audited(iw):
    user = iw.users["migrator"]
    data = workbook(user, [person(1), person(2, talk=date(2026, 1, 20)),
                           person(3, received=date(2025, 1, 5), talk=date(2025, 1, 20),
                                  activist_since=date(2025, 3, 10), contacts="王建国")])
    batch = run_import(user, data)
    assert cases_visible_to(user).count() == 3
    assert undo_blockers(batch) == []
    batch = batch_undo(batch=batch, actor=user)
    assert batch.status == BatchStatus.UNDONE
    assert cases_visible_to(user).count() == 0
    erased = Case.objects.get(pk=Case.objects.filter(activist_since__isnull=False).get().pk)
    assert erased.erased_at and erased.name == "—" and erased.id_number == ""
    assert not erased.history.exists() and not erased.filings.exists() and not erased.deadlines.exists()
    assert AuditEvent.objects.filter(action="case.erase").count() == 3
    assert AuditEvent.objects.filter(action="import.undo", object_id=str(batch.pk)).exists()
    # The same people can be imported again.
    again = run_import(user, data)
    assert again.created_count == 3 and cases_visible_to(user).count() == 3


def test_undo_refused_when_something_was_recorded_on_top(iw):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [person(1), person(2)]))
    case = Case.objects.get(name=person(2)["name"])
    entries.talk(case, iw.users["branch1"], date(2026, 1, 10))
    blockers = undo_blockers(batch)
    assert {b["name"] for b in blockers} == {case.name}
    with pytest.raises(ValidationError):
        batch_undo(batch=batch, actor=user)
    assert cases_visible_to(user).count() == 2
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE


def test_the_same_file_again_changes_nothing(iw):
    user = iw.users["migrator"]
    data = workbook(user, [person(1), person(2, received=date(2025, 1, 5), talk=date(2025, 1, 20),
                                             activist_since=date(2025, 3, 10), contacts="王建国")])
    run_import(user, data)
    events = AuditEvent.objects.exclude(action__startswith="import.").count()
    check = run_check(user, data)
    assert (check.unchanged_count, check.created_count, check.updated_count, check.error_rows) == (2, 0, 0, 0)
    assert {r["action"] for r in rows_of(check)} == {"unchanged"}
    assert AuditEvent.objects.exclude(action__startswith="import.").count() == events


def test_a_changed_row_shows_and_applies_what_changes(iw):
    user = iw.users["migrator"]
    run_import(user, workbook(user, [person(1, received=date(2025, 1, 5)), person(2, received=date(2025, 1, 5))]))
    changed = workbook(user, [
        person(1, received=date(2025, 1, 5), talk=date(2025, 1, 20), activist_since=date(2025, 3, 10)),
        person(2, received=date(2025, 1, 6))])
    check = run_check(user, changed)
    rows = {r["row"]: r for r in rows_of(check)}
    assert rows[2]["action"] == "update"
    assert rows[2]["changes"] == [["谈话日期", "", "2025-01-20"], ["推荐日期", "", "2025-03-10"],
                                  ["支委会研究确定积极分子日期", "", "2025-03-10"], ["报党委备案日期", "", "2025-03-10"],
                                  ["确定为入党积极分子日期", "", "2025-03-10"]]
    assert errors_of(check) == {3: ["收到入党申请书日期不能通过导入修改（已记录：2025-01-05）。"]}
    done = run_import(user, changed)
    assert (done.updated_count, done.created_count) == (1, 0)
    case = Case.objects.get(name=person(1)["name"])
    assert case.stage == "activist" and case.activist_since == date(2025, 3, 10)
    # A batch that updated people cannot be undone (no service takes committee decisions back).
    assert undo_blockers(done)[0]["name"] == case.name


def test_a_changed_phone_is_a_row_problem(iw):
    user = iw.users["migrator"]
    run_import(user, workbook(user, [person(1)]))
    check = run_check(user, workbook(user, [person(1, phone="13999999999")]))
    assert errors_of(check) == {2: ["与已登记的人员信息不同（手机号码）：导入不修改已登记人员的基本信息。"]}

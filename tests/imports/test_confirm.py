"""Confirming writes each row through the services: the imported person has the same state as one
entered by hand (partydev/demo/entries.py); every object is marked with its batch and row, the
timeline says 导入, and the audit events carry the batch and the row."""

from datetime import date

from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import contacts_set, filing_accept, filing_submit, letter_approve
from partydev.common import clock
from partydev.demo import entries
from partydev.imports.cells import date_value
from partydev.imports.models import BatchStatus, ImportMark
from partydev.process.timeline import build_timeline

from .conftest import person, run_import, workbook

ROW = dict(received=date(2025, 1, 5), talk=date(2025, 1, 20), activist_since=date(2025, 3, 10),
           contacts="王建国、李红梅")


def _state(case):
    case = Case.objects.get(pk=case.pk)
    today = clock.today()
    return {
        "stage": case.stage, "activist_since": case.activist_since, "branch": case.branch_id,
        "history": [(h.action, h.from_stage, h.to_stage, h.effective_date)
                    for h in case.history.order_by("effective_date", "id")],
        "deadlines": sorted(case.deadlines.values_list("kind", "due_date")),
        "timeline": [(r.step.number, r.state, r.done_on, r.due_on) for r in build_timeline(load_facts(case), today)],
        "contacts": sorted(case.contact_assignments.values_list("member__name", "assigned_on")),
    }


def _by_hand(iw, data, d):
    user, branch = iw.users["migrator"], iw.orgs["第一党支部"]
    case = entries.paper(user, branch, data, d["received"])
    letter_approve(letter=case.applicationletters.get(), actor=user)
    entries.talk(case, user, d["talk"])
    entries.recommendation(case, user, d["activist_since"])
    entries.resolution(case, user, d["activist_since"])
    filing = filing_submit(case=case, actor=user, sent_on=d["activist_since"])
    filing_accept(filing=filing, actor=user, effective_date=d["activist_since"])
    case.refresh_from_db()
    members = list(branch.members.filter(name__in=["王建国", "李红梅"]))
    contacts_set(case=case, members=members, assigned_on=d["activist_since"], actor=user)
    return case


def test_an_imported_person_is_the_same_as_one_entered_by_hand(iw):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [person(1, **ROW)]))
    assert batch.status == BatchStatus.DONE and batch.created_count == 1
    imported = Case.objects.get()
    hand = _by_hand(iw, {"name": "手工录入", "ethnicity": "汉族", "id_number": person(2)["id_number"],
                         "phone": "13800000099", "education": "bachelor", "work_unit": "示范大学"}, ROW)
    assert _state(imported) == _state(hand)
    assert imported.stage == "activist"


def test_every_object_is_marked_and_the_timeline_says_imported(iw, client):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [person(1, **ROW)]), name="名单.xlsx")
    case = Case.objects.get()
    marks = ImportMark.objects.filter(batch=batch, row=2)
    models = set(marks.values_list("model", flat=True))
    assert {"cases.Case", "cases.ApplicationLetter", "cases.Talk", "cases.Recommendation",
            "cases.BranchResolution", "cases.Filing", "cases.StageChange", "cases.ContactAssignment"} <= models
    assert marks.filter(model="cases.StageChange").count() == case.history.count()
    client.force_login(user)
    page = client.get(reverse("pc:timeline", kwargs={"public_id": case.public_id})).content.decode()
    assert f"由表格导入批次 #{batch.pk}（名单.xlsx，第2行）录入。" in page
    assert f"导入 #{batch.pk} 第2行" in page


def test_the_audit_events_carry_the_batch_and_the_row(iw):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [person(1), person(2, **ROW)]))
    second = Case.objects.get(activist_since__isnull=False)
    events = AuditEvent.objects.filter(case=second)
    assert events.exists()
    assert set(events.values_list("request_id", flat=True)) == {f"imp{batch.pk}-3"}
    row = events.get(action="import.row")
    assert row.after["batch"] == batch.pk and row.after["row"] == 3 and row.after["file"] == "people.xlsx"
    assert AuditEvent.objects.filter(action="import.confirm", object_id=str(batch.pk)).exists()
    assert batch.payload and "id_number" not in batch.payload  # the file's values are gone


def test_cell_readers():
    assert date_value(45352) == date(2024, 3, 1)
    assert date_value("2024/3/1") == date_value("2024年3月1日") == date_value(" 2024-03-01 ") == date(2024, 3, 1)


"""组织关系转接 (§12): the branch admin moves an activist to another branch; every record moves with
the person, the cultivation time continues, and both branches keep a trace of the move."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import (
    Case,
    ContactAssignment,
    Deadline,
    Opinion,
    StageChange,
    Talk,
    ThoughtReport,
    Transfer,
)
from partydev.cases.services import contacts_set, report_submit
from partydev.process.enums import OpinionKind

pytestmark = pytest.mark.usefixtures("english")


def url(case):
    return reverse("pc:case_transfer", args=[case.public_id])


def detail(case):
    return reverse("pc:case_detail", args=[case.public_id])


@pytest.fixture
def records(w, kit):
    """The activist's contacts, a thought report and an opinion, besides the part 一 records."""
    contacts_set(case=w.activist, members=[w.wang, w.zhou], assigned_on=w.today - timedelta(days=30),
                 actor=w.b1_admin)
    report_submit(case=w.activist, actor=w.activist_user, data={
        "title": "思想汇报", "content": "内容", "written_on": w.today - timedelta(days=5)})
    kit.add_opinion(w.activist, w.b1_admin, OpinionKind.EDUCATION, given_on=w.today - timedelta(days=3))
    return w


def counts(case):
    return {"talks": Talk.objects.filter(case=case).count(),
            "reports": ThoughtReport.objects.filter(case=case).count(),
            "opinions": Opinion.objects.filter(case=case).count(),
            "contacts": ContactAssignment.objects.filter(case=case).count()}


def transfer(client, case, to, on, reason="工作调动"):
    return client.post(url(case), {"to_branch": to.pk, "transferred_on": on.isoformat(), "reason": reason})


@pytest.mark.parametrize("target", ["b2", "ob"])
def test_transfer_moves_the_person_with_every_record(records, login, kit, target):
    w = records
    to = getattr(w, target)
    before = counts(w.activist)
    since = Case.objects.get(pk=w.activist.pk).activist_since
    client = login(w.b1_admin)
    assert client.get(url(w.activist)).status_code == 200
    mark = kit.last_audit_id()
    on = w.today - timedelta(days=1)

    response = transfer(client, w.activist, to, on)

    assert response.status_code == 302 and response.url == reverse("pc:activist_list")
    case = Case.objects.get(pk=w.activist.pk)
    assert (case.branch_id, case.org_path, case.activist_since, case.stage) == (to.pk, to.path, since, "activist")
    assert counts(case) == before
    move = Transfer.objects.get(case=case)
    assert (move.from_branch_id, move.to_branch_id, move.from_path, move.to_path, move.transferred_on,
            move.reason, move.created_by) == (w.b1.pk, to.pk, w.b1.path, to.path, on, "工作调动", w.b1_admin)
    history = StageChange.objects.get(case=case, action="transferred")
    assert history.effective_date == on and w.b1.name in history.reason and to.name in history.reason
    assert sorted(kit.new_audit(mark)) == ["case.transfer", "case.transfer_out"]
    out = AuditEvent.objects.get(pk__gt=mark, action="case.transfer_out")
    assert out.org_path == w.b1.path  # the old branch's auditor sees the person leave
    assert AuditEvent.objects.get(pk__gt=mark, action="case.transfer").org_path == to.path
    # The derived deadlines follow the person into the new scope.
    assert set(Deadline.objects.filter(case=case).values_list("org_path", flat=True)) == {to.path}


def test_after_the_move_the_old_branch_only_keeps_a_trace(records, login):
    w = records
    transfer(login(w.b1_admin), w.activist, w.b2, w.today)
    old = login(w.b1_admin)
    assert old.get(detail(w.activist)).status_code == 404
    listing = old.get(reverse("pc:activist_list"))
    assert "刘子涵" not in {c.name for c in listing.context["page"]}
    assert [t.case_id for t in listing.context["transfers_out"]] == [w.activist.pk]
    html = listing.content.decode()
    assert "Transferred out" in html and "刘子涵" in html and "第一党支部 → 第二党支部" in html
    reminders = old.get(reverse("pc:reminders"), {"window": "all"}).context["rows"]
    assert w.activist.pk not in {r["d"].case_id for r in reminders}


def test_the_new_branch_sees_the_person_and_the_move(records, login):
    w = records
    transfer(login(w.b1_admin), w.activist, w.b2, w.today)
    new = login(w.b2_admin)
    page = new.get(detail(w.activist))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Organisational relationship transferred to another branch" in html
    assert "思想汇报" in html and "王建国" in html  # the records came along
    assert "刘子涵" in {c.name for c in new.get(reverse("pc:activist_list")).context["page"]}
    assert w.activist.pk in {r["d"].case_id for r in
                             new.get(reverse("pc:reminders"), {"window": "all"}).context["rows"]}
    # The new branch now keeps the records: it may appoint contacts; the old one may not.
    assert new.get(reverse("pc:contacts_edit", args=[w.activist.public_id])).status_code == 200
    assert login(w.b1_admin).get(reverse("pc:contacts_edit", args=[w.activist.public_id])).status_code == 404


def test_a_transfer_to_another_committee_leaves_the_old_committee(records, login):
    w = records
    transfer(login(w.b1_admin), w.activist, w.ob, w.today)
    assert login(w.c_admin).get(detail(w.activist)).status_code == 404
    assert login(w.oc_admin).get(detail(w.activist)).status_code == 200
    assert login(w.ob_admin).get(detail(w.activist)).status_code == 200
    committee_list = login(w.c_admin).get(reverse("pc:activist_list"))
    assert [t.case_id for t in committee_list.context["transfers_out"]] == [w.activist.pk]


def test_the_activist_sees_the_new_branch_on_the_phone(records, login):
    w = records
    transfer(login(w.b1_admin), w.activist, w.b2, w.today)
    home = login(w.activist_user).get(reverse("mobile:home")).content.decode()
    assert "第二党支部" in home and "第一党支部" not in home


@pytest.mark.parametrize("bad", ["same_branch", "future", "no_branch", "a_committee", "no_date"])
def test_bad_input_is_refused_and_nothing_written(w, login, kit, bad):
    client = login(w.b1_admin)
    data = {"to_branch": w.b2.pk, "transferred_on": w.today.isoformat(), "reason": ""}
    data |= {"same_branch": {"to_branch": w.b1.pk},
             "future": {"transferred_on": (w.today + timedelta(days=1)).isoformat()},
             "no_branch": {"to_branch": ""},
             "a_committee": {"to_branch": w.committee.pk},
             "no_date": {"transferred_on": ""}}[bad]
    before = kit.snapshot()
    response = client.post(url(w.activist), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert kit.snapshot() == before


@pytest.mark.parametrize("actor", ["c_admin", "b2_admin", "ob_admin", "auditor", "activist_user"])
def test_only_the_branch_admin_may_transfer(w, login, kit, actor):
    client = login(getattr(w, actor))
    before = kit.snapshot()
    assert client.get(url(w.activist)).status_code == 404
    assert transfer(client, w.activist, w.b2, w.today).status_code == 404
    assert kit.snapshot() == before


def test_an_applicant_cannot_be_transferred_here(w, login, kit):
    client = login(w.b1_admin)
    before = kit.snapshot()
    assert client.get(url(w.applicant)).status_code == 404
    assert transfer(client, w.applicant, w.b2, w.today).status_code == 404
    assert kit.snapshot() == before

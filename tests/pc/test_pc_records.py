"""谈话记录, 推荐推优情况记录, 支委会决议: new, view, edit, delete (GET confirms), with attachments."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.attachments import attachment_path
from partydev.cases.models import Attachment, BranchResolution, Deadline, Recommendation, Talk
from tests.factories import add_talk, db_state, pdf, png, polyglot, seen

pytestmark = pytest.mark.usefixtures("english")

KINDS = {
    "talks": (Talk, "talk", lambda w: {"talk_date": w.today.isoformat(), "talkers": [w.roster[2].pk],
                                       "other_talkers": "", "place": "会议室", "content": "第二次谈话"}),
    "recommendations": (Recommendation, "recommendation",
                        lambda w: {"recommended_on": w.today.isoformat(), "method": "mass_org", "note": "团支部推优"}),
    "resolutions": (BranchResolution, "branchresolution",
                    lambda w: {"meeting_date": w.today.isoformat(), "result": "failed", "note": "继续考察"}),
}



def filing_problems(response):
    """The problems 下一步 shows beside 确定积极分子并备案 (the activist filing's own gate)."""
    return next(a for a in response.context["next_actions"] if a.code == "activist").problems

def existing(world, kind):
    return {"talks": world.talk, "recommendations": world.recommendation, "resolutions": world.resolution}[kind]


@pytest.fixture
def branch(world, login):
    return login(world.branch_admin)


@pytest.mark.parametrize("kind", KINDS)
def test_new_record_with_attachments(world, branch, kind):
    model, model_name, data = KINDS[kind]
    assert branch.get(reverse("pc:record_new", args=[world.case.public_id, kind])).status_code == 200
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, kind]),
                           data(world) | {"attachments": [png("a.png"), pdf("b.pdf")]})
    assert response.status_code == 302
    record = model.objects.filter(case=world.case).latest("id")
    assert record.created_by == world.branch_admin
    assert sorted(a.original_name for a in record.attachments.all()) == ["a.png", "b.pdf"]
    event = AuditEvent.objects.get(action=f"{model_name}.create", object_id=str(record.pk))
    assert sorted(event.after["attachments_added"]) == ["a.png", "b.pdf"]
    page = branch.get(reverse("pc:case_detail", args=[world.case.public_id])).content.decode()
    assert "a.png" in page and "b.pdf" in page


@pytest.mark.parametrize("kind, field, value", [
    ("talks", "talk_date", "2099-01-01"),
    ("talks", "place", ""),
    ("recommendations", "method", "by_magic"),
    ("recommendations", "recommended_on", "yesterday"),
    ("resolutions", "result", ""),
    ("resolutions", "meeting_date", "2099-12-31"),
])
def test_bad_input_writes_nothing(world, branch, kind, field, value):
    _model, _name, data = KINDS[kind]
    before = db_state()
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, kind]),
                           data(world) | {field: value, "attachments": [png()]})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert db_state() == before


def test_talk_needs_a_talker(world, branch):
    before = db_state()
    data = KINDS["talks"][2](world) | {"talkers": [], "other_talkers": "  "}
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, "talks"]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["talkers"]
    assert db_state() == before


@pytest.mark.parametrize("talker", ["99999999999999999999999", "-99999999999999999999999"])
def test_a_talker_id_too_large_for_the_database_is_a_form_error(world, branch, talker):
    # Not an OverflowError (SQLite) or DataError (PostgreSQL) and a 500: an unknown choice like any other.
    data = KINDS["talks"][2](world) | {"talkers": [talker]}
    before = db_state()
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, "talks"]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["talkers"]
    assert db_state() == before


def test_talker_from_another_branch_roster_is_refused(world, branch):
    stranger = world.sibling.members.get()
    data = KINDS["talks"][2](world) | {"talkers": [stranger.pk]}
    before = db_state()
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, "talks"]), data)
    assert response.context["form"].errors["talkers"]
    assert db_state() == before


@pytest.mark.parametrize("upload", [polyglot("scan.png"), polyglot("scan.pdf")])
def test_polyglot_upload_is_refused(world, branch, upload):
    before = db_state()
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, "recommendations"]),
                           KINDS["recommendations"][2](world) | {"attachments": [png(), upload]})
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"]
    assert db_state() == before


def test_oversize_upload_is_refused(world, branch, settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    before = db_state()
    response = branch.post(reverse("pc:record_new", args=[world.case.public_id, "recommendations"]),
                           KINDS["recommendations"][2](world) | {"attachments": [png()]})
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"]
    assert db_state() == before


@pytest.mark.parametrize("kind", KINDS)
def test_edit_record_audits_before_and_after(world, branch, kind):
    model, model_name, data = KINDS[kind]
    record = existing(world, kind)
    url = reverse("pc:record_edit", args=[world.case.public_id, kind, record.pk])
    assert branch.get(url).status_code == 200
    assert branch.post(url, data(world) | seen(record)).status_code == 302
    record.refresh_from_db()
    event = AuditEvent.objects.get(action=f"{model_name}.update", object_id=str(record.pk))
    assert event.before != event.after
    assert model.objects.filter(case=world.case).count() == 1


def test_edit_removes_chosen_attachment_and_its_file(world, branch):
    path = attachment_path(world.attachment)
    assert path.exists()
    url = reverse("pc:record_edit", args=[world.case.public_id, "talks", world.talk.pk])
    data = KINDS["talks"][2](world) | {"remove_attachments": [world.attachment.pk], "attachments": [pdf("new.pdf")]}
    assert branch.post(url, data | seen(world.talk)).status_code == 302
    assert [a.original_name for a in world.talk.attachments.all()] == ["new.pdf"]
    assert not path.exists()
    event = AuditEvent.objects.get(action="talk.update", object_id=str(world.talk.pk))
    assert event.after["attachments_removed"] == ["talk.png"]


def test_edit_cannot_remove_an_attachment_of_another_record(world, branch):
    url = reverse("pc:record_edit", args=[world.case.public_id, "recommendations", world.recommendation.pk])
    data = KINDS["recommendations"][2](world) | {"remove_attachments": [world.attachment.pk]}
    response = branch.post(url, data | seen(world.recommendation))
    assert response.status_code == 302  # this record has no files: the removal field is not even offered
    assert Attachment.objects.filter(pk=world.attachment.pk).exists()


def test_editing_the_talk_date_recomputes_the_talk_problems(world, branch, login):
    url = reverse("pc:record_edit", args=[world.case.public_id, "talks", world.talk.pk])
    late = world.letter.received_date - timedelta(days=1)
    assert branch.post(url, KINDS["talks"][2](world) | {"talk_date": late.isoformat()} | seen(world.talk)).status_code == 302
    detail = branch.get(reverse("pc:case_detail", args=[world.case.public_id]))
    assert [p.code for p in filing_problems(detail)] == ["talk_before_letter"]


@pytest.mark.parametrize("kind", KINDS)
def test_delete_confirms_on_get_and_deletes_on_post(world, branch, kind):
    model, model_name, _data = KINDS[kind]
    record = existing(world, kind)
    url = reverse("pc:record_delete", args=[world.case.public_id, kind, record.pk])
    confirm = branch.get(url)
    assert confirm.status_code == 200
    assert model.objects.filter(pk=record.pk).exists()
    assert 'method="post"' in confirm.content.decode()

    assert branch.post(url).status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action=f"{model_name}.delete", object_id=str(record.pk)).count() == 1


def test_deleting_the_only_talk_removes_its_files_and_brings_back_the_deadline(world, branch):
    path = attachment_path(world.attachment)
    url = reverse("pc:record_delete", args=[world.case.public_id, "talks", world.talk.pk])
    assert not Deadline.objects.filter(case=world.case, kind="talk").exists()
    branch.post(url)
    assert not Attachment.objects.filter(pk=world.attachment.pk).exists()
    assert not path.exists()
    assert Deadline.objects.filter(case=world.case, kind="talk").exists()


def test_record_detail_lists_fields_and_files(world, login):
    response = login(world.committee_admin).get(
        reverse("pc:record_detail", args=[world.case.public_id, "talks", world.talk.pk]))
    html = response.content.decode()
    assert "王建国" in html and "党员活动室" in html and "talk.png" in html
    assert response.context["can_edit"] is False


def test_unknown_kind_is_404(world, branch):
    assert branch.get(reverse("pc:record_new", args=[world.case.public_id, "opinions"])).status_code == 404


def test_record_of_another_case_under_own_case_url_is_404(world, branch):
    other = add_talk(world.pending_case, world.branch_admin, world.today)
    for name in ("pc:record_detail", "pc:record_edit", "pc:record_delete"):
        assert branch.get(reverse(name, args=[world.case.public_id, "talks", other.pk])).status_code == 404


def test_records_are_frozen_while_a_filing_is_pending(world, branch):
    talk = world.filed_case.talks.get()
    before = db_state()
    for name, args in [("pc:record_new", [world.filed_case.public_id, "talks"]),
                       ("pc:record_edit", [world.filed_case.public_id, "talks", talk.pk]),
                       ("pc:record_delete", [world.filed_case.public_id, "talks", talk.pk])]:
        assert branch.get(reverse(name, args=args)).status_code == 404
        assert branch.post(reverse(name, args=args), KINDS["talks"][2](world)).status_code == 404
    assert db_state() == before


def test_records_of_an_activist_are_frozen(world, login):
    client = login(world.sibling_admin)
    url = reverse("pc:record_new", args=[world.sibling_activist.public_id, "talks"])
    assert client.get(url).status_code == 404

"""入党申请人集中注册通知: prepared per branch before the code (text, time slot, validity), saved through
the service with audit; creating the code fills in its expiry; own branch only; bad input writes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partydev.audit.models import AuditEvent
from partydev.registration.models import RegistrationCode, RegistrationNotice
from tests.factories import db_state

TEXT = "各位同学好，{branch}将于{time}发送二维码，有效期仅{minutes}分钟（至{until}）。"


def _data(world, **overrides):
    day = world.today + timedelta(days=3)
    return {"text": TEXT, "send_date": day.isoformat(), "send_hour": "20", "valid_minutes": "30"} | overrides


def test_notice_is_saved_audited_and_shown_with_the_time_slot(world, login):
    client = login(world.branch_admin)
    url = reverse("pc:notice_edit", args=[world.branch.pk])
    with translation.override("zh-hans"):
        response = client.post(url, _data(world), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302 and response["Location"] == reverse("pc:code_list")
    notice = RegistrationNotice.objects.get(branch=world.branch)
    day = world.today + timedelta(days=3)
    assert timezone.localtime(notice.send_at).hour == 20 and notice.valid_minutes == 30
    assert notice.updated_by == world.branch_admin and notice.text == TEXT
    assert AuditEvent.objects.filter(action="registration_notice.save", object_id=str(notice.pk)).count() == 1
    with translation.override("zh-hans"):
        html = client.get(reverse("pc:code_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{day.month}月{day.day}日20点整" in html
    assert f"至{day.month}月{day.day}日 20:30" in html
    assert "新发展人员注册二维码</button>" in html


def test_second_save_updates_the_same_notice(world, login):
    client = login(world.branch_admin)
    url = reverse("pc:notice_edit", args=[world.branch.pk])
    client.post(url, _data(world))
    client.post(url, _data(world, text="改过的通知 {time}", valid_minutes="45"))
    notice = RegistrationNotice.objects.get(branch=world.branch)
    assert (notice.text, notice.valid_minutes) == ("改过的通知 {time}", 45)
    assert RegistrationNotice.objects.count() == 1
    # The form opens with what was saved, and the code form takes its validity.
    assert client.get(url).context["form"]["valid_minutes"].value() == 45
    assert client.get(reverse("pc:code_list")).context["form"]["valid_minutes"].value() == 45


def test_creating_the_code_fills_in_its_expiry(world, login):
    client = login(world.branch_admin)
    client.post(reverse("pc:notice_edit", args=[world.branch.pk]), _data(world))
    with translation.override("zh-hans"):
        client.post(reverse("pc:code_list"), {"branch": world.branch.pk, "valid_minutes": 30},
                    HTTP_ACCEPT_LANGUAGE="zh-hans")
    code = RegistrationCode.objects.latest("id")
    expires = timezone.localtime(code.expires_at)
    assert f"至{expires.month}月{expires.day}日 {expires:%H:%M}" in code.notice
    assert world.branch.name in code.notice and "30分钟" in code.notice
    assert client.get(reverse("pc:code_detail", args=[code.pk])).context["notice"] == code.notice


@pytest.mark.usefixtures("english")
def test_default_notice_is_offered_before_anything_is_saved(world, login):
    client = login(world.branch_admin)
    response = client.get(reverse("pc:notice_edit", args=[world.branch.pk]))
    assert response.status_code == 200
    assert "{time}" in response.context["form"]["text"].value()
    assert "Not prepared yet" in client.get(reverse("pc:code_list")).content.decode()


@pytest.mark.parametrize("who", ["sibling_admin", "other_branch_admin", "committee_admin"])
def test_other_branch_or_role_gets_404_and_writes_nothing(world, login, who):
    client = login(getattr(world, who))
    url = reverse("pc:notice_edit", args=[world.branch.pk])
    before = db_state()
    assert client.get(url).status_code == 404
    assert client.post(url, _data(world)).status_code == 404
    assert db_state() == before


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"text": ""}, "text", "Write the notice text."),
    ({"text": "x" * 2001}, "text", "at most 2000 characters"),
    ({"text": "{time} {when}"}, "text", "Unknown placeholder {when}"),
    ({"send_date": "2020-01-01"}, "send_hour", "The time slot has passed"),
    ({"send_date": "15/9"}, "send_date", "YYYY-MM-DD"),
    ({"send_hour": "24"}, "send_hour", "between 0 and 23"),
    ({"valid_minutes": "4"}, "valid_minutes", "at least 5 minutes"),
    ({"valid_minutes": "99999"}, "valid_minutes", "at most 10080 minutes"),
])
def test_bad_input_is_a_form_error_and_writes_nothing(world, login, overrides, field, message):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:notice_edit", args=[world.branch.pk]), _data(world, **overrides))
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert db_state() == before


def test_code_form_minutes_message_is_field_specific_in_chinese(world, login):
    client = login(world.branch_admin)
    with translation.override("zh-hans"):
        response = client.post(reverse("pc:code_list"), {"branch": world.branch.pk, "valid_minutes": "1"},
                               HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.context["form"].errors["valid_minutes"] == ["有效时长至少5分钟"]


def test_the_code_keeps_the_slot_when_made_in_it_else_the_time_it_is_made(world):
    from partydev.registration.services import code_create, notice_save

    now = timezone.now()
    with translation.override("zh-hans"):
        notice_save(branch=world.branch, actor=world.branch_admin, text="{time}", send_at=now + timedelta(minutes=20),
                    valid_minutes=30)
        slot = timezone.localtime(now + timedelta(minutes=20))
        assert code_create(branch=world.branch, actor=world.branch_admin).notice == (
            f"{slot.month}月{slot.day}日{slot.hour}点整")
        notice_save(branch=world.branch, actor=world.branch_admin, text="{time}", send_at=now + timedelta(days=2),
                    valid_minutes=30)
        made = timezone.localtime(code_create(branch=world.branch, actor=world.branch_admin).created_at)
        assert RegistrationCode.objects.latest("id").notice == f"{made.month}月{made.day}日 {made:%H:%M}"

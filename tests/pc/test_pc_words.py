"""The seed's words and natural Chinese (issue 11): 决议结果; field-specific messages instead of Django's
stock ones; 登录名 in the password similarity message; 24学时 not 24.0学时; a paperclip, not a "0"."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partydev.cases.models import Training
from partydev.common.numbers import plain_number
from partydev.pc.sections import SECTION_ROWS
from partydev.pc.views.filings import ApprovalDecisionForm
from partydev.webforms.meetings import MeetingForm
from partydev.webforms.records import PersonForm
from partydev.webforms.step_records import TrainingForm


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


def _messages(field, value):
    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    return caught.value.messages


def test_resolution_form_and_person_page_say_resolution_result(world, login, zh):
    client = login(world.branch_admin)
    form = client.get(reverse("pc:record_new", args=[world.case.public_id, "resolutions"]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert str(form.context["form"]["result"].label) == "决议结果"
    page = client.get(reverse("pc:case_detail", args=[world.case.public_id]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "决议结果" in page.content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    (MeetingForm.base_fields["votes_for"], "-1", "票数不能为负数"),
    (MeetingForm.base_fields["votes_abstain"], "x", "票数请填写整数"),
    (MeetingForm.base_fields["extension_months"], "3", "预备期至少延长6个月"),
    (MeetingForm.base_fields["extension_months"], "13", "预备期最多延长12个月"),
    (ApprovalDecisionForm.base_fields["committee_votes_against"], "-2", "票数不能为负数"),
    (TrainingForm.base_fields["hours"], "abc", "学时请填写数字，如24或24.5"),
    (TrainingForm.base_fields["hours"], "24.55", "学时最多保留一位小数"),
    (TrainingForm.base_fields["hours"], "123456", "学时数过大，请核对"),
])
def test_number_fields_say_what_is_wrong_in_chinese(zh, field, value, message):
    assert _messages(field, value) == [message]


def test_too_long_text_names_its_field(zh):
    form = PersonForm(data={"name": "张" * 51, "work_unit": "单" * 101})
    assert form.errors["name"] == ["姓名最多50个字（现有51个）"]
    assert form.errors["work_unit"] == [f"{PersonForm.base_fields['work_unit'].label}最多100个字（现有101个）"]


@pytest.mark.django_db
def test_password_similar_to_the_login_name_says_login_name(zh):
    user = get_user_model()(username="linxiaotong")
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password("Linxiaotong#1", user=user)
    assert "密码与登录名太相似了。" in caught.value.messages
    assert not any("用户名" in m or "跟 " in m for m in caught.value.messages)
    help_texts = password_validation.password_validators_help_texts()
    assert "密码不能与登录名或其他个人信息太相似。" in help_texts


@pytest.mark.parametrize(("value", "text"), [(Decimal("24.0"), "24"), (Decimal("24.5"), "24.5"),
                                             (Decimal("100.0"), "100"), (None, ""), (3, "3")])
def test_plain_number(value, text):
    assert plain_number(value) == text


def test_training_hours_read_24_class_hours(zh):
    training = Training(start_date=date(2026, 3, 2), end_date=date(2026, 3, 5), hours=Decimal("24.0"))
    assert training.hours_text == "24"
    row = SECTION_ROWS["trainings"][2](SimpleNamespace(
        start_date=training.start_date, end_date=training.end_date, days=4, hours_text="24",
        get_mode_display=lambda: "脱产"))
    assert "24学时" in row and "24.0" not in row


def test_attachment_icon_is_a_paperclip_not_a_ring():
    html = render_to_string("includes/attachments.html", {"files": [SimpleNamespace(
        public_id="6f1c1f3e-6c7b-4a3e-9b43-2f0e6b1f4a11", original_name="会议记录.pdf")]})
    assert '<svg aria-hidden="true"' in html and "会议记录.pdf</a>" in html
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    assert ".attachment-link::before" not in css

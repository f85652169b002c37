"""Issue 10, finding 9: names (of a person, a roster member, an organisation, a talker) refuse
zero-width, bidi-override and control characters: a form error in Chinese and nothing written, and
the same refusal from the services' full_clean, so the Django admin and imports meet it too
(partydev/common/text.py `validate_name`)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partydev.cases.models import Case
from partydev.cases.services import case_create_paper
from partydev.common.text import validate_name
from partydev.orgs.models import Member, MemberType, Organisation
from tests.factories import db_state, person

BAD = [
    "\u200b\u200b",          # zero-width spaces only: a blank row in every list
    "张\u200d三",            # zero-width joiner
    "\u202e三张",            # right-to-left override
    "王\u2066五\u2069",      # bidi isolates
    "李\t四",                # tab
    "李四\r\n",              # CR LF
    "\x00赵六",              # NUL
    "\ufeff钱七",            # BOM
    "\u3164",                # Hangul filler: a letter that shows nothing
]
GOOD = ["陈思远", "阿卜杜拉·买买提", "Mary-Jane O'Neil", "欧阳 娜娜", "=1+1"]
CHINESE = "不可见字符或控制字符"


@pytest.mark.parametrize("name", BAD)
def test_the_validator_refuses_invisible_and_control_characters(name):
    with pytest.raises(ValidationError):
        validate_name(name)


@pytest.mark.parametrize("name", GOOD)
def test_the_validator_accepts_ordinary_names(name):
    validate_name(name)


def _register_data(name):
    return person(name=name) | {"username": "nameuser", "password1": "Reg#2026pass",
                                "password2": "Reg#2026pass", "consent": "on", "sensitive_consent": "on"}


@pytest.mark.parametrize("name", BAD[:4])
def test_qr_registration_refuses_the_name_in_chinese_and_writes_nothing(world, client, name):
    before = db_state()
    response = client.post(reverse("mobile:register", args=[world.code.token]), _register_data(name))
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["name"]
    assert CHINESE in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("name", BAD[:4])
def test_paper_entry_refuses_the_name_and_writes_nothing(world, login, name):
    client = login(world.branch_admin)
    received = world.today - timedelta(days=3)
    data = {f"p-{k}": v for k, v in person(name=name).items()} | {
        "b-branch": world.branch.pk, "l-title": "入党申请书", "l-content": "申请入党",
        "l-written_date": (received - timedelta(days=1)).isoformat(), "l-received_date": received.isoformat()}
    before = db_state()
    response = client.post(reverse("pc:applicant_new"), data)
    assert response.status_code in (200, 400)
    assert CHINESE in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("name", BAD)
def test_the_service_refuses_the_name_whatever_calls_it(world, name):
    received = world.today - timedelta(days=3)
    before = Case.objects.count()
    with pytest.raises(ValidationError) as exc:
        case_create_paper(actor=world.branch_admin, branch=world.branch, data=person(name=name), letter={
            "title": "入党申请书", "content": "申请", "written_date": received, "received_date": received})
    assert "name" in exc.value.message_dict
    assert Case.objects.count() == before


@pytest.mark.parametrize("name", BAD[:3])
def test_roster_members_and_organisations_refuse_the_name(world, name):
    # The Django admin and any import save these through full_clean (ModelForm).
    with pytest.raises(ValidationError) as exc:
        Member(branch=world.branch, name=name, member_type=MemberType.FULL).full_clean()
    assert "name" in exc.value.message_dict
    org = Organisation.objects.get(pk=world.sibling.pk)
    org.name = name
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "name" in exc.value.message_dict


def test_a_talker_typed_in_refuses_the_name(world, login):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:record_new", args=[world.pending_case.public_id, "talks"]), {
        "talk_date": world.today.isoformat(), "other_talkers": "\u202e记书部支", "place": "党员活动室",
        "content": "了解入党动机。"})
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["other_talkers"]
    assert CHINESE in response.content.decode()
    assert db_state() == before

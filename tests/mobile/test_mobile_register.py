"""QR registration on the phone: a valid code creates the account and the case and logs in;
an expired or revoked code, or bad input, creates nothing."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, StageChange
from partydev.common.crypto import blind_index
from partydev.common.idcard import make_id_number
from partydev.registration.models import RegistrationCode
from tests.factories import db_state, person

pytestmark = pytest.mark.usefixtures("english")


def form_data(**overrides):
    data = person(birth=date(2001, 8, 17), gender="F") | {
        "username": "newapplicant", "password1": "Reg#2026pass", "password2": "Reg#2026pass",
        "consent": "on", "sensitive_consent": "on"}
    return data | overrides


def register_url(code):
    return reverse("mobile:register", args=[code.token])


def test_registration_form_shows_branch(world, client):
    response = client.get(register_url(world.code))
    assert response.status_code == 200
    assert world.branch.name in response.content.decode()


def test_valid_registration_creates_account_case_history_audit_and_logs_in(world, client):
    data = form_data()
    response = client.post(register_url(world.code), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("mobile:home")

    user = get_user_model().objects.get(username="newapplicant")
    assert user.check_password("Reg#2026pass")
    case = Case.objects.get(user=user)
    assert (case.branch, case.org_path, case.source, case.stage) == (
        world.branch, world.branch.path, "qr", "applicant")
    # Derived from the 身份证号 (factories.person moves the birth date on by a day every 100 people a
    # worker has made, so read it from the number rather than assume 2001-08-17).
    number = data["id_number"]
    assert (case.birth_date, case.gender) == (date(int(number[6:10]), int(number[10:12]), int(number[12:14])), "F")
    assert case.id_number == data["id_number"] and case.id_hash == blind_index(data["id_number"])
    assert case.consent_at and case.sensitive_consent_at and case.consent_version
    assert StageChange.objects.filter(case=case, action="registered").count() == 1
    assert AuditEvent.objects.filter(case=case, action="case.register", actor=user).count() == 1
    assert int(client.session["_auth_user_id"]) == user.pk

    home = client.get(reverse("mobile:home"))
    assert home.status_code == 200
    assert data["name"] in home.content.decode()


def test_lowercase_x_check_character_is_accepted(world, client):
    number = next(n for i in range(100) if (n := make_id_number("110105", date(1999, 1, 1), i, "M"))[-1] == "X")
    response = client.post(register_url(world.code), form_data(id_number=number[:-1] + "x"))
    assert response.status_code == 302
    assert Case.objects.get(user__username="newapplicant").id_number == number


def test_expired_code_shows_closed_page_and_creates_nothing(world, client):
    RegistrationCode.objects.filter(pk=world.code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    before = db_state()
    get = client.get(register_url(world.code))
    post = client.post(register_url(world.code), form_data())
    assert get.status_code == post.status_code == 410
    assert "has expired" in post.content.decode()
    assert db_state() == before


def test_revoked_code_shows_closed_page_and_creates_nothing(world, client):
    RegistrationCode.objects.filter(pk=world.code.pk).update(revoked_at=timezone.now())
    before = db_state()
    response = client.post(register_url(world.code), form_data())
    assert response.status_code == 410
    assert "has been revoked" in response.content.decode()
    assert db_state() == before


def test_unknown_token_is_404(db, client):
    assert client.get(reverse("mobile:register", args=["no-such-token"])).status_code == 404


def _refused(client, world, data, field):
    before = db_state()
    response = client.post(register_url(world.code), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert db_state() == before
    assert "_auth_user_id" not in client.session
    return response


def test_duplicate_id_number_is_refused(world, client):
    data = form_data(id_number=world.case.id_number)
    response = _refused(client, world, data, "id_number")
    assert "already registered" in response.content.decode()


def test_duplicate_id_number_with_lowercase_x_is_refused(world, client):
    number = next(n for i in range(100) if (n := make_id_number("110105", date(1998, 2, 2), i, "F"))[-1] == "X")
    assert client.post(register_url(world.code), form_data(id_number=number)).status_code == 302
    client.logout()
    _refused(client, world, form_data(id_number=number.lower(), username="another1"), "id_number")


def test_bad_checksum_is_refused(world, client):
    good = form_data()["id_number"]
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = _refused(client, world, form_data(id_number=bad), "id_number")
    assert "check digit" in response.content.decode()


def test_missing_sensitive_consent_is_refused(world, client):
    data = form_data()
    del data["sensitive_consent"]
    _refused(client, world, data, "sensitive_consent")


def test_missing_consent_is_refused(world, client):
    data = form_data()
    del data["consent"]
    _refused(client, world, data, "consent")


@pytest.mark.parametrize("password", ["abcdefgh", "abcdefg1", "Ab1!", "12345678"])
def test_too_simple_password_is_refused(world, client, password):
    _refused(client, world, form_data(password1=password, password2=password), "password1")


def test_password_mismatch_is_refused(world, client):
    response = _refused(client, world, form_data(password2="Reg#2026pasX"), "password2")
    assert "do not match" in response.content.decode()


def test_taken_username_is_refused(world, client):
    _refused(client, world, form_data(username=world.branch_admin.username.upper()), "username")


# The last one is 11 "digits" to Python's \d, but not ASCII: no SMS gateway can use it.
@pytest.mark.parametrize("phone", ["1390000000", "23900000000", "139000000001", "139٠١٢٣٤٥٦٧"])
def test_bad_phone_is_refused(world, client, phone):
    _refused(client, world, form_data(phone=phone), "phone")


def test_full_width_phone_digits_are_stored_as_ascii_or_refused(world, client):
    # Chinese input methods type full-width digits; the 身份证号 field normalises them (NFKC).
    response = client.post(register_url(world.code), form_data(phone="139１２３４５６７８"))
    if response.status_code == 302:
        assert Case.objects.get(user__username="newapplicant").phone == "13912345678"
    else:
        assert response.context["form"].errors["phone"]


def test_registering_twice_with_same_code_works_for_two_people(world, client):
    assert client.post(register_url(world.code), form_data()).status_code == 302
    client.logout()
    assert client.post(register_url(world.code), form_data(username="second1")).status_code == 302
    assert Case.objects.filter(branch=world.branch, source="qr").count() == 3


def test_registered_applicant_can_log_in_again_and_lands_on_the_phone_site(world, client):
    assert client.post(register_url(world.code), form_data()).status_code == 302
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "newapplicant", "password": "Reg#2026pass"})
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("mobile:home")

"""Two people acting on the same thing at the same moment: exactly one change happens, the other
gets a clean refusal (ASVS 2.3.3/2.3.4; checklist 28; ARCHITECTURE §5).

These need PostgreSQL: SQLite serialises every writer (and `select_for_update` is a no-op there), so
a pass on SQLite would prove nothing. Run with `scripts/with-postgres.sh .venv/bin/pytest
tests/test_concurrency_pg.py`. Real threads, each with its own connection, start together at a
barrier; `transaction=True` lets them see each other's commits."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases import services
from partydev.cases.models import ApplicationLetter, Case, Filing, StageChange
from partydev.common.idcard import make_id_number
from partydev.demo.load import load_demo
from partydev.orgs.models import Organisation, Role, RoleGrant
from partydev.process.enums import FilingStatus, LetterStatus, Stage
from partydev.registration.models import RegistrationCode
from partydev.registration.services import code_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="real concurrency needs PostgreSQL (SQLite serialises writers); "
                              "run under scripts/with-postgres.sh"),
]


@pytest.fixture
def demo():
    """The demo world of partydev/demo/, built through the real services."""
    load_demo()
    return {u.username: u for u in get_user_model().objects.all()}


def second_admin(username, role, org_name):
    user = get_user_model().objects.create_user(username, password="Second#Admin2026")
    RoleGrant.objects.create(user=user, role=role, org=Organisation.objects.get(name=org_name))
    return user


def run_together(*calls):
    """Run each call in its own thread, all released at once; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except BaseException as exc:  # noqa: BLE001 (the test inspects whatever happened)
            outcomes[index] = exc
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return outcomes


def split(outcomes):
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    return [o for o in outcomes if not isinstance(o, BaseException)], errors


def test_two_committee_admins_accept_the_same_filing(demo):
    rival = second_admin("committee_b", Role.COMMITTEE_ADMIN, "示范党委")
    filing = Filing.objects.get(status=FilingStatus.PENDING)
    today = timezone.localdate()
    # Both admins opened the filing page before either clicked: each holds its own stale copy.
    copies = [Filing.objects.get(pk=filing.pk), Filing.objects.get(pk=filing.pk)]
    outcomes = run_together(
        lambda: services.filing_accept(filing=copies[0], actor=demo["committee"], effective_date=today),
        lambda: services.filing_accept(filing=copies[1], actor=rival, effective_date=today))
    done, errors = split(outcomes)
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], services.StaleState), repr(errors[0])
    case = Case.objects.get(pk=filing.case_id)
    assert case.stage == Stage.ACTIVIST
    assert StageChange.objects.filter(case=case, to_stage=Stage.ACTIVIST).count() == 1
    assert AuditEvent.objects.filter(action="filing.accept", object_id=str(filing.pk)).count() == 1
    assert AuditEvent.objects.filter(action="case.activist_accepted", case=case).count() == 1
    assert Filing.objects.get(pk=filing.pk).decided_by == done[0].decided_by


def test_accept_and_return_of_the_same_filing_at_once(demo):
    rival = second_admin("committee_b", Role.COMMITTEE_ADMIN, "示范党委")
    filing = Filing.objects.get(status=FilingStatus.PENDING)
    copies = [Filing.objects.get(pk=filing.pk), Filing.objects.get(pk=filing.pk)]
    outcomes = run_together(
        lambda: services.filing_accept(filing=copies[0], actor=demo["committee"],
                                       effective_date=timezone.localdate()),
        lambda: services.filing_return(filing=copies[1], actor=rival, reason="材料不全"))
    done, errors = split(outcomes)
    assert len(done) == 1 and [type(e) for e in errors] == [services.StaleState]
    filing.refresh_from_db()
    case = Case.objects.get(pk=filing.case_id)
    # The case and the filing tell the same story, whichever admin won.
    assert (filing.status, case.stage) in {(FilingStatus.ACCEPTED, Stage.ACTIVIST),
                                           (FilingStatus.RETURNED, Stage.APPLICANT)}
    decided = AuditEvent.objects.filter(action__in=["filing.accept", "filing.return"], object_id=str(filing.pk))
    assert decided.count() == 1


def test_two_branch_admins_approve_the_same_letter(demo):
    rival = second_admin("branch1_b", Role.BRANCH_ADMIN, "第一党支部")
    letter = ApplicationLetter.objects.get(case__user__username="applicant1")
    copies = [ApplicationLetter.objects.get(pk=letter.pk), ApplicationLetter.objects.get(pk=letter.pk)]
    outcomes = run_together(
        lambda: services.letter_approve(letter=copies[0], actor=demo["branch1"]),
        lambda: services.letter_approve(letter=copies[1], actor=rival))
    done, errors = split(outcomes)
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], services.StaleState), repr(errors[0])
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    assert AuditEvent.objects.filter(action="letter.approved", object_id=str(letter.pk)).count() == 1


def registration(username, id_number, phone):
    return {"name": "周新来", "ethnicity": "汉族", "id_number": id_number, "phone": phone,  # a name the demo data does not use
            "education": "bachelor", "work_unit": "示范大学", "username": username}


def register_twice_at_once(code_a, code_b):
    id_number = make_id_number("110108", timezone.localdate() - timedelta(days=20 * 366), 51, "M")
    outcomes = run_together(
        lambda: services.case_register(code=code_a, data=registration("zhou_a", id_number, "13900139051"),
                                       password="Qiu#2026tian"),
        lambda: services.case_register(code=code_b, data=registration("zhou_b", id_number, "13900139052"),
                                       password="Qiu#2026tian"))
    return outcomes, id_number


def assert_one_registration_and_a_clean_refusal(outcomes, id_number):
    done, errors = split(outcomes)
    assert len(done) == 1 and len(errors) == 1
    # The loser must get the same clear form error as a sequential duplicate, not a database error
    # that the registration view does not catch (a 500 page).
    assert isinstance(errors[0], ValidationError), repr(errors[0])
    assert "id_number" in errors[0].message_dict
    assert [c.id_number for c in Case.objects.filter(name="周新来")] == [id_number]
    # Nothing half-written: the loser's account was rolled back with its case.
    assert get_user_model().objects.filter(username__in=["zhou_a", "zhou_b"]).count() == 1


def test_two_registrations_with_the_same_id_number_through_one_code(demo):
    code = RegistrationCode.objects.get()
    outcomes, id_number = register_twice_at_once(RegistrationCode.objects.get(pk=code.pk),
                                                 RegistrationCode.objects.get(pk=code.pk))
    assert_one_registration_and_a_clean_refusal(outcomes, id_number)


def test_two_branches_register_the_same_id_number_at_once(demo):
    # Two different codes lock two different rows, so only the unique blind index stands between them.
    code_a = RegistrationCode.objects.get()
    code_b = code_create(branch=Organisation.objects.get(name="第二党支部"), actor=demo["branch2"])
    outcomes, id_number = register_twice_at_once(code_a, code_b)
    assert_one_registration_and_a_clean_refusal(outcomes, id_number)


def test_two_registrations_with_the_same_login_name_at_once(demo):
    # Both forms checked that the name was free before either saved; the service must still refuse
    # the second cleanly instead of letting the unique index raise.
    code = RegistrationCode.objects.get()
    birth = timezone.localdate() - timedelta(days=20 * 366)
    outcomes = run_together(*[
        (lambda n=n: services.case_register(
            code=RegistrationCode.objects.get(pk=code.pk), password="Qiu#2026tian",
            data=registration("zhou", make_id_number("110108", birth, 60 + n, "M"), f"1390013906{n}")))
        for n in (1, 2)])
    done, errors = split(outcomes)
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError), repr(errors[0])
    assert Case.objects.filter(name="周新来").count() == 1

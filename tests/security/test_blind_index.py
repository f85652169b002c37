"""The blind index of the 身份证号 is slow, the date of birth is encrypted, lookups still work, and
migration cases/0010 converts existing rows (issue 10 finding 3; docs/security.md).

The suite runs at the "fast" cost (settings: DJANGO_ENV=test); one test hashes at the production cost."""

import hashlib
import hmac
import importlib
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from partydev.cases.models import Case
from partydev.cases.selectors import case_list
from partydev.common.crypto import BLIND_INDEX_COSTS, ScryptCost, blind_index, legacy_blind_index
from partydev.common.idcard import make_id_number
from partydev.process.enums import Stage
from tests.security.test_deploy_settings import manage, production_env

MIGRATION = importlib.import_module("partydev.cases.migrations.0010_encrypt_birth_date_slow_id_hash")


def test_the_production_cost_is_what_docs_security_md_says():
    # docs/security.md, finding 3: scrypt N=2^14, r=8, p=1 (16 MiB, ~55 ms here) over HMAC-SHA256.
    assert BLIND_INDEX_COSTS["production"] == ScryptCost(n=2**14, r=8, p=1)
    assert 128 * 2**14 * 8 == 16 * 1024 * 1024
    assert settings.BLIND_INDEX_COST == "fast"  # the suite's own, cheap cost
    number = "11010519491231002X"
    with override_settings(BLIND_INDEX_COST="production"):
        slow = blind_index(number)
    keyed = hmac.new(settings.BLIND_INDEX_KEY.encode(), number.encode(), hashlib.sha256).digest()
    assert slow == hashlib.scrypt(keyed, salt=b"partydev.blind_index.v2", n=2**14, r=8, p=1,
                                  maxmem=64 * 1024 * 1024, dklen=32).hex()
    assert slow != blind_index(number) != legacy_blind_index(number)


def test_an_unknown_cost_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(BLIND_INDEX_COST="cheap"), pytest.raises(ImproperlyConfigured):
        blind_index("11010519491231002X")


def test_production_refuses_the_fast_cost(tmp_path):
    result = manage(production_env(tmp_path, BLIND_INDEX_COST="fast"), "check")
    assert result.returncode != 0 and "BLIND_INDEX_COST" in result.stderr


def test_a_duplicate_paper_entry_is_found_through_the_index(world):
    from django.core.exceptions import ValidationError

    from tests.factories import paper_case

    count = Case.objects.count()
    with pytest.raises(ValidationError) as info:
        paper_case(world.sibling, world.sibling_admin, id_number=world.case.id_number.lower(), name="重复者")
    assert "id_number" in info.value.message_dict
    assert Case.objects.count() == count


def test_the_list_search_finds_a_person_by_the_whole_id_number(world, login):
    client = login(world.branch_admin)
    page = client.get(reverse("pc:applicant_list"), {"q": world.case.id_number.lower()}).content.decode()
    assert world.case.name in page
    assert list(case_list(world.branch_admin, stage=Stage.APPLICANT, query=world.case.id_number)) == [world.case]
    other = make_id_number("110105", date(1990, 1, 1), 7, "M")
    assert not case_list(world.branch_admin, stage=Stage.APPLICANT, query=other).exists()
    # Out of scope: found by nobody else.
    assert not case_list(world.other_branch_admin, stage=Stage.APPLICANT, query=world.case.id_number).exists()
    # Anything that is not a whole, valid number is still a name prefix.
    assert list(case_list(world.branch_admin, stage=Stage.APPLICANT, query=world.case.name[:1])) != []


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT birth_date, id_hash FROM cases_case WHERE id = %s", [pk])
        return cursor.fetchone()


def _make_legacy(case):
    """The row as it was before migration 0010: the birth date in clear, the bare HMAC."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET birth_date = %s, id_hash = %s WHERE id = %s",
                       [case.birth_date.isoformat(), legacy_blind_index(case.id_number), case.pk])


def test_the_migration_encrypts_birth_dates_and_recomputes_the_index_in_batches(world, monkeypatch):
    editor = SimpleNamespace(connection=connection)
    cases = list(Case.objects.order_by("pk"))
    assert len(cases) >= 3
    for case in cases:
        _make_legacy(case)
    monkeypatch.setattr(MIGRATION, "BATCH", 2)  # several batches
    MIGRATION.forward(apps, editor)
    done = {case.pk: _raw(case.pk) for case in cases}
    for case in cases:
        birth, id_hash = done[case.pk]
        assert birth.startswith("gAAAAA") and id_hash == blind_index(case.id_number)
        assert Case.objects.get(pk=case.pk).birth_date == case.birth_date
    MIGRATION.forward(apps, editor)  # resumable: a second run changes nothing
    assert {case.pk: _raw(case.pk) for case in cases} == done
    MIGRATION.backward(apps, editor)
    for case in cases:
        assert _raw(case.pk) == (case.birth_date.isoformat(), legacy_blind_index(case.id_number))


def test_the_migration_resumes_a_half_done_run(world):
    cases = list(Case.objects.order_by("pk"))
    _make_legacy(cases[0])  # the others were converted already, as after an interruption
    before = {case.pk: _raw(case.pk) for case in cases[1:]}
    MIGRATION.forward(apps, SimpleNamespace(connection=connection))
    assert _raw(cases[0].pk)[1] == blind_index(cases[0].id_number)
    assert {case.pk: _raw(case.pk) for case in cases[1:]} == before


def test_the_recovery_benchmark_finds_the_number_and_counts_the_candidates(world):
    from bench import id_recovery

    case = Case.objects.get(pk=world.case.pk)
    report = id_recovery.measure(case=case, region=case.id_number[:6], sample=20,
                                 cost=BLIND_INDEX_COSTS["fast"], years=(1990, 2008))
    assert report.found == case.id_number  # the search itself works, given the true birth date
    assert report.candidates_known_birth_date == 500
    assert report.candidates_known_region == (date(2008, 12, 31) - date(1990, 1, 1)).days * 500 + 500
    assert any("CPU-hours" in line for line in report.lines((1990, 2008)))

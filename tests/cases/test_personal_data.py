"""身份证号 and phone: stored encrypted with a keyed hash for uniqueness, and never shown in full on
any page (GB/T 35273 展示限制)."""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case
from partydev.common.crypto import blind_index
from tests.factories import CaseFactory
from tests.test_scope_matrix import ROWS

ID_PATTERN = re.compile(r"\d{17}[\dXx]")


def test_id_number_and_phone_are_encrypted_in_the_database(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_hash FROM cases_case")
        rows = cursor.fetchall()
    assert len(rows) == Case.objects.count() > 0
    plain = {(c.id_number, c.phone) for c in Case.objects.all()}
    for id_column, phone_column, id_hash in rows:
        assert not ID_PATTERN.search(id_column)
        assert not re.search(r"1\d{10}", phone_column)
        assert len(id_hash) == 64
    raw = {(i, p) for i, p, _ in rows}
    assert raw.isdisjoint(plain)


def test_the_date_of_birth_is_encrypted_in_the_database(world):
    # In clear it would give away 8 of the 18 characters the blind index hides (issue 10 finding 3).
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, birth_date FROM cases_case")
        rows = dict(cursor.fetchall())
    for case in Case.objects.all():
        assert case.birth_date.isoformat() not in rows[case.pk] and rows[case.pk].startswith("gAAAAA")
    assert Case.objects.get(pk=world.case.pk).birth_date == world.case.birth_date


def test_id_hash_is_keyed_and_unique(world):
    assert world.case.id_hash == blind_index(world.case.id_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(branch=world.sibling, id_number=world.case.id_number)


def _secrets(world):
    values = set()
    for case in Case.objects.all():
        values |= {case.id_number, case.id_number.lower(), case.phone}
    return values


# Files: the dossier PDF and the ledger are checked for masking in tests/dossier; the import template
# holds no person (tests/imports/test_views.py).
# Files, not pages (the statistics PDF holds counts only; the tree and roster exports no 身份证号 or phone).
BINARY = {"pc:code_qr_png", "pc:attachment", "mobile:attachment", "pc:dossier_pdf", "pc:ledger_xlsx",
          "pc:import_template", "pc:stats_pdf", "pc:tree_export", "pc:roster_export"}


# Everyone who can see a person's page; the other actors get the same pages with other people in them.
@pytest.mark.parametrize("actor", ["applicant", "branch", "committee", "auditor"])
def test_no_page_shows_a_full_id_number_or_phone(world_with_activist, actor):
    world = world_with_activist
    client = Client()
    if world.actors[actor]:
        client.force_login(world.actors[actor])
    secrets = _secrets(world)
    pages = [("pc:case_detail", {"public_id": c.public_id}) for c in Case.objects.all()]
    pages += [(name, kwargs(world) if kwargs else None) for name, (kwargs, _e) in ROWS.items() if name not in BINARY]
    for name, kwargs in pages:
        response = client.get(reverse(name, kwargs=kwargs), follow=True)
        html = response.content.decode()
        leaked = [s for s in secrets if s in html]
        assert leaked == [], f"{name} shows {leaked} to {actor}"


def test_masked_values_are_on_the_pages(world, login):
    client = login(world.committee_admin)
    listing = client.get(reverse("pc:applicant_list")).content.decode()
    detail = client.get(reverse("pc:case_detail", args=[world.case.public_id])).content.decode()
    masked_id = world.case.id_number[:3] + "*" * 15
    masked_phone = world.case.phone[:3] + "****" + world.case.phone[-4:]
    assert masked_id in listing and masked_id in detail
    assert masked_phone in detail


def test_audit_events_hold_no_id_number_or_phone(world):
    secrets = _secrets(world)
    for event in AuditEvent.objects.all():
        text = f"{event.before} {event.after}"
        assert not [s for s in secrets if s in text], event.action

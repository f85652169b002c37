"""Issue 10 finding 13: two administrators editing one record both succeeded, and the first edit was
silently lost. The edit page now carries the version of the record it showed (a hidden field); the
records service refuses a save whose version is no longer the record's ("record_changed"), so the
second editor is told, keeps what they typed, and nothing is written."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partydev.audit.models import AuditEvent
from partydev.cases.services import Refused, record_save, record_version
from partydev.demo import entries
from partydev.orgs.selectors import members_of_branch
from partydev.pc.record_kinds import RECORD_KINDS
from partydev.process.problems import problem
from tests.factories import branch_admin
from tests.security.record_pages import valid_data

pytestmark = pytest.mark.usefixtures("english")

STALE = "This record has been changed by someone else since you opened it."


def _record(w, slug, on):
    """A record of `slug` entered three days ago through the builder library."""
    kind = RECORD_KINDS[slug]
    case = w.people[kind.stage]
    extra = {}
    if kind.needs_roster:
        extra["roster"] = (members_of_branch(case.branch) if slug == "talks" else
                           list(case.contact_assignments.filter(ended_on__isnull=True).values_list("member", flat=True)))
    return case, entries.save(kind.form, case, w.branch_admin, valid_data(w, slug, on),
                              instance=kind.model(case=case, **kind.fixed), **extra)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("slug", RECORD_KINDS)
def test_the_second_of_two_editors_is_refused_and_the_first_edit_kept(stages_world, slug):
    w = stages_world
    case, record = _record(w, slug, w.today - timedelta(days=3))
    first_admin, second_admin = _client(w.branch_admin), _client(branch_admin(w.branch, "branch1b"))
    url = reverse("pc:record_edit", args=[case.public_id, slug, record.pk])

    pages = [first_admin.get(url), second_admin.get(url)]
    versions = [page.context["form"]["version"].value() for page in pages]
    assert versions == [record_version(record)] * 2
    assert 'type="hidden" name="version"' in pages[0].content.decode()

    field = RECORD_KINDS[slug].declared.date_field
    first = valid_data(w, slug, w.today - timedelta(days=1)) | {"version": versions[0]}
    assert first_admin.post(url, first).status_code == 302
    record.refresh_from_db()
    saved, events = record_version(record), AuditEvent.objects.count()

    second = valid_data(w, slug, w.today - timedelta(days=2)) | {"version": versions[1]}
    response = second_admin.post(url, second)
    assert response.status_code == 400
    assert any(STALE in error for error in response.context["form"].non_field_errors())
    assert STALE in html.unescape(response.content.decode())
    assert response.context["form"][field].value() == second[field]  # what they typed is kept
    assert f'value="{second[field]}"' in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field).isoformat() == first[field]  # the first edit is kept
    assert (record_version(record), AuditEvent.objects.count()) == (saved, events)  # nothing written

    # Reloaded, the second editor sees the first edit and can save over it knowingly.
    fresh = second_admin.get(url).context["form"]["version"].value()
    assert second_admin.post(url, second | {"version": fresh}).status_code == 302


@pytest.mark.parametrize("slug", ["talks", "notices", "archives"])
def test_the_service_refuses_a_stale_or_missing_version(stages_world, slug):
    w = stages_world
    case, record = _record(w, slug, w.today - timedelta(days=3))
    stale = record_version(record)
    field = RECORD_KINDS[slug].declared.date_field
    record_save(kind=slug, case=case, actor=w.branch_admin, record=record, version=stale,
                data={field: getattr(record, field) + timedelta(days=1)})
    record.refresh_from_db()
    saved, events = record_version(record), AuditEvent.objects.count()
    assert saved != stale
    for version in (stale, None, "2020-01-01T00:00:00+00:00"):
        with pytest.raises(Refused) as exc:
            record_save(kind=slug, case=case, actor=w.branch_admin, record=record, version=version,
                        data={field: getattr(record, field) - timedelta(days=1)})
        assert [p.code for p in exc.value.problems] == ["record_changed"]
    record.refresh_from_db()
    assert (record_version(record), AuditEvent.objects.count()) == (saved, events)


def test_the_refusal_reads_in_chinese():
    with translation.override("zh-hans"):
        assert problem("record_changed", True).message == "该记录已被他人修改，请刷新页面后重新编辑。"

"""The one-query loader of a case's rows (partydev/cases/selectors/case_rows.py) gives exactly what the
per-table ORM queries give: the same rows in the same order, every field with the same value and the
same type, the related rows of `related` cached, and the extra values — for every person of the demo,
on SQLite and on PostgreSQL (scripts/with-postgres.sh)."""

import datetime
import decimal
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partydev.cases.models import Archive, Case, Talk, ThoughtReport, Training, Transfer
from partydev.cases.selectors.case_rows import case_rows
from partydev.cases.selectors.facts import FACT_TABLES, PAGE_TABLES, load_facts
from partydev.orgs.models import Organisation, OrgKind
from tests.factories import attach

TABLES = FACT_TABLES + PAGE_TABLES


def per_table(case, table) -> list:
    """What the ORM reads for one table: the reference."""
    model = Case._meta.get_field(table.name).related_model
    order = table.order or model._meta.ordering or ("pk",)
    return list(getattr(case, table.name).select_related(*table.related).order_by(*order))


def committee_path(case) -> str | None:
    paths = [o.path for o in Organisation.objects.filter(kind=OrgKind.COMMITTEE) if case.org_path.startswith(o.path)]
    return max(paths, key=len, default=None)


def assert_same(got, expected, where):
    """Every concrete field equal, of the same type (a Decimal with the same digits, a datetime with
    the same offset), and the instance in the same state as the ORM's."""
    assert type(got) is type(expected), where
    assert got._state.db == expected._state.db and got._state.adding is expected._state.adding is False, where
    for f in type(expected)._meta.concrete_fields:
        a, b = getattr(got, f.attname), getattr(expected, f.attname)
        label = f"{where}.{f.attname}"
        assert type(a) is type(b), (label, a, b)
        assert a == b, (label, a, b)
        if isinstance(b, decimal.Decimal):
            assert str(a) == str(b), (label, a, b)
        if isinstance(b, datetime.datetime):
            assert a.utcoffset() == b.utcoffset(), (label, a, b)


def assert_related(got, expected, paths, where):
    for path in paths:
        head, _, rest = path.partition("__")
        field = type(expected)._meta.get_field(head)
        assert field.is_cached(got), f"{where}.{head} not loaded with the row"
        a, b = getattr(got, head), getattr(expected, head)
        if b is None:
            assert a is None, f"{where}.{head}"
            continue
        assert_same(a, b, f"{where}.{head}")
        if rest:
            assert_related(a, b, [rest], f"{where}.{head}")


def assert_loaders_agree(case):
    with CaptureQueriesContext(connection) as ctx:
        found = case_rows(case, TABLES)
    assert len(ctx) == 1
    for table in TABLES:
        expected = per_table(case, table)
        got = found[table.name]
        where = f"{case.name}.{table.name}"
        assert [r.pk for r in got] == [r.pk for r in expected], where
        for a, b in zip(got, expected, strict=True):
            assert_same(a, b, f"{where}[{b.pk}]")
            assert_related(a, b, table.related, f"{where}[{b.pk}]")
        if table.name == "talks":
            for talk in got:
                assert talk.talker_names == [m.name for m in Talk.objects.get(pk=talk.pk).talkers.order_by("id")]
        if table.name == "contact_assignments":
            assert {c.case_committee_path for c in got} <= {committee_path(case)}
    return found


def test_the_loaders_agree_for_every_person_of_the_demo(demo_world):
    seen = set()
    cases = list(Case.objects.order_by("id"))
    assert len(cases) >= 10
    for case in cases:
        found = assert_loaders_agree(case)
        seen |= {name for name, rows in found.items() if rows}
    # The demo has a row of almost every kind; the awkward values' test adds the others.
    assert {t.name for t in TABLES} - seen <= {"archives", "transfers", "attachments"}


def test_the_loaders_agree_on_awkward_values(demo_world):
    """Text JSON must escape, a decimal with and without a fraction, a datetime with microseconds, an
    empty JSON list, NULLs."""
    training = Training.objects.first()
    case = training.case
    Training.objects.filter(pk=training.pk).update(
        organiser='党校 "quoted" \\ back\nslash 🎉 \'single\'', hours=decimal.Decimal("24.5"), certificate="")
    Training.objects.create(case=case, start_date=date(2026, 1, 5), end_date=date(2026, 1, 7),
                            hours=decimal.Decimal("24.0"), mode=training.mode, organiser="x")
    report = ThoughtReport.objects.first()
    ThoughtReport.objects.filter(pk=report.pk).update(
        read_at=datetime.datetime(2026, 3, 1, 23, 59, 58, 123456, tzinfo=datetime.UTC), comment="", read_by=None)
    other = Organisation.objects.filter(kind=OrgKind.BRANCH).exclude(pk=case.branch_id).first()
    Transfer.objects.create(case=case, from_branch=other, to_branch=case.branch, from_path=other.path,
                            to_path=case.branch.path, transferred_on=date(2026, 2, 1), reason="搬家")
    Archive.objects.create(case=case, archived_on=date(2026, 4, 1), receiver="档案室",
                           items=["volunteer_form", {"note": "x\"y"}, 3.5, None])
    Archive.objects.create(case=case, archived_on=date(2026, 4, 1), receiver="档案室", items=[])
    attach(training, demo_world["branch1"])
    found = assert_loaders_agree(case)
    assert {"transfers", "archives", "attachments"} <= {name for name, rows in found.items() if rows}
    assert_loaders_agree(report.case)


def test_load_facts_is_one_query_whatever_the_person_has(demo_world):
    for case in Case.objects.all():
        with CaptureQueriesContext(connection) as ctx:
            facts = load_facts(case)
        calendar = 1 if case.stage == "activist" and facts.notices else 0
        assert len(ctx) == 1 + calendar, case.name


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_the_statement_is_built_for_each_database(vendor):
    """Both dialects build (the suite runs the one of its database)."""
    from partydev.cases.selectors.case_rows import _statement

    sql = _statement(vendor, Case, TABLES)
    assert sql.count("%s") == len(TABLES)
    assert ("json_agg" in sql) is (vendor == "postgresql")

"""The `under` lookup and PathField (partydev/orgs/paths.py): the scope filter every page uses,
answered from an index on both databases (docs/performance.md M7, M8)."""

import pytest
from django.db import connection

from partydev.cases.models import Case, Deadline
from partydev.orgs.models import Organisation


def test_under_matches_the_node_and_its_subtree_only(world):
    under = set(Organisation.objects.filter(path__under=world.committee.path).values_list("pk", flat=True))
    assert {world.committee.pk, world.branch.pk, world.sibling.pk} <= under
    assert world.other_committee.pk not in under and world.other_branch.pk not in under
    assert set(Case.objects.filter(org_path__under=world.branch.path)) == set(Case.objects.filter(branch=world.branch))


def test_a_prefix_of_digits_is_not_a_sibling_match(world):
    # "0001" must not match "0002…"; the path steps are fixed-width, so a prefix is a subtree.
    assert not Organisation.objects.filter(path__under=world.branch.path).exclude(
        path__startswith=world.branch.path).exists()


@pytest.mark.parametrize("bad", ["", "00%", "0*", "0_1", "a", 1])
def test_under_refuses_anything_but_a_path(bad, db):
    with pytest.raises(ValueError, match="not a tree path"):
        list(Organisation.objects.filter(path__under=bad))


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plan")
def test_sqlite_answers_a_scope_from_the_index(world):
    # LIKE would scan the table (SQLite's LIKE is case-insensitive); GLOB is a range on the index.
    plan = _plan(Deadline.objects.filter(org_path__under=world.committee.path))
    assert "SEARCH" in plan and "deadline_scope_due" in plan, plan
    plan = _plan(Case.objects.filter(org_path__under=world.branch.path).values("stage"))
    assert "SEARCH" in plan and "org_path>?" in plan, plan


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL catalogue")
def test_path_columns_have_the_c_collation(db):
    with connection.cursor() as cursor:
        cursor.execute("""SELECT table_name, column_name, collation_name FROM information_schema.columns
                          WHERE column_name IN ('path', 'org_path', 'committee_path', 'from_path', 'to_path')
                            AND table_schema = current_schema()""")
        columns = cursor.fetchall()
    assert len(columns) >= 8
    assert {c[2] for c in columns} == {"C"}, columns

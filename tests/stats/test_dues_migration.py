"""Migration stats 0007 fills the deadlines' counters (StatsDue, 0006) from the Deadline rows of a
database that had them before: afterwards they equal a recount and the home page's numbers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from partydev.cases.models import Deadline
from partydev.cases.selectors.reminders import reminder_counts
from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, scope_paths
from partydev.stats.counters import counters_differences
from partydev.stats.models import StatsDue
from partydev.stats.selectors import due_counts
from tests.factories import admin, branch_admin, child, committee, paper_case

BEFORE = [("stats", "0005_path_columns_c_collation")]
AFTER = [("stats", "0007_dues_fill")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_deadlines_are_counted_by_the_migration():
    top = committee("迁移党委")
    branch = child(top, "迁移支部")
    actor = branch_admin(branch)
    today = timezone.localdate()
    for n, days in enumerate((40, 27, 10)):
        paper_case(branch, actor, name=f"迁移{n}", received=today - timedelta(days=days))
    assert Deadline.objects.exists()
    try:
        migrate(BEFORE)  # the table is dropped: a database from before it
    finally:
        migrate(AFTER)
    assert StatsDue.objects.filter(org_path=top.path, n__gt=0).exists()
    assert counters_differences() == {}
    user = admin(Role.COMMITTEE_ADMIN, top)
    assert due_counts(scope_paths(user, ADMIN_ROLES), today=today) == reminder_counts(user, today=today)

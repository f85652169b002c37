"""The statistics' counters (partydev/stats/counters.py) kept by the services equal a recount from the
history after every kind of write — people walked through every step, a cancelled and an extended
probation, a transfer, a return, a letter returned, an erasure, an organisation moved, two branches
merged — and the report's figures read from them equal the direct counts (tests/stats/direct.py).
The deadlines' counters (StatsDue) too: the home page's reminder counts read from them equal those
counted from the Deadline table, for admins at every level, on days around every due date."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from partydev.cases.models import Case, Deadline
from partydev.cases.selectors.reminders import reminder_counts
from partydev.cases.services import (
    case_erase,
    case_return,
    case_transfer,
    deadlines_deferred,
    filing_accept,
    letter_return,
    meeting_record,
    request_send,
)
from partydev.common import clock
from partydev.demo import entries, steps
from partydev.orgs.models import Member, MemberType, OrgKind, Role, RoleGrant
from partydev.orgs.selectors import ADMIN_ROLES, scope_paths
from partydev.process.enums import (
    Attendance,
    ConversionOutcome,
    FilingKind,
    MeetingPurpose,
    ReturnPoint,
    Stage,
)
from partydev.stats import counters, structure
from partydev.stats import selectors as stats
from partydev.stats.models import StatsCount, StatsDue, StatsPersonEvent
from partydev.structure.services import branch_merge, org_create, org_move
from tests.factories import admin, paper_case
from tests.stats.direct import direct_flow, direct_stock

YEARS = (2023, 2024, 2025, 2026)


def _conversion(w, name, outcome, months=None):
    """Steps 1–21 in 2023–2024, then the conversion meeting's `outcome`, approved 2025-12-10."""
    admin_, committee = w.branch_admin, w.committee_admin
    case = paper_case(w.branch, admin_, received=date(2023, 9, 5), name=name)
    entries.prepare_for_filing(case, admin_)
    steps.make_activist(case, admin_, committee, date(2023, 10, 9), date(2023, 10, 12))
    steps.make_target(case, admin_, committee, date(2024, 10, 14), date(2024, 10, 17))
    steps.prepare_admission(case, admin_, committee, {
        "introducers": date(2024, 10, 21), "review": date(2024, 11, 1),
        "training": (date(2024, 11, 4), date(2024, 11, 7)), "examination": date(2024, 11, 11),
        "pre_review": date(2024, 11, 14), "volunteer": date(2024, 11, 15)}, f"CNT-{name}")
    steps.admit(case, admin_, committee, {"meeting": date(2024, 11, 22), "talk": date(2024, 11, 27),
                                          "approval": date(2024, 12, 2)})
    steps.after_admission(case, admin_, {"placement": date(2024, 12, 5), "oath": date(2024, 12, 6)})
    entries.conversion_application(case, admin_, date(2025, 11, 20), content="申请转为正式党员。")
    full = Member.objects.filter(branch=w.branch, member_type=MemberType.FULL, active=True)
    attendance = {m: (Attendance.PRESENT, "") for m in full}
    meeting_record(case=case, actor=admin_, purpose=MeetingPurpose.CONVERSION, meeting_date=date(2025, 12, 3),
                   attendance=attendance, votes={"votes_for": len(attendance), "votes_against": 0,
                                                 "votes_abstain": 0},
                   resolution="决议。", outcome=outcome, extension_months=months)
    filing = request_send(case=Case.objects.get(pk=case.pk), actor=admin_, kind=FilingKind.CONVERSION,
                          sent_on=date(2025, 12, 4))
    filing_accept(filing=filing, actor=committee, effective_date=date(2025, 12, 10))
    return Case.objects.get(pk=case.pk)


def assert_counters_right(w, orgs, admins=()):
    """The kept counters equal a recount, and the report's figures equal the direct counts; the
    reminder counts of `admins` (and the world's) read from the counters equal those counted from
    the Deadline table."""
    assert counters.counters_differences() == {}
    assert_dues_right([w.branch_admin, w.sibling_admin, w.committee_admin, w.other_committee_admin, *admins])
    for org in orgs:
        for year in YEARS:
            flow, direct = stats.flow_of(org, year), direct_flow(org, year)
            for event in stats.EVENT_KEYS:
                assert flow.total[event] == len(direct[event][0]), (org.name, year, event)
                assert flow.by_month[event] == [len(direct[event][m]) for m in range(1, 13)], (org.name, year, event)
        stock = direct_stock(org)
        assert stats.stock_by_org([org.path])[org.path] == {s: stock.get(s, 0) for s in stats.STAGE_ORDER}


def assert_dues_right(users):
    """On the day of every stored due date, the day after it and a week before it (some deadlines
    overdue, some within the week, some later), each user's reminder counts read from StatsDue equal
    those counted from the Deadline table (cases.selectors.reminders.reminder_counts)."""
    dates = set(Deadline.objects.values_list("due_date", flat=True))
    days = sorted({d + timedelta(days=k) for d in dates for k in (-7, 0, 1)})
    both = False
    for user in users:
        paths = scope_paths(user, ADMIN_ROLES)
        for today in days:
            kept = stats.due_counts(paths, today=today)
            assert kept == reminder_counts(user, today=today), (user.username, today)
            both = both or any(r["overdue"] for r in kept) and any(r["week"] for r in kept)
    assert both, "no day with deadlines both overdue and due within the week"


def test_counters_follow_every_kind_of_write(stages_world):
    w = stages_world
    orgs = [w.committee, w.branch, w.sibling, w.other_committee]
    # Nested grants count once; grants in two trees add up.
    both_trees = admin(Role.COMMITTEE_ADMIN, w.committee)
    RoleGrant.objects.create(user=both_trees, role=Role.BRANCH_ADMIN, org=w.branch)
    RoleGrant.objects.create(user=both_trees, role=Role.COMMITTEE_ADMIN, org=w.other_committee)
    assert_counters_right(w, orgs, [both_trees])
    assert StatsCount.objects.filter(org_path=w.committee.path, n__gt=0).exists()
    assert StatsDue.objects.filter(org_path=w.committee.path, n__gt=0).exists()

    cancelled = _conversion(w, "吴取消", ConversionOutcome.CANCEL)
    extended = _conversion(w, "吴延长", ConversionOutcome.EXTEND, months=6)
    assert (cancelled.stage, extended.stage, extended.probation_extended) == (Stage.CANCELLED, Stage.PROBATIONARY, True)
    assert stats.flow_of(w.committee, 2025).total["extended"] == 1
    assert_counters_right(w, orgs)

    case_transfer(case=w.activist_case, to_branch=w.sibling, actor=w.branch_admin, transferred_on=w.today)
    case_return(case=w.target, actor=w.branch_admin, point=ReturnPoint.ACTIVIST, reason="材料不全",
                expected_stage=Stage.TARGET, effective_date=w.today)
    assert_counters_right(w, orgs)
    assert stats.flow_of(w.sibling, w.today.year).total["transfer_in"] == 1

    # A letter returned is no longer an application received; an erased person is nowhere.
    applicant = paper_case(w.branch, w.branch_admin, received=date(2026, 3, 2), name="王退回")
    before = stats.flow_of(w.branch, 2026).total["applied"]
    letter_return(letter=applicant.applicationletters.get(), actor=w.branch_admin, reason="请重写")
    assert stats.flow_of(w.branch, 2026).total["applied"] == before - 1
    erased = paper_case(w.branch, w.branch_admin, received=date(2026, 3, 3), name="王误录")
    assert stats.flow_of(w.branch, 2026).total["applied"] == before
    case_erase(case=erased, actor=w.branch_admin, reason="导入有误")
    assert stats.flow_of(w.branch, 2026).total["applied"] == before - 1
    assert not StatsPersonEvent.objects.filter(case=erased).exists()
    assert_counters_right(w, orgs)

    # An import enters people inside deadlines_deferred(): counted once, when the block ends.
    before = stats.flow_of(w.branch, 2026).total["applied"]
    with transaction.atomic(), deadlines_deferred():
        for name in ("王导入", "王导二"):
            paper_case(w.branch, w.branch_admin, received=date(2026, 4, 1), name=name)
        assert stats.flow_of(w.branch, 2026).total["applied"] == before
    assert stats.flow_of(w.branch, 2026).total["applied"] == before + 2
    assert_counters_right(w, orgs)

    # The tree changes: the branch moves under a 党总支 (its old parent keeps nothing of it twice),
    # then the sibling branch merges into it.
    general = org_create(actor=w.committee_admin, parent=w.committee, kind=OrgKind.GENERAL_BRANCH, name="机关党总支")
    old_path = w.branch.path
    moved = org_move(actor=w.committee_admin, node=w.branch, target=general)
    assert not StatsCount.objects.filter(org_path=old_path, n__gt=0).exists()
    assert not StatsDue.objects.filter(org_path=old_path, n__gt=0).exists()
    assert StatsDue.objects.filter(org_path=general.path, n__gt=0).exists()
    general_admin = admin(Role.COMMITTEE_ADMIN, general)
    assert_counters_right(w, [*orgs[:1], moved, general, w.sibling, w.other_committee], [both_trees, general_admin])
    RoleGrant.objects.filter(org=w.sibling).delete()
    sibling_path = w.sibling.path
    assert StatsDue.objects.filter(org_path=sibling_path, n__gt=0).exists()
    branch_merge(actor=w.committee_admin, source=w.sibling, target=moved, merged_on=w.today)
    assert not StatsDue.objects.filter(org_path=sibling_path, n__gt=0).exists()
    assert_counters_right(w, [w.committee, moved, general, w.other_committee], [both_trees, general_admin])


def test_rebuild_command_recounts_and_check_finds_a_wrong_counter(stages_world):
    w = stages_world
    row = StatsCount.objects.filter(org_path=w.committee.path, n__gt=0).first()
    StatsCount.objects.filter(pk=row.pk).update(n=row.n + 5)
    with pytest.raises(CommandError, match="differ"):
        call_command("stats_rebuild", "--check")
    call_command("stats_rebuild")
    assert counters.counters_differences() == {}
    call_command("stats_rebuild", "--check")
    assert StatsCount.objects.get(org_path=row.org_path, event=row.event, year=row.year, period=row.period).n == row.n


def test_rebuild_and_check_cover_the_deadlines_counters(stages_world):
    w = stages_world
    due = StatsDue.objects.filter(org_path=w.branch.path, n__gt=0).first()
    StatsDue.objects.filter(pk=due.pk).update(n=due.n - 1)
    StatsDue.objects.create(org_path=w.committee.path, kind=due.kind, due_date=date(2001, 1, 1), n=1)
    found = counters.counters_differences()
    assert set(found) == {"dues"}
    assert found["dues"] == {(due.org_path, due.kind, due.due_date): (due.n - 1, due.n),
                             (w.committee.path, due.kind, date(2001, 1, 1)): (1, 0)}
    with pytest.raises(CommandError, match="2 counters differ"):
        call_command("stats_rebuild", "--check")
    call_command("stats_rebuild")
    assert counters.counters_differences() == {}
    assert StatsDue.objects.get(org_path=due.org_path, kind=due.kind, due_date=due.due_date).n == due.n


def test_above_the_age_limit_the_stages_ages_come_from_the_nightly_count(stages_world, monkeypatch):
    w = stages_world
    direct = structure.structure_by_stage(w.committee, w.today)  # counted per request
    monkeypatch.setattr(structure, "AGE_LIMIT", 0)
    assert all(s["young"] is None and set(s["age"].values()) == {None}
               for s in structure.structure_by_stage(w.committee, w.today).values())
    call_command("stats_ages")
    nightly = structure.structure_by_stage(w.committee, w.today)
    for stage, column in nightly.items():
        assert column["age"] == direct[stage]["age"] and column["young"] == direct[stage]["young"], stage
        assert column["total"] == direct[stage]["total"]
    assert {c.get("ages_on") for c in nightly.values() if c["total"]} == {clock.today()}

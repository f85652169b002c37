"""generate_data at tier T0 (a tiny university): the rows are valid, deterministic and exactly what the
site's own rules and services would have produced."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F

from bench.datagen.activists import add_months
from bench.datagen.generation import BENCH_MIDDLE_USER, BENCH_USERS, Options, generate
from bench.datagen.writers import Writer
from partydev.audit.models import AuditEvent
from partydev.audit.verify import verify
from partydev.cases.models import (
    ApplicationLetter,
    Case,
    ContactAssignment,
    Deadline,
    Filing,
    Opinion,
    StageChange,
    Talk,
    ThoughtReport,
)
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import deadlines_refresh
from partydev.common import dates
from partydev.common.idcard import validate_id_number
from partydev.orgs.models import Member, Organisation, OrgKind
from partydev.process.deadlines import MILESTONES
from partydev.process.enums import HALF_YEARLY_OPINIONS, FilingStatus, Stage
from partydev.process.gates import FILE_ACTIVIST, problems
from partydev.process.problems import Problem
from partydev.process.rules.cultivation import half_years
from partydev.process.transitions import TRANSITIONS

TODAY = date(2026, 11, 20)
# Due on the day of filing by design (process.deadlines._filing_waiting), so "overdue" at once.
NOT_A_BREACH = {"filing_review", *MILESTONES}


class _Rollback(Exception):
    pass


def _snapshot():
    """Every generated row in primary-key order; encrypted fields read back as plaintext (their
    ciphertext differs on every run: Fernet's random IV), passwords left out (salted hashes)."""
    models = [model for model, _ in Writer.SPECS.values()]
    snap = {}
    for model in models:
        names = [f.attname for f in model._meta.concrete_fields if f.name != "password"]
        snap[model._meta.label] = list(model.objects.order_by("pk").values_list(*names))
    return snap


def _generate_and_snapshot(seed):
    try:
        with transaction.atomic():
            generate(Options(tier="T0", seed=seed, today=TODAY), out=lambda s: None)
            snap = _snapshot()
            raise _Rollback
    except _Rollback:
        pass
    return snap


@pytest.mark.django_db
def test_same_seed_same_rows_other_seed_other_rows():
    first, second, other = _generate_and_snapshot(7), _generate_and_snapshot(7), _generate_and_snapshot(8)
    assert first == second
    assert first["cases.Case"] and first["cases.Case"] != other["cases.Case"]


@pytest.fixture
def generated(db):
    summary = generate(Options(tier="T0", seed=3, today=TODAY, password="Bench@2026x", keep_plan=True),
                       out=lambda s: None)
    return summary


def test_id_numbers_valid_and_unique(generated):
    numbers = [c.id_number for c in Case.objects.all()]
    assert len(numbers) == len(set(numbers)) == len(generated.cases) > 100
    for number in numbers:
        validate_id_number(number, today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM cases_case")
        stored = cursor.fetchall()
    assert not any(number in numbers for number, _ in stored)  # encrypted at rest
    assert all(not phone.startswith("1") for _, phone in stored)


def test_tree_is_a_valid_treebeard_tree(generated):
    tree = Organisation.objects
    assert tree.find_problems() == ([], [], [], [], [])
    root = tree.get_root_nodes().get()
    assert tree.get_descendant_count(root) == Organisation.objects.count() - 1
    names = [c.name for c in tree.get_children(root)]
    assert names == sorted(names)  # node_order_by = ["name"]
    branch = Organisation.objects.filter(kind=OrgKind.BRANCH).first()
    groups = list(tree.get_children(branch))
    assert groups and all(g.kind == OrgKind.GROUP for g in groups)
    added = tree.add_child(branch, {"name": "第三党小组", "kind": OrgKind.GROUP})
    assert tree.get_parent(added) == branch and tree.find_problems() == ([], [], [], [], [])


def test_rosters_have_three_full_members_each(generated):
    for branch in Organisation.objects.filter(kind=OrgKind.BRANCH):
        assert branch.members.filter(member_type="full").count() >= 3
    assert Member.objects.filter(group__isnull=True).count() == 0


def test_filings_go_to_the_owning_committee(generated):
    filings = Filing.objects.select_related("case__branch", "committee")
    assert filings.exists()
    for filing in filings:
        if not filing.case.transfers.exists():
            assert filing.committee == filing.case.branch.owning_committee()
            assert filing.committee_path == filing.committee.path


def test_stored_deadlines_are_what_the_services_compute(generated):
    for case in Case.objects.all():
        stored = sorted(Deadline.objects.filter(case=case).values_list(
            "kind", "due_date", "rule", "rule_version", "org_path"))
        deadlines_refresh(case=case)
        fresh = sorted(Deadline.objects.filter(case=case).values_list(
            "kind", "due_date", "rule", "rule_version", "org_path"))
        assert stored == fresh, case.name


def test_stage_mix_and_broken_share(generated):
    stages = {c.stage for c in generated.cases}
    assert stages == {Stage.APPLICANT, Stage.ACTIVIST}
    broken = sum(c.broken for c in generated.cases)
    assert 0.03 < broken / len(generated.cases) < 0.25


def _breaches(case):
    return Deadline.objects.filter(case=case, due_date__lt=TODAY).exclude(kind__in=NOT_A_BREACH)


def _warnings(facts):
    return [p.code for p in problems(facts, FILE_ACTIVIST, TODAY) if not p.blocking]


def test_valid_cases_obey_the_rules(generated):
    for planned in generated.cases:
        if planned.broken:
            continue
        case = Case.objects.get(pk=planned.id)
        facts = load_facts(case)
        assert not _breaches(case).exists(), (planned.point, list(_breaches(case).values("kind", "due_date")))
        if facts.talks:
            assert _warnings(facts) == [], planned.point
            _assert_in_order(facts)
        if case.stage == Stage.ACTIVIST:
            _assert_activist_kept(case, facts)


def _assert_in_order(facts):
    received, talk = facts.received_date, facts.first_talk.talk_date
    assert received <= talk <= dates.add_months(received, 1)
    for rec in facts.recommendations:
        assert rec.recommended_on > talk
    for res in facts.resolutions:
        assert res.meeting_date > min(r.recommended_on for r in facts.recommendations)
    for filing in facts.filings:
        assert filing.created_at.date() > facts.passed_resolution.meeting_date


def _assert_activist_kept(case, facts):
    filing = facts.accepted_activist_filing
    assert filing.effective_date == case.activist_since >= filing.created_at.date()
    assert facts.active_contacts
    last = facts.last_report
    assert last is None or dates.add_months(last.written_on, 3) >= TODAY
    for kind in HALF_YEARLY_OPINIONS:
        for period in half_years(facts, kind, TODAY):
            assert period.state(TODAY) != "overdue", (kind, period)
    assert StageChange.objects.filter(case=case, action="activist_accepted").count() == 1


def test_broken_cases_give_reminders_or_warnings(generated):
    found = 0
    for planned in generated.cases:
        if not planned.broken:
            continue
        case = Case.objects.get(pk=planned.id)
        facts = load_facts(case)
        filed_warnings = [w["code"] for f in facts.filings for w in f.warnings]
        assert _breaches(case).exists() or "late_talk" in _warnings(facts) + filed_warnings, planned.point
        found += 1
    assert found


def test_records_in_proportion(generated):
    activists = Case.objects.filter(stage=Stage.ACTIVIST).count()
    assert ThoughtReport.objects.count() > 2 * activists
    assert Opinion.objects.count() > 2 * activists
    assert ContactAssignment.objects.count() >= 0.8 * activists
    assert Talk.objects.count() > Case.objects.count() / 2
    assert ApplicationLetter.objects.count() >= Case.objects.count()
    assert Filing.objects.filter(status=FilingStatus.PENDING).exists()


def test_audit_events_form_a_valid_hash_chain(generated):
    report = verify()
    assert report.fault is None
    assert report.count == AuditEvent.objects.count() > 0


def test_bench_accounts_log_in(generated):
    User = get_user_model()
    for username in BENCH_USERS:
        assert User.objects.get(username=username).check_password("Bench@2026x")
    others = User.objects.exclude(username__in=[*BENCH_USERS, BENCH_MIDDLE_USER])
    assert not any(u.has_usable_password() for u in others)


def test_fast_add_months_matches_the_counting_rule():
    day = date(2023, 1, 1)
    while day < date(2025, 3, 1):
        for n in (-12, -6, -3, -1, 1, 2, 3, 6, 12, 18):
            assert add_months(day, n) == dates.add_months(day, n)
        day += timedelta(days=1)


def test_command_refuses_a_database_with_cases(generated):
    with pytest.raises(CommandError, match="not empty"):
        call_command("generate_data", tier="T0", seed=1)


@pytest.mark.django_db
def test_command_prints_counts_and_bench_accounts(capsys):
    call_command("generate_data", "--tier", "T0", "--seed", "1", "--today", TODAY.isoformat(), "--scale", "0.5")
    out = capsys.readouterr().out
    assert "bench_branch" in out and "case" in out
    assert 40 <= Case.objects.count() <= 80


def test_every_stage_change_is_a_declared_transition(generated):
    """The generator writes stage changes through process.transitions, as case_transition does."""
    declared = {(t.history, source, t.target) for t in TRANSITIONS.values() for source in t.source}
    changes = set(StageChange.objects.exclude(from_stage=F("to_stage")).values_list("action", "from_stage",
                                                                                   "to_stage"))
    assert changes and changes <= declared


def test_filing_warnings_have_the_shape_the_service_stores(generated):
    for warnings in Filing.objects.exclude(warnings=[]).values_list("warnings", flat=True)[:50]:
        assert all(Problem.from_json(w).as_json() == w for w in warnings)

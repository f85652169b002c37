"""Every figure of the development report equals a direct count on the same data: the `stages_world`
(people at every stage, a full member converted in 2025) plus a cancelled probation, a transfer
between the two branches and a return, each made through the services. The direct counts below walk
every person's rows in Python, one at a time, instead of the report's GROUP BY queries."""

from collections import defaultdict
from datetime import date
from statistics import median

import pytest

from partydev.cases.models import Case
from partydev.cases.services import case_return, case_transfer, filing_accept, meeting_record, request_send
from partydev.demo import entries, steps
from partydev.orgs.models import Member, MemberType
from partydev.process.enums import (
    STAGE_ORDER,
    Attendance,
    ConversionOutcome,
    FilingKind,
    LetterStatus,
    MeetingPurpose,
    ReturnPoint,
    Stage,
)
from partydev.stats import selectors as stats
from partydev.stats import structure
from tests.factories import paper_case
from tests.stats.direct import direct_flow, under

YEARS = (2023, 2024, 2025, 2026)


def _cancelled(w):
    """Steps 1–21 in 2023–2024, then the conversion meeting cancels the probation (approved 2025-12-10)."""
    admin_, committee = w.branch_admin, w.committee_admin
    case = paper_case(w.branch, admin_, received=date(2023, 9, 5), name="吴取消")
    entries.prepare_for_filing(case, admin_)
    steps.make_activist(case, admin_, committee, date(2023, 10, 9), date(2023, 10, 12))
    steps.make_target(case, admin_, committee, date(2024, 10, 14), date(2024, 10, 17))
    steps.prepare_admission(case, admin_, committee, {
        "introducers": date(2024, 10, 21), "review": date(2024, 11, 1),
        "training": (date(2024, 11, 4), date(2024, 11, 7)), "examination": date(2024, 11, 11),
        "pre_review": date(2024, 11, 14), "volunteer": date(2024, 11, 15)}, "CANCEL-0001")
    steps.admit(case, admin_, committee, {"meeting": date(2024, 11, 22), "talk": date(2024, 11, 27),
                                          "approval": date(2024, 12, 2)})
    steps.after_admission(case, admin_, {"placement": date(2024, 12, 5), "oath": date(2024, 12, 6)})
    entries.conversion_application(case, admin_, date(2025, 11, 20), content="申请转为正式党员。")
    full = Member.objects.filter(branch=w.branch, member_type=MemberType.FULL, active=True)
    attendance = {m: (Attendance.PRESENT, "") for m in full}
    meeting_record(case=case, actor=admin_, purpose=MeetingPurpose.CONVERSION, meeting_date=date(2025, 12, 3),
                   attendance=attendance, votes={"votes_for": len(attendance), "votes_against": 0,
                                                 "votes_abstain": 0},
                   resolution="取消预备党员资格。", outcome=ConversionOutcome.CANCEL)
    filing = request_send(case=Case.objects.get(pk=case.pk), actor=admin_, kind=FilingKind.CONVERSION,
                          sent_on=date(2025, 12, 4))
    filing_accept(filing=filing, actor=committee, effective_date=date(2025, 12, 10))
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def w(stages_world):
    w = stages_world
    w.cancelled = _cancelled(w)
    assert w.cancelled.stage == Stage.CANCELLED
    # 组织关系转接: the own branch's activist moves to the sibling branch today.
    case_transfer(case=w.activist_case, to_branch=w.sibling, actor=w.branch_admin, transferred_on=w.today)
    # 退回重新备案: the development target goes back to the activist stage.
    case_return(case=w.target, actor=w.branch_admin, point=ReturnPoint.ACTIVIST, reason="材料不全",
                expected_stage=Stage.TARGET, effective_date=w.today)
    return w


def _orgs(w):
    return [w.committee, w.branch, w.sibling, w.other_committee]


@pytest.mark.parametrize("year", YEARS)
def test_flow_equals_direct_counts(w, year):
    for org in _orgs(w):
        flow, direct = stats.flow_of(org, year), direct_flow(org, year)
        for event in stats.EVENT_KEYS:
            assert flow.total[event] == len(direct[event][0]), (org.name, year, event)
            assert flow.by_month[event] == [len(direct[event][m]) for m in range(1, 13)], (org.name, year, event)
            quarters = [len(set().union(*(direct[event][m] for m in range(3 * q - 2, 3 * q + 1))))
                        for q in range(1, 5)]
            assert flow.by_quarter[event] == quarters, (org.name, year, event)


def test_the_scenario_is_in_the_figures(w):
    """The transfer, the return and the cancellation each show where they happened."""
    year = w.today.year
    assert stats.flow_of(w.branch, year).total["transfer_out"] == 1
    assert stats.flow_of(w.sibling, year).total["transfer_in"] == 1
    committee = stats.flow_of(w.committee, year).total
    assert (committee["transfer_in"], committee["transfer_out"]) == (0, 0)  # a move inside the committee
    assert committee["returned"] >= 1
    assert stats.flow_of(w.committee, 2025).total["cancelled"] == 1
    assert stats.flow_of(w.committee, 2025).total["full"] == 1  # 吴正式, converted 2025-12-10
    assert stats.flow_of(w.committee, 2024).total["probationary"] == 2  # 吴正式 and 吴取消
    assert stats.flow_of(w.other_committee, 2025).total == dict.fromkeys(stats.EVENT_KEYS, 0)


@pytest.mark.parametrize("year", YEARS)
def test_units_equal_their_own_reports(w, year):
    """The drill-down rows: a unit's row is its own report's year, and its stock a direct count."""
    rows = stats.by_unit(w.committee, year)
    assert [r["org"] for r in rows] == [w.branch, w.sibling]
    for row in rows:
        assert row["counts"] == stats.flow_of(row["org"], year).total
        live = [c for c in Case.objects.filter(erased_at__isnull=True) if under(c, row["org"])]
        assert row["stock"] == {s: sum(c.stage == s for c in live) for s in STAGE_ORDER}


def _age(born, on):
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_structure_by_stage_equals_direct_counts(w):
    s = structure.structure_by_stage(w.committee, w.today)
    live = [c for c in Case.objects.filter(erased_at__isnull=True) if under(c, w.committee)]
    for stage in STAGE_ORDER:
        people = [c for c in live if c.stage == stage]
        assert s[stage]["total"] == len(people)
        assert s[stage]["gender"] == {g: sum(c.gender == g for c in people) for g in ("M", "F")}
        assert (s[stage]["han"], s[stage]["minority"]) == (sum(c.ethnicity == "汉族" for c in people),
                                                          sum(c.ethnicity != "汉族" for c in people))
        assert s[stage]["young"] == sum(_age(c.birth_date, w.today) <= 35 for c in people)
        assert sum(s[stage]["age"].values()) == len(people)
        for e, n in s[stage]["education"].items():
            assert n == sum(c.education == e for c in people)


@pytest.mark.parametrize("year", YEARS)
def test_new_members_and_cohort_equal_direct_counts(w, year):
    admitted = {c for c in Case.objects.filter(erased_at__isnull=True) if under(c, w.committee)
                and any(h.action == "admitted" and h.effective_date.year == year for h in c.history.all())}
    new = structure.structure_of_new_members(w.committee, year)
    assert new["total"] == len(admitted) == stats.flow_of(w.committee, year).total["probationary"]
    assert new["gender"]["F"] == sum(c.gender == "F" for c in admitted)
    # Ages on the (latest) day of admission of the year, education, 汉族 / 少数民族.
    days = {c.pk: max(h.effective_date for h in c.history.all() if h.action == "admitted" and h.effective_date.year == year)
            for c in admitted}
    ages = [_age(c.birth_date, days[c.pk]) for c in admitted]
    assert new["young"] == sum(a <= 35 for a in ages)
    assert sum(new["age"].values()) == len(ages)
    for key, _label, low, high in structure.AGE_BANDS:
        assert new["age"][key] == sum(low <= a <= high for a in ages), key
    assert new["han"] == sum(c.ethnicity == "汉族" for c in admitted)
    assert new["minority"] == len(admitted) - new["han"]
    for education, n in new["education"].items():
        assert n == sum(c.education == education for c in admitted), education

    applied = direct_flow(w.committee, year)["applied"][0]
    cohort = stats.cohort(w.committee, year)
    assert cohort["total"] == len(applied)
    rank = {s: i for i, s in enumerate(STAGE_ORDER)} | {Stage.CANCELLED: 3}
    stages = [Case.objects.get(pk=pk).stage for pk in applied]
    for i, stage in enumerate(STAGE_ORDER):
        assert cohort["reached"][stage]["n"] == sum(rank[s] >= i for s in stages)


@pytest.mark.parametrize("year", YEARS)
def test_median_days_equal_direct_counts(w, year):
    got = {r["key"]: r for r in stats.intervals(w.committee, year)}
    expected = defaultdict(list)
    for case in Case.objects.filter(erased_at__isnull=True):
        if not under(case, w.committee):
            continue
        approved = sorted((x.received_date for x in case.applicationletters.all()
                           if x.status == LetterStatus.APPROVED), reverse=True)
        since = {"activist_accepted": approved[0] if approved else None, "target_accepted": case.activist_since,
                 "admitted": case.target_since, "converted": case.probation_start}
        keys = {"activist_accepted": "applied_activist", "target_accepted": "activist_target",
                "admitted": "target_probationary", "converted": "probationary_full"}
        for h in case.history.all():
            if h.action in since and h.effective_date.year == year and since[h.action] is not None \
                    and h.effective_date >= since[h.action]:
                expected[keys[h.action]].append((h.effective_date - since[h.action]).days)
    for key, row in got.items():
        days = expected[key]
        assert row["people"] == len(days), key
        assert row["median"] == (median(days) if days else None), key

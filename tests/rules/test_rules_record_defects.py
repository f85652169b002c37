"""Rule defects fixed together: 2026 §9 contacts who can no longer serve, the §11 half-year windows
(late records, the check at 确定发展对象), the article of every rule in both versions, and the records
that make 公示 places, the voting method, 逐个表决 and the 党委会's own vote judgeable.

Boundary days: OLD = 2026-05-10 (2014 text), NEW = 2026-05-11 (2026 text, C7)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import (
    BranchMeeting,
    BranchResolution,
    Case,
    CommitteeTalk,
    Filing,
    Opinion,
    PublicNotice,
    VolunteerForm,
)
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import Refused, filing_accept, meeting_record
from partydev.cases.services.derived import deadlines_refresh
from partydev.common.dates import add_months
from partydev.orgs.models import Member, OrgKind
from partydev.process.deadlines import KINDS
from partydev.process.enums import HALF_YEARLY_OPINIONS, MeetingPurpose, OpinionKind, VotingMethod
from partydev.process.facts import Candidate, CaseFacts
from partydev.process.gates import CONFIRM_TARGET, FILE_APPROVAL, FILE_TARGET, problems
from partydev.process.problems import MESSAGES
from partydev.process.rules import cultivation
from partydev.process.rules.admission import committee_vote_problems
from partydev.process.rules.members import contact_replacement_problems
from partydev.process.schedule import due_items
from partydev.process.timeline import build_timeline
from partydev.process.versions import ARTICLES, V2014, V2026, article_ref
from partydev.webforms.step_records import PublicNoticeForm
from tests.factories import child, committee, db_state

OLD, NEW = date(2026, 5, 10), date(2026, 5, 11)
COMMITTEE = "0001"


def codes(found):
    return {p.code: p.blocking for p in found}


def article(found, code):
    return next(p.article for p in found if p.code == code)


# --- 1. 2026 §9: a contact who can no longer serve ------------------------------------------------

def member(**kw):
    base = {"pk": 1, "name": "王建国", "member_type": "full", "active": True, "branch_path": COMMITTEE + "00010001"}
    return Candidate(**(base | kw))


CONDITIONS = [
    ({"member_type": "probationary"}, "contact_now_probationary"),
    ({"active": False}, "contact_off_roster"),
    ({"branch_path": "000200010001"}, "contact_moved_out"),
    ({"discipline": "warning", "discipline_until": NEW}, "contact_under_discipline"),
]


@pytest.mark.parametrize("change, code", CONDITIONS)
def test_a_contact_who_can_no_longer_serve_is_flagged_from_the_2026_text(zh, change, code):
    found = contact_replacement_problems([member(**change)], committee_path=COMMITTEE, on=NEW)
    assert codes(found) == {code: False}  # 应当及时予以调整: a warning (C9)
    assert found[0].article == "2026年细则第九条"
    # The 2014 text has no such sentence: nothing on the day before.
    assert contact_replacement_problems([member(**change)], committee_path=COMMITTEE, on=OLD) == []


def test_a_fit_contact_and_an_expired_discipline_are_not_flagged():
    fit = [member(), member(pk=2, discipline="warning", discipline_until=NEW - timedelta(days=1))]
    assert contact_replacement_problems(fit, committee_path=COMMITTEE, on=NEW) == []


def activist_facts(as_of, candidates):
    since = date(2026, 1, 5)
    return CaseFacts(case=Case(stage="activist", activist_since=since), contact_candidates=candidates,
                     committee_path=COMMITTEE, as_of=as_of,
                     contacts=[type("A", (), {"ended_on": None, "assigned_on": since})()])


@pytest.mark.parametrize("as_of, due", [(OLD, None), (NEW, NEW)])
def test_replace_contact_reminder_from_the_day_it_is_seen(as_of, due):
    items = {i.kind: i for i in due_items(activist_facts(as_of, [member(active=False)]))}
    assert (items["replace_contact"].due_date if "replace_contact" in items else None) == due
    if due:
        assert items["replace_contact"].rule == "contacts" and items["replace_contact"].rule_version == "2026"
    assert "replace_contact" in KINDS and KINDS["replace_contact"].anchor == "contacts"


def test_the_timeline_row_asks_to_replace_the_contact(zh):
    rows = build_timeline(activist_facts(NEW, [member(member_type="probationary")]), NEW)
    row = next(r for r in rows if r.step.code == "contacts")
    assert row.state == "due" and row.due_on == NEW and row.article == "2026年细则第九条"
    assert "王建国" in row.note and "不再是正式党员" in row.note
    assert build_timeline(activist_facts(OLD, [member(member_type="probationary")]), OLD)[4].note == ""


def test_the_selector_loads_the_contacts_and_the_committee(w, rk, client):
    case = rk.activist(w, date(2026, 6, 1))
    facts = load_facts(case)
    assert facts.committee_path == w.committee.path
    assert [c.name for c in facts.contact_candidates] == [w.full[0].name]
    assert facts.contact_candidates[0].assigned_on == date(2026, 6, 1)
    assert facts.as_of == date(2030, 1, 1)  # the moved clock
    assert cultivation.contact_replacement(facts, facts.as_of) == []

    # A sibling branch under the same committee is fine; a branch of another committee is not.
    contact = Member.objects.get(pk=w.full[0].pk)
    contact.branch = w.sibling
    contact.save()
    assert cultivation.contact_replacement(load_facts(case), date(2030, 1, 1)) == []
    other = child(committee("另一党委"), "外单位党支部")
    contact.branch = other
    contact.save()
    assert codes(cultivation.contact_replacement(load_facts(case), date(2030, 1, 1))) == {"contact_moved_out": False}

    deadlines_refresh(case=case)
    assert rk.deadlines(case)["replace_contact"] == date(2030, 1, 1)
    client.force_login(w.branch_admin)
    html = client.get(reverse("pc:case_detail", args=[case.public_id]), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "已转到本党委以外的党支部".encode() in html or b"moved to a branch outside" in html


# --- 2. §11 half-year windows ---------------------------------------------------------------------

SINCE = date(2025, 8, 31)  # periods: 08-31..02-28, 03-01..08-31, 09-01..2027-02-28


def test_a_late_record_does_not_shift_or_freeze_the_windows():
    p1_end = date(2026, 2, 28)
    # Dated the day after period one ends: counts for period two, not one.
    assert cultivation.first_open_period(SINCE, [p1_end + timedelta(days=1)]) == (date(2026, 9, 1), date(2027, 2, 28))
    # On the last day of period one: counts for period one.
    assert cultivation.first_open_period(SINCE, [p1_end]) == (date(2026, 3, 1), date(2026, 8, 31))
    # Nothing recorded: period one stays due (overdue once past).
    assert cultivation.first_open_period(SINCE, []) == (SINCE, p1_end)
    # Records in periods one and three: the reminder is period four, periods still from SINCE.
    assert cultivation.first_open_period(SINCE, [date(2025, 9, 1), date(2026, 9, 1)]) == (
        date(2027, 3, 1), date(2027, 8, 31))


def target_facts(meeting_on, opinion_days, since=SINCE):
    return CaseFacts(
        case=Case(stage="activist", activist_since=since),
        all_resolutions=[BranchResolution(purpose="target", result="passed", meeting_date=meeting_on)],
        opinions=[Opinion(kind=k, given_on=d) for k in OpinionKind for d in opinion_days])


@pytest.mark.parametrize("since, meeting_on, version", [
    (date(2025, 3, 1), date(2026, 3, 1), "2014"),  # exactly one year: period two ends on the meeting day
    (SINCE, date(2026, 9, 10), "2026"),
])
def test_every_completed_half_year_needs_its_opinions(zh, since, meeting_on, version):
    first = since + timedelta(days=30)
    found = problems(target_facts(meeting_on, [first], since), FILE_TARGET, date(2026, 9, 20))
    missing = {p.code: p for p in found if p.code.startswith("half_year_no_")}
    assert set(missing) == {f"half_year_no_{k.value}" for k in HALF_YEARLY_OPINIONS}
    assert not any(p.blocking for p in missing.values())  # a warning: see target.half_year_problems
    assert all(p.params["n"] == 2 for p in missing.values())
    assert next(iter(missing.values())).article == f"{version}年细则第十一条"
    # An opinion on the last day of period two (the meeting day in the 2014 case) completes it.
    found = problems(target_facts(meeting_on, [first, add_months(since, 12)], since), FILE_TARGET, date(2026, 9, 20))
    assert not [p for p in found if p.code.startswith("half_year_no_")]
    # A period-one opinion dated after period one ended counts for period two, not period one.
    late = add_months(since, 6) + timedelta(days=1)
    found = problems(target_facts(meeting_on, [late, add_months(since, 12)], since), FILE_TARGET, date(2026, 9, 20))
    assert {p.params["n"] for p in found if p.code.startswith("half_year_no_")} == {1}


def test_a_period_not_completed_on_the_meeting_day_is_not_required():
    # One day before period two ends: only period one is complete (and the year is not, which blocks).
    found = codes(problems(target_facts(date(2026, 8, 30), [date(2025, 10, 1)]), FILE_TARGET, date(2026, 9, 1)))
    assert not any(c.startswith("half_year_no_") for c in found)


# --- 3. the article of every rule in both versions (process-reference.md) ------------------------

EXPECTED = {
    "age": (5, 5), "where_to_apply": (6, 6), "talk_within_month": (7, 7), "activist_determination": (8, 8),
    "activist_filing": (8, 8), "contacts": (9, 9), "half_year_inspection": (11, 11),
    "transfer_continues": (12, 12), "target_determination": (13, 13), "introducers": (14, 14),
    "political_review": (16, 16), "training": (17, 17), "pre_review": (19, 18), "admission_meeting": (20, 19),
    "admission_vote": (21, 20), "approval": (23, 22), "committee_talk": (24, 23), "committee_vote": (25, 24),
    "approval_time": (26, 25), "oath": (30, 29), "probation_education": (31, 30), "probation": (32, 31),
    "extension": (32, 31), "conversion": (33, 32), "conversion_approval": (34, 33),
    "probationer_transfer": (35, 34), "transfer_postponement": (36, 35), "archive": (37, 36),
}


@pytest.mark.parametrize("rule", sorted(ARTICLES))
def test_article_of_each_rule_in_both_versions(rule):
    assert (ARTICLES[rule]["2014"], ARTICLES[rule]["2026"]) == EXPECTED[rule]


def test_every_rule_key_has_an_expected_article():
    assert set(ARTICLES) <= set(EXPECTED)
    assert {k.rule for k in KINDS.values()} <= set(EXPECTED)


@pytest.mark.parametrize("kind, rule, old, new", [
    ("conversion", "probation", "2014年细则第三十二条", "2026年细则第三十一条"),
    ("probation_inspection", "probation_education", "2014年细则第三十一条", "2026年细则第三十条"),
    ("replace_contact", "contacts", "2014年细则第九条", "2026年细则第九条"),
])
def test_deadline_kinds_cite_their_article(zh, kind, rule, old, new):
    assert KINDS[kind].rule == rule
    assert (article_ref(rule, V2014), article_ref(rule, V2026)) == (old, new)


def admission_facts(on, **meeting):
    return CaseFacts(
        case=Case(stage="target"),
        filings=[Filing(kind="pre_review", status="accepted", effective_date=on)],
        volunteer_forms=[VolunteerForm(serial_number="ZY1", filled_on=on)],
        meetings=[BranchMeeting(purpose="admission", meeting_date=on, **({"passed": True} | meeting))],
        committee_talks=[CommitteeTalk(talk_date=on)])


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第二十一条"), (NEW, "2026年细则第二十条")])
def test_a_failed_vote_cites_the_decision_article(zh, on, expected):
    assert article(problems(admission_facts(on, passed=False), FILE_APPROVAL, on), "meeting_failed") == expected


def test_every_new_message_is_in_the_table():
    for code in ("contact_off_roster", "half_year_no_education", "notice_one_place", "meeting_not_secret_ballot",
                 "vote_not_individual", "no_committee_vote", "committee_vote_failed"):
        assert code in MESSAGES


# --- 4. records: 公示 places, voting method, 逐个表决, the 党委会's vote ------------------------------

def notice_facts(**notice):
    agreed = Filing(kind="target", status="accepted", effective_date=date(2026, 6, 1))
    base = {"start_date": date(2026, 6, 2), "end_date": date(2026, 6, 8), "place": "单位公示栏", "result": "no_objection"}
    return CaseFacts(case=Case(stage="activist"), filings=[agreed], notices=[PublicNotice(**(base | notice))])


def test_a_mobile_persons_notice_must_be_at_both_places(zh):
    found = problems(notice_facts(mobile=True, second_place=""), CONFIRM_TARGET, date(2026, 6, 20))
    assert codes(found).get("notice_one_place") is True
    assert article(found, "notice_one_place") == "2026年细则第十三条"
    for notice in ({"mobile": True, "second_place": "居住地社区公示栏"}, {"mobile": False}):
        assert "notice_one_place" not in codes(problems(notice_facts(**notice), CONFIRM_TARGET, date(2026, 6, 20)))


def test_the_notice_form_asks_for_the_second_place(db):
    data = {"start_date": "2026-06-02", "end_date": "2026-06-08", "place": "单位公示栏", "result": "no_objection",
            "mobile": "on", "second_place": ""}
    form = PublicNoticeForm(data=data, instance=PublicNotice(case=Case()))
    assert not form.is_valid() and "second_place" in form.errors
    assert PublicNoticeForm(data=data | {"second_place": "居住地社区公示栏"},
                            instance=PublicNotice(case=Case())).is_valid()


def test_the_notice_form_and_the_gate_count_the_working_days_alike(zh, db):
    """Tue 06-02 .. Fri 06-05 is four working days: the form refuses it with the gate's own message
    (rules.target.notice_record_problems), and a day more is enough for both."""
    data = {"start_date": "2026-06-02", "end_date": "2026-06-05", "place": "单位公示栏", "result": "no_objection"}
    form = PublicNoticeForm(data=data, instance=PublicNotice(case=Case()))
    assert not form.is_valid()
    gate = [p for p in problems(notice_facts(start_date=date(2026, 6, 2), end_date=date(2026, 6, 5)),
                                CONFIRM_TARGET, date(2026, 6, 20)) if p.code == "notice_too_short"]
    assert form.errors["end_date"] == [gate[0].message]
    assert "4" in gate[0].message
    assert PublicNoticeForm(data=data | {"end_date": "2026-06-08"}, instance=PublicNotice(case=Case())).is_valid()


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第二十一条"), (NEW, "2026年细则第二十条")])
def test_a_show_of_hands_blocks_the_approval(zh, on, expected):
    found = problems(admission_facts(on, voting_method=VotingMethod.SHOW_OF_HANDS), FILE_APPROVAL, on)
    assert codes(found).get("meeting_not_secret_ballot") is True
    assert article(found, "meeting_not_secret_ballot") == expected
    ok = problems(admission_facts(on, voting_method=VotingMethod.SECRET_BALLOT), FILE_APPROVAL, on)
    assert "meeting_not_secret_ballot" not in codes(ok)


@pytest.mark.parametrize("pre_on", [date(2026, 4, 20), date(2026, 5, 11)])
def test_one_vote_for_several_people_is_refused_and_nothing_is_written(w, rk, pre_on):
    case = rk.ready_for_meeting(w, pre_on)
    meeting_on = pre_on + timedelta(days=5)
    before = db_state()
    with pytest.raises(Refused) as refused:
        meeting_record(case=case, actor=w.branch_admin, purpose=MeetingPurpose.ADMISSION, meeting_date=meeting_on,
                       attendance=rk.attendance(w, 4), votes=rk.votes(4), resolution="同意", voted_alone=False)
    assert [p.code for p in refused.value.problems] == ["vote_not_individual"]
    assert refused.value.problems[0].version == ("2026" if meeting_on >= NEW else "2014")
    assert db_state() == before and not BranchMeeting.objects.filter(case=case).exists()

    meeting = meeting_record(case=case, actor=w.branch_admin, purpose=MeetingPurpose.ADMISSION,
                             meeting_date=meeting_on, attendance=rk.attendance(w, 4), votes=rk.votes(4),
                             resolution="同意", voting_method=VotingMethod.SHOW_OF_HANDS)
    assert BranchMeeting.objects.get(pk=meeting.pk).voting_method == VotingMethod.SHOW_OF_HANDS


def test_committee_vote_rule():
    votes = {"votes_for": 5, "votes_against": 1, "votes_abstain": 1}
    sent, decided = date(2026, 6, 1), date(2026, 6, 10)
    assert committee_vote_problems(meeting_on=date(2026, 6, 10), votes=votes, sent_on=sent, decided_on=decided) == []
    assert codes(committee_vote_problems(meeting_on=None, votes=None, sent_on=sent, decided_on=decided)) == {
        "no_committee_vote": True}
    assert codes(committee_vote_problems(meeting_on=date(2026, 6, 11), votes=votes, sent_on=sent,
                                         decided_on=decided)) == {"committee_meeting_after_decision": True}
    assert codes(committee_vote_problems(meeting_on=date(2026, 5, 31), votes=votes, sent_on=sent,
                                         decided_on=decided)) == {"committee_meeting_before_request": True}
    tie = {"votes_for": 3, "votes_against": 2, "votes_abstain": 1}  # 3 of 6 is not more than half (C5)
    found = committee_vote_problems(meeting_on=decided, votes=tie, sent_on=sent, decided_on=decided)
    assert codes(found) == {"committee_vote_failed": True}
    assert found[0].rule == "committee_vote" and found[0].version == "2026"


def test_the_approval_stores_the_committee_vote_or_refuses_it(w, rk):
    meeting_on = date(2026, 6, 1)
    case, filing = rk.approval_sent(w, meeting_on)
    decided = meeting_on + timedelta(days=20)
    before = db_state()
    with pytest.raises(Refused):
        filing_accept(filing=filing, actor=w.committee_admin, effective_date=decided, committee_vote={
            "meeting_on": decided + timedelta(days=1), "votes_for": 5, "votes_against": 0, "votes_abstain": 0})
    with pytest.raises(Refused):
        filing_accept(filing=filing, actor=w.committee_admin, effective_date=decided, committee_vote={
            "meeting_on": decided, "votes_for": 2, "votes_against": 2, "votes_abstain": 0})
    assert db_state() == before and Filing.objects.get(pk=filing.pk).status == "pending"

    filing_accept(filing=filing, actor=w.committee_admin, effective_date=decided, committee_vote={
        "meeting_on": decided - timedelta(days=1), "votes_for": 6, "votes_against": 1, "votes_abstain": 0})
    stored = Filing.objects.get(pk=filing.pk)
    assert (stored.status, stored.committee_meeting_on, stored.committee_votes_for, stored.committee_votes_against,
            stored.committee_votes_abstain) == ("accepted", decided - timedelta(days=1), 6, 1, 0)
    assert rk.fresh(case).stage == "probationary"


def test_the_committee_decision_page_asks_for_the_meeting_and_votes(w, rk, client):
    case, filing = rk.approval_sent(w, date(2026, 6, 1))
    client.force_login(w.committee_admin)
    html = client.get(reverse("pc:filing_detail", args=[filing.pk])).content.decode()
    assert 'name="committee_meeting_on"' in html and 'name="committee_votes_for"' in html
    response = client.post(reverse("pc:filing_accept", args=[filing.pk]), {
        "effective_date": "2026-06-20", "opinion": "同意", "committee_meeting_on": "2026-06-19",
        "committee_votes_for": "7", "committee_votes_against": "0", "committee_votes_abstain": "0"})
    assert response.status_code == 302
    assert Filing.objects.get(pk=filing.pk).committee_votes_for == 7
    assert OrgKind.COMMITTEE == w.committee.kind


def test_approval_article_for_a_general_branch_decider(zh):
    assert article_ref("approval", V2026) == "2026年细则第二十二条"
    assert add_months(NEW, 0) == NEW

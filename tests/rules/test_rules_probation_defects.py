"""Steps 19–25, the defects fixed here, each on its boundary days under both rule versions (C7):

1. 按期转正 before the probation ends is refused — at the branch general meeting and at the committee's
   approval — so Party standing (full_member_since = probation_end) is never in the future (§32/§33,
   2014 §33/§34).
2. A late oath (2026 §29: later than one month after the approval; 2014: no limit) is a warning on the
   oath's step and when the oath is saved.
3. 材料归档 needs the list of the version in force on the archive date (2026 §36: six items; 2014 §37:
   five).
4. A probationary member can be transferred (§34 / 2014 §35); for one transferred in during the
   probation the conversion discussion may be postponed up to six months (§35 / 2014 §36), the
   conversion date unchanged.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from partydev.cases.models import (
    Archive,
    BranchMeeting,
    Case,
    Filing,
    Oath,
    Transfer,
)
from partydev.cases.permissions import can_transfer
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import (
    BlockedByProblems,
    Refused,
    case_transfer,
    conversion_postpone,
    filing_accept,
    meeting_record,
    record_save,
    request_send,
)
from partydev.process.enums import (
    ARCHIVE_ITEMS_2014,
    ARCHIVE_ITEMS_2026,
    Attendance,
    ConversionOutcome,
    FilingKind,
    FilingStatus,
    MeetingPurpose,
    Stage,
)
from partydev.process.facts import CaseFacts
from partydev.process.rules.probation import (
    archive_problems,
    archive_required_items,
    oath_problems,
    postponement_problems,
)
from partydev.process.timeline import build_timeline
from partydev.webforms.step_records import ArchiveForm
from tests.factories import branch_admin, db_state

ON_TIME, EXTEND = ConversionOutcome.ON_TIME, ConversionOutcome.EXTEND


def en(found):
    """(code, blocking, article) of each problem, rendered in English."""
    with translation.override("en"):
        return [(p.code, p.blocking, p.article) for p in found]


def message(found, code):
    with translation.override("en"):
        return next(p.message for p in found if p.code == code)


def row(case, code, today=date(2027, 1, 1)):
    with translation.override("en"):
        return next(r for r in build_timeline(load_facts(case), today) if r.step.code == code)


def nothing_written(rk, case):
    return {**db_state(), **rk.snapshot(case), "archives": Archive.objects.count(), "oaths": Oath.objects.count(),
            "transfers": Transfer.objects.count()}


# The probation ends on 2026-05-09 (the 2014 text is in force on that day and the day before) or on
# 2026-06-10 (the 2026 text).
ERAS = {
    "2014": {"admitted": date(2025, 5, 9), "approved": date(2025, 5, 19), "end": date(2026, 5, 9)},
    "2026": {"admitted": date(2025, 6, 10), "approved": date(2025, 6, 20), "end": date(2026, 6, 10)},
}


@pytest.fixture(params=["2014", "2026"])
def era(request):
    return request.param, ERAS[request.param]


@pytest.fixture
def probationer(w, rk, era):
    _code, e = era
    case = rk.probationary(w, e["admitted"], e["approved"])
    rk.conversion_application(w, case, date(2026, 4, 20))
    return rk.fresh(case)


# --- 1. no conversion before the probation ends ---------------------------------------------------

def test_an_on_time_meeting_the_day_before_the_probation_ends_is_refused(w, rk, era, probationer):
    version, e = era
    day_before = date.fromordinal(e["end"].toordinal() - 1)
    before = nothing_written(rk, probationer)
    with pytest.raises(Refused) as exc:
        rk.meeting(w, probationer, MeetingPurpose.CONVERSION, day_before, outcome=ON_TIME)
    article = {"2014": "2014 Rules, Art. 33", "2026": "2026 Rules, Art. 32"}[version]
    assert en(exc.value.problems) == [("meeting_before_probation_end", True, article)]
    assert str(e["end"]) in message(exc.value.problems, "meeting_before_probation_end")
    assert nothing_written(rk, probationer) == before


def test_on_the_last_day_of_the_probation_the_conversion_goes_through(w, rk, era, probationer):
    _version, e = era
    end = e["end"]
    filing = rk.conversion_sent(w, probationer, end, ON_TIME, send_on=end)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=end)
    case = rk.fresh(probationer)
    assert (case.stage, case.full_member_since) == (Stage.FULL, end)


def test_an_extension_may_be_decided_before_the_end_with_a_warning(w, rk, era, probationer):
    _version, e = era
    day_before = date.fromordinal(e["end"].toordinal() - 1)
    filing = rk.conversion_sent(w, probationer, day_before, EXTEND, months=6, send_on=day_before)
    assert [p["code"] for p in filing.warnings] == ["meeting_before_probation_end"]
    assert [p["blocking"] for p in filing.warnings] == [False]


def test_the_committee_cannot_approve_before_the_probation_ends(w, rk, era, probationer):
    """A meeting recorded before this rule (on_time, two days early) and its request: approving it the
    day before the probation ends would date Party standing in the future, so nothing is written."""
    version, e = era
    end = e["end"]
    two_before, day_before = (date.fromordinal(end.toordinal() - n) for n in (2, 1))
    BranchMeeting.objects.create(case=probationer, purpose=MeetingPurpose.CONVERSION, meeting_date=two_before,
                                 resolution="同意", outcome=ON_TIME, entitled=5, present=4, written=0, passed=True,
                                 votes_for=4, votes_against=0, votes_abstain=0)
    filing = Filing.objects.create(case=probationer, created_by=w.branch_admin, kind=FilingKind.CONVERSION,
                                   committee=w.committee, committee_path=w.committee.path, sent_on=two_before)
    before = nothing_written(rk, probationer)
    with pytest.raises(BlockedByProblems) as exc:
        filing_accept(filing=filing, actor=w.committee_admin, effective_date=day_before)
    found = {code: (blocking, article) for code, blocking, article in en(exc.value.problems)}
    assert found["conversion_before_probation_end"] == (
        True, {"2014": "2014 Rules, Art. 34", "2026": "2026 Rules, Art. 33"}[version])
    assert found["meeting_before_probation_end"][0] is True
    assert nothing_written(rk, probationer) == before
    assert rk.fresh(probationer).full_member_since is None
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.PENDING


# --- 2. a late oath -------------------------------------------------------------------------------

def oath_facts(approved_on, oath_on):
    return CaseFacts(case=Case(stage=Stage.PROBATIONARY),
                     filings=[Filing(kind=FilingKind.APPROVAL, status=FilingStatus.ACCEPTED,
                                     effective_date=approved_on)],
                     oaths=[Oath(oath_date=oath_on)])


@pytest.mark.parametrize("approved_on, oath_on, expected", [
    (date(2026, 5, 11), date(2026, 6, 11), []),  # 2026: 05-11 + 1 month, inclusive
    (date(2026, 5, 11), date(2026, 6, 12), [("oath_late", False, "2026 Rules, Art. 29")]),
    (date(2026, 8, 31), date(2026, 9, 30), []),  # 08-31 + 1 month → 09-30
    (date(2026, 8, 31), date(2026, 10, 1), [("oath_late", False, "2026 Rules, Art. 29")]),
    (date(2026, 5, 10), date(2026, 12, 1), []),  # approved under the 2014 text: no limit
    (date(2025, 6, 20), date(2026, 6, 20), []),
])
def test_a_late_oath_is_a_warning(approved_on, oath_on, expected):
    assert en(oath_problems(oath_facts(approved_on, oath_on))) == expected


@pytest.fixture
def probationer_2026(w, rk):
    """Admitted 2026-06-01, approved 2026-06-10 (2026 text): the oath is due by 2026-07-10."""
    return rk.probationary(w, date(2026, 6, 1), date(2026, 6, 10))


def test_the_oath_on_the_last_day_is_saved_without_warning(w, rk, probationer_2026):
    oath = rk.oath(w, probationer_2026, date(2026, 7, 10))
    assert oath.warnings == []
    assert "one month" not in row(probationer_2026, "oath").note


def test_a_late_oath_is_saved_with_a_warning_shown_on_its_step(w, rk, probationer_2026, client, english):
    oath = rk.oath(w, probationer_2026, date(2026, 7, 11))
    assert Oath.objects.filter(pk=oath.pk).exists()  # a warning: the oath stands
    assert en(oath.warnings) == [("oath_late", False, "2026 Rules, Art. 29")]
    text = message(oath.warnings, "oath_late")
    assert "2026-07-10" in text
    timeline_row = row(probationer_2026, "oath")
    assert (timeline_row.state, timeline_row.done_on, timeline_row.note) == ("done", date(2026, 7, 11), text)
    client.force_login(w.branch_admin)
    page = client.get(reverse("pc:case_detail", args=[probationer_2026.public_id])).content.decode()
    assert text in page


def test_the_oath_page_warns_when_a_late_oath_is_saved(w, rk, probationer_2026, client, english):
    client.force_login(w.branch_admin)
    response = client.post(reverse("pc:record_new", args=[probationer_2026.public_id, "oaths"]),
                           {"oath_date": "2026-07-11", "place": "党员活动室", "organiser": "示范党委"}, follow=True)
    assert response.status_code == 200
    assert Oath.objects.filter(case=probationer_2026).count() == 1
    assert "later than one month after the approval" in response.content.decode()


# --- 3. the archive list of the version in force ----------------------------------------------------

KEYS_2014 = [k for k, _label in ARCHIVE_ITEMS_2014]
KEYS_2026 = [k for k, _label in ARCHIVE_ITEMS_2026]


@pytest.mark.parametrize("on, expected", [
    (date(2026, 5, 10), KEYS_2014),  # 2014 §37: five items
    (date(2026, 5, 11), KEYS_2026),  # 2026 §36: six items
])
def test_the_required_archive_items_follow_the_version_in_force(on, expected):
    assert archive_required_items(on) == expected


@pytest.mark.parametrize("on, items, missing, article", [
    (date(2026, 5, 10), KEYS_2026, ["Cultivation, education and inspection materials"], "2014 Rules, Art. 37"),
    (date(2026, 5, 11), KEYS_2014, ["Activist cultivation and inspection register",
                                    "Probationary member education and inspection register"], "2026 Rules, Art. 36"),
])
def test_an_incomplete_archive_names_the_missing_items(on, items, missing, article):
    with translation.override("en"):  # the items are named in the language of the request that checks
        found = archive_problems(items, on)
    assert en(found) == [("archive_incomplete", True, article)]
    text = message(found, "archive_incomplete")
    assert all(m in text for m in missing)
    assert archive_problems(archive_required_items(on), on) == []


@pytest.fixture
def full_member(w, rk):
    """Admitted 2025-04-01, converted on time (meeting 2026-04-01, approved 2026-04-10)."""
    case = rk.probationary(w, date(2025, 4, 1), date(2025, 4, 10))
    rk.conversion_application(w, case, date(2026, 3, 20))
    filing = rk.conversion_sent(w, case, date(2026, 4, 1), ON_TIME)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 4, 10))
    case = rk.fresh(case)
    assert case.stage == Stage.FULL
    return case


def archive_data(on, items):
    return {"archived_on": on, "receiver": "党委组织部 刘洋", "items": items}


@pytest.mark.parametrize("on, items", [(date(2026, 5, 10), KEYS_2026), (date(2026, 5, 11), KEYS_2014)])
def test_the_records_service_refuses_an_incomplete_archive(w, rk, full_member, on, items):
    before = nothing_written(rk, full_member)
    with pytest.raises(Refused) as exc:
        record_save(kind="archives", case=full_member, actor=w.branch_admin, data=archive_data(on, items))
    assert [p.code for p in exc.value.problems] == ["archive_incomplete"]
    assert nothing_written(rk, full_member) == before


@pytest.mark.parametrize("on, items", [(date(2026, 5, 10), KEYS_2014), (date(2026, 5, 11), KEYS_2026)])
def test_the_records_service_keeps_a_complete_archive(w, rk, full_member, on, items):
    archive = record_save(kind="archives", case=full_member, actor=w.branch_admin, data=archive_data(on, items))
    assert Archive.objects.get(pk=archive.pk).items == items


@pytest.mark.parametrize("on, items, valid", [
    (date(2026, 5, 10), KEYS_2014, True), (date(2026, 5, 10), KEYS_2026, False),
    (date(2026, 5, 11), KEYS_2026, True), (date(2026, 5, 11), KEYS_2014, False),
])
def test_the_archive_form_refuses_an_incomplete_list(full_member, on, items, valid, english):
    form = ArchiveForm(data={"archived_on": on.isoformat(), "receiver": "刘洋", "items": items},
                       instance=Archive(case=full_member))
    with translation.override("en"):
        assert form.is_valid() is valid, form.errors
        if not valid:
            assert "missing materials" in str(form.errors["items"])


def test_a_new_archive_form_starts_with_the_list_in_force_today(full_member):
    # The clock of these tests is 2030-01-01: the 2026 text.
    assert ArchiveForm(instance=Archive(case=full_member)).initial["items"] == KEYS_2026


# --- 4. transfer of a probationary member and the postponed conversion discussion -----------------------

@pytest.mark.parametrize("version, start, end, transferred, until, expected", [
    ("2026", date(2025, 6, 10), date(2026, 6, 10), date(2025, 12, 1), date(2026, 12, 10), []),
    ("2026", date(2025, 6, 10), date(2026, 6, 10), date(2025, 12, 1), date(2026, 12, 11),
     [("postponement_length", True, "2026 Rules, Art. 35")]),
    ("2026", date(2025, 6, 10), date(2026, 6, 10), date(2025, 12, 1), date(2026, 6, 10),
     [("postponement_length", True, "2026 Rules, Art. 35")]),
    ("2014", date(2025, 5, 9), date(2026, 5, 9), date(2025, 12, 1), date(2026, 11, 9), []),
    ("2014", date(2025, 5, 9), date(2026, 5, 9), date(2025, 12, 1), date(2026, 11, 10),
     [("postponement_length", True, "2014 Rules, Art. 36")]),
    # A transfer on the first or the last day of the probation counts; one before it (as activist) does not.
    ("2026", date(2025, 6, 10), date(2026, 6, 10), date(2025, 6, 10), date(2026, 7, 1), []),
    ("2026", date(2025, 6, 10), date(2026, 6, 10), date(2026, 6, 10), date(2026, 7, 1), []),
    ("2026", date(2025, 6, 10), date(2026, 6, 10), date(2025, 6, 9), date(2026, 7, 1),
     [("postponement_no_transfer", True, "2026 Rules, Art. 35")]),
    ("2014", date(2025, 5, 9), date(2026, 5, 9), date(2025, 5, 8), date(2026, 7, 1),
     [("postponement_no_transfer", True, "2014 Rules, Art. 36")]),
])
def test_postponement_rules(version, start, end, transferred, until, expected):
    case = Case(stage=Stage.PROBATIONARY, probation_start=start, probation_end=end)
    assert en(postponement_problems(case, [transferred], until)) == expected


@pytest.fixture
def sibling_admin(w):
    return branch_admin(w.sibling, "rules_sibling")


def sibling_meeting(w, case, actor, on, outcome=ON_TIME):
    """The sibling branch's roster: two full members, both present and for."""
    return meeting_record(case=case, actor=actor, purpose=MeetingPurpose.CONVERSION, meeting_date=on,
                          attendance={w.warned: (Attendance.PRESENT, ""), w.on_probation: (Attendance.PRESENT, "")},
                          votes={"votes_for": 2, "votes_against": 0, "votes_abstain": 0}, resolution="同意",
                          outcome=outcome)


def test_a_probationary_member_can_be_transferred_but_a_target_cannot(w, rk, probationer):
    assert can_transfer(w.branch_admin, probationer)
    case_transfer(case=probationer, to_branch=w.sibling, actor=w.branch_admin, transferred_on=date(2025, 12, 1))
    moved = rk.fresh(probationer)
    assert (moved.branch_id, moved.stage, moved.probation_end) == (w.sibling.pk, Stage.PROBATIONARY,
                                                                   probationer.probation_end)
    assert rk.history(moved)[-1][0] == "transferred"
    target = rk.target_2014(w, date(2023, 1, 10), date(2024, 1, 15))
    assert not can_transfer(w.branch_admin, target)
    before = nothing_written(rk, target)
    with pytest.raises(Refused):
        case_transfer(case=target, to_branch=w.sibling, actor=w.branch_admin, transferred_on=date(2025, 12, 1))
    assert nothing_written(rk, target) == before


def test_postponed_conversion_moves_the_reminder_not_party_standing(w, rk, era, probationer, sibling_admin):
    version, e = era
    end = e["end"]
    case_transfer(case=probationer, to_branch=w.sibling, actor=w.branch_admin, transferred_on=date(2025, 12, 1))
    latest = {"2014": date(2026, 11, 9), "2026": date(2026, 12, 10)}[version]  # end + 6 months
    mark = rk.audit_mark()
    conversion_postpone(case=probationer, actor=sibling_admin, until=latest, decided_on=end, reason="转入后需进一步考察")
    case = rk.fresh(probationer)
    assert (case.conversion_postponed_until, case.probation_end) == (latest, end)
    assert rk.deadlines(case)["conversion"] == latest
    assert rk.history(case)[-1] == ("conversion_postponed", Stage.PROBATIONARY, Stage.PROBATIONARY, end)
    assert rk.audit_since(mark) == ["case.conversion_postponed"]
    meeting_row = row(case, "conversion_meeting")
    article = {"2014": "2014 Rules, Art. 36", "2026": "2026 Rules, Art. 35"}[version]
    assert (meeting_row.due_on, meeting_row.article) == (latest, article)
    assert str(end) in meeting_row.note

    # The meeting is held on the postponed day; Party standing still counts from the end of the probation.
    sibling_meeting(w, case, sibling_admin, latest)
    filing = request_send(case=rk.fresh(case), actor=sibling_admin, kind=FilingKind.CONVERSION, sent_on=latest)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=latest)
    case = rk.fresh(case)
    assert (case.stage, case.full_member_since) == (Stage.FULL, end)


def test_a_postponement_past_six_months_is_refused(w, rk, era, probationer, sibling_admin):
    version, e = era
    case_transfer(case=probationer, to_branch=w.sibling, actor=w.branch_admin, transferred_on=date(2025, 12, 1))
    too_late = {"2014": date(2026, 11, 10), "2026": date(2026, 12, 11)}[version]
    before = nothing_written(rk, probationer)
    with pytest.raises(Refused) as exc:
        conversion_postpone(case=probationer, actor=sibling_admin, until=too_late, decided_on=e["end"],
                            reason="转入")
    assert [p.code for p in exc.value.problems] == ["postponement_length"]
    assert nothing_written(rk, probationer) == before


def test_without_a_transfer_in_the_conversion_is_not_postponed(w, rk, probationer):
    before = nothing_written(rk, probationer)
    with pytest.raises(Refused) as exc:
        conversion_postpone(case=probationer, actor=w.branch_admin, until=date(2026, 7, 1),
                            decided_on=date(2026, 5, 1), reason="无")
    assert [p.code for p in exc.value.problems] == ["postponement_no_transfer"]
    assert nothing_written(rk, probationer) == before


def test_only_the_branch_now_holding_the_person_postpones(w, rk, probationer, sibling_admin):
    case_transfer(case=probationer, to_branch=w.sibling, actor=w.branch_admin, transferred_on=date(2025, 12, 1))
    before = nothing_written(rk, probationer)
    with pytest.raises(Refused) as exc:
        conversion_postpone(case=probationer, actor=w.branch_admin, until=date(2026, 7, 1),
                            decided_on=date(2026, 5, 1), reason="转入")
    assert [p.code for p in exc.value.problems] == ["not_permitted"]
    assert nothing_written(rk, probationer) == before


def test_the_transfer_page_moves_a_probationary_member(w, rk, probationer_2026, client, english):
    client.force_login(w.branch_admin)
    url = reverse("pc:case_transfer", args=[probationer_2026.public_id])
    detail = client.get(reverse("pc:case_detail", args=[probationer_2026.public_id])).content.decode()
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    assert "Art. 34" in page.content.decode()
    response = client.post(url, {"to_branch": w.sibling.pk, "transferred_on": "2026-11-01", "reason": "工作调动"})
    assert response.status_code == 302
    assert response.url == reverse("pc:probationary_list")
    case = rk.fresh(probationer_2026)
    assert (case.branch_id, case.stage) == (w.sibling.pk, Stage.PROBATIONARY)
    assert Transfer.objects.filter(case=case, transferred_on=date(2026, 11, 1)).count() == 1

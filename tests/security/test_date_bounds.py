"""Issue 10 finding 8: every date the system accepts lies in one range — not before 1 July 1921, not
before the person's date of birth, not later than today (unless the date may lie ahead, such as the
end of a running 公示) — checked by every form (webforms.records.DatesInRange) and by every service
(cases.services.guards.require_date), both through process.rules.datelogic.date_range_problems.
Year 0001 used to be accepted by 23 of 26 record forms, letters and meetings."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Filing, ThoughtReport
from partydev.cases.models.base import CaseRecord
from partydev.cases.services import (
    Refused,
    case_create_paper,
    case_transfer,
    case_transition,
    contacts_set,
    conversion_postpone,
    filing_accept,
    filing_return,
    introducers_set,
    letter_submit,
    meeting_record,
    record_save,
    report_submit,
    request_send,
)
from partydev.common.dates import add_months
from partydev.pc.record_kinds import RECORD_KINDS
from partydev.process import transitions
from partydev.process.enums import Attendance, FilingKind, MeetingPurpose
from partydev.process.rules.datelogic import EARLIEST_DATE, date_range_problems
from tests.factories import db_state, person
from tests.security.record_pages import kind_cases, valid_data

pytestmark = pytest.mark.usefixtures("english")

# bad date → (the date for a person, the form's message)
BAD = {
    "year 0001": (lambda case: date(1, 1, 1), "The date cannot be earlier than 1 July 1921."),
    "before birth": (lambda case: case.birth_date - timedelta(days=1),
                     "The date cannot be earlier than the person's date of birth."),
}
CODES = {"year 0001": "date_too_early", "before birth": "date_before_birth"}


def nothing_written():
    """The rows a refused date could have written (db_state covers cases, records of part 一 and the
    history), plus every record table and the audit log."""
    counts = {m.__name__: m.objects.count() for m in CaseRecord.__subclasses__() if not m._meta.abstract}
    return db_state(), counts, AuditEvent.objects.count(), ThoughtReport.objects.count(), Filing.objects.count()


# --- the rule -----------------------------------------------------------------------------------

def test_the_range_of_every_date():
    today, born = date(2026, 12, 7), date(2000, 3, 1)

    def codes(day, **kw):
        return [p.code for p in date_range_problems(day, today=today, born=born, **kw)]

    assert EARLIEST_DATE == date(1921, 7, 1)
    assert date_range_problems(date(1921, 6, 30), today=today) != []
    assert date_range_problems(EARLIEST_DATE, today=today) == []
    assert codes(date(1, 1, 1)) == ["date_too_early"]
    assert codes(born - timedelta(days=1)) == ["date_before_birth"]
    assert codes(born) == codes(today) == []
    assert codes(today + timedelta(days=1)) == ["date_in_future"]
    assert codes(today + timedelta(days=1), may_be_later=True) == []
    assert codes(date(9999, 12, 31), may_be_later=True) == ["date_too_far"]


# --- every record page ----------------------------------------------------------------------------

@pytest.mark.parametrize("slug", RECORD_KINDS)
def test_every_record_page_accepts_its_valid_data(stages_world, login, slug):
    """The control for the refusals below: the data is valid, so a refusal comes from the date."""
    w, people = stages_world, stages_world.people
    case = people[RECORD_KINDS[slug].stage]
    response = login(w.branch_admin).post(reverse("pc:record_new", args=[case.public_id, slug]),
                                          valid_data(w, slug, w.today))
    assert response.status_code == 302, response.context["form"].errors


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("slug, field", kind_cases())
def test_every_record_page_refuses_a_date_out_of_range(stages_world, login, slug, field, bad):
    w, people = stages_world, stages_world.people
    case = people[RECORD_KINDS[slug].stage]
    day, message = BAD[bad][0](case), BAD[bad][1]
    client = login(w.branch_admin)
    before = nothing_written()
    response = client.post(reverse("pc:record_new", args=[case.public_id, slug]),
                           valid_data(w, slug, w.today) | {field: day.isoformat()})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert nothing_written() == before


# --- every other page that takes a date -----------------------------------------------------------

def _voters(case):
    return {f"status_{m.pk}": Attendance.PRESENT
            for m in case.branch.members.filter(active=True, member_type="full")}


# name → (actor, person, URL, data with the date in `field`, field)
PAGES = {
    "application letter (phone)": (
        lambda w, p: w.stranger, lambda w, p: w.sibling_case, lambda w, p: reverse("mobile:letter_new"),
        lambda w, p: {"title": "入党申请书", "content": "申请"}, "written_date"),
    "thought report (phone)": (
        lambda w, p: w.activist_case.user, lambda w, p: w.activist_case, lambda w, p: reverse("mobile:report_new"),
        lambda w, p: {"title": "思想汇报", "content": "体会"}, "written_on"),
    "cultivation contacts": (
        lambda w, p: w.branch_admin, lambda w, p: w.activist_case,
        lambda w, p: reverse("pc:contacts_edit", args=[w.activist_case.public_id]),
        lambda w, p: {"contacts": [w.roster[1].pk]}, "assigned_on"),
    "introducers": (
        lambda w, p: w.branch_admin, lambda w, p: w.target,
        lambda w, p: reverse("pc:introducers_edit", args=[w.target.public_id]),
        lambda w, p: {"members": [m.pk for m in w.roster[:2]]}, "assigned_on"),
    "transfer": (
        lambda w, p: w.branch_admin, lambda w, p: w.activist_case,
        lambda w, p: reverse("pc:case_transfer", args=[w.activist_case.public_id]),
        lambda w, p: {"to_branch": w.sibling.pk, "reason": "工作调动"}, "transferred_on"),
    "conversion postponed": (
        lambda w, p: w.branch_admin, lambda w, p: w.member,
        lambda w, p: reverse("pc:conversion_postpone", args=[w.member.public_id]),
        lambda w, p: {"until": add_months(w.member.probation_end, 3).isoformat(), "reason": "转入"}, "decided_on"),
    "branch general meeting": (
        lambda w, p: w.branch_admin, lambda w, p: w.member,
        lambda w, p: reverse("pc:meeting_new", args=[w.member.public_id, "conversion"]),
        lambda w, p: _voters(w.member) | {"votes_for": 3, "votes_against": 0, "votes_abstain": 0,
                                          "outcome": "on_time", "voting_method": "secret_ballot",
                                          "voted_alone": "yes", "resolution": "同意"}, "meeting_date"),
    "request to the committee (上报)": (
        lambda w, p: w.branch_admin, lambda w, p: w.case,
        lambda w, p: reverse("pc:case_filing", args=[w.case.public_id]),
        lambda w, p: {}, "on"),
    "committee decision": (
        lambda w, p: w.committee_admin, lambda w, p: w.filed_case,
        lambda w, p: reverse("pc:filing_accept", args=[w.filing.pk]), lambda w, p: {}, "effective_date"),
    "committee return": (
        lambda w, p: w.committee_admin, lambda w, p: w.filed_case,
        lambda w, p: reverse("pc:filing_return", args=[w.filing.pk]), lambda w, p: {"reason": "材料不全"},
        "effective_date"),
    "paper application": (
        lambda w, p: w.branch_admin, lambda w, p: None, lambda w, p: reverse("pc:applicant_new"),
        lambda w, p: {f"p-{k}": v for k, v in person(9101).items()} | {
            "b-branch": w.branch.pk, "l-title": "入党申请书", "l-content": "申请",
            "l-received_date": w.today.isoformat()}, "l-written_date"),
}


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_a_date_refuses_one_out_of_range(stages_world, login, page, bad):
    w, people = stages_world, stages_world.people
    actor, who, url, data, field = PAGES[page]
    case = who(w, people)
    if case is None:  # a new person: the birth date of the 身份证号 entered with the letter
        case = type("Person", (), {"birth_date": date(2000, 3, 1)})
    day, message = BAD[bad][0](case), BAD[bad][1]
    client = login(actor(w, people))
    before = nothing_written()
    response = client.post(url(w, people), data(w, people) | {field: day.isoformat()})
    assert response.status_code in (200, 400)
    assert message in html.unescape(response.content.decode())
    assert nothing_written() == before


# --- the services, whatever interface calls them ----------------------------------------------------

def _record(kind_slug):
    def call(w, p, day):
        kind = RECORD_KINDS[kind_slug]
        record_save(kind=kind_slug, case=p[kind.stage], actor=w.branch_admin, data={kind.declared.date_field: day})
    return call


SERVICES = {
    **{f"record_save {slug}": (lambda w, p, s=slug: p[RECORD_KINDS[s].stage], _record(slug)) for slug in RECORD_KINDS},
    "letter_submit": (lambda w, p: w.sibling_case, lambda w, p, day: letter_submit(
        case=w.sibling_case, actor=w.stranger, data={"title": "入党申请书", "content": "申请", "written_date": day})),
    "report_submit": (lambda w, p: w.activist_case, lambda w, p, day: report_submit(
        case=w.activist_case, actor=w.activist_case.user, data={"title": "汇报", "content": "体会", "written_on": day})),
    "contacts_set": (lambda w, p: w.activist_case, lambda w, p, day: contacts_set(
        case=w.activist_case, members=w.roster[1:2], assigned_on=day, actor=w.branch_admin)),
    "introducers_set": (lambda w, p: w.target, lambda w, p, day: introducers_set(
        case=w.target, members=w.roster[:2], assigned_on=day, actor=w.branch_admin)),
    "case_transfer": (lambda w, p: w.activist_case, lambda w, p, day: case_transfer(
        case=w.activist_case, to_branch=w.sibling, actor=w.branch_admin, transferred_on=day)),
    "conversion_postpone": (lambda w, p: w.member, lambda w, p, day: conversion_postpone(
        case=w.member, actor=w.branch_admin, until=add_months(w.member.probation_end, 3), decided_on=day,
        reason="转入")),
    "meeting_record": (lambda w, p: w.member, lambda w, p, day: meeting_record(
        case=w.member, actor=w.branch_admin, purpose=MeetingPurpose.CONVERSION, meeting_date=day,
        attendance={}, votes={"votes_for": 0, "votes_against": 0, "votes_abstain": 0}, resolution="同意")),
    "request_send": (lambda w, p: w.case, lambda w, p, day: request_send(
        case=w.case, actor=w.branch_admin, kind=FilingKind.ACTIVIST, sent_on=day)),
    "filing_accept": (lambda w, p: w.filed_case, lambda w, p, day: filing_accept(
        filing=w.filing, actor=w.committee_admin, effective_date=day)),
    "filing_return": (lambda w, p: w.filed_case, lambda w, p, day: filing_return(
        filing=w.filing, actor=w.committee_admin, reason="退回", effective_date=day)),
    "case_transition": (lambda w, p: w.filed_case, lambda w, p, day: case_transition(
        case=w.filed_case, code=transitions.ACCEPT_ACTIVIST, actor=w.committee_admin, effective_date=day)),
}


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("service", SERVICES)
def test_every_service_refuses_a_date_out_of_range(stages_world, service, bad):
    w, people = stages_world, stages_world.people
    who, call = SERVICES[service]
    day = BAD[bad][0](who(w, people))
    before = nothing_written()
    with pytest.raises(Refused) as exc:
        call(w, people, day)
    assert [p.code for p in exc.value.problems] == [CODES[bad]]
    assert nothing_written() == before


def test_a_paper_application_written_in_year_0001_is_refused(stages_world):
    world = stages_world
    before = nothing_written()
    with pytest.raises(Refused) as exc:
        case_create_paper(actor=world.branch_admin, branch=world.branch, data=person(9102), letter={
            "title": "入党申请书", "content": "申请", "written_date": date(1, 1, 1), "received_date": world.today})
    assert [p.code for p in exc.value.problems] == ["date_too_early"]
    assert nothing_written() == before


def test_every_form_that_takes_a_date_bounds_it():
    """A new form with a date field cannot forget the range: it must inherit DatesInRange."""
    import django.urls
    from django import forms

    from partydev.webforms.records import DatesInRange

    django.urls.get_resolver().url_patterns  # noqa: B018 (imports every view module and its forms)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    dated = {f for f in subclasses(forms.BaseForm) if f.__module__.startswith("partydev.")
             and any(isinstance(field, forms.DateField) for field in getattr(f, "base_fields", {}).values())}
    assert len(dated) > 20
    assert sorted(f.__name__ for f in dated if not issubclass(f, DatesInRange)) == []

"""How a branch enters each thing, as it would through the site: every record through its page's form
and `record_save` (so validation, history, audit events and deadlines come about as on the site),
every request and decision through the services.

The one builder library: the walk through steps 7–25 (walk.py, used by the demo's people and by the
Excel import, partydev/imports), the test worlds (tests/conftest.py,
tests/activists, tests/dossier, tests/membership, tests/rules) and the browser journeys build their
people with these functions. Each takes the record's date and lets a caller override the filler
text; a world says what it needs, nothing is entered a second way.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from partydev.cases.models import BranchResolution, Case, Opinion, Placement
from partydev.cases.services import case_create_paper, letter_approve, report_mark_read, report_submit
from partydev.process.enums import (
    LetterStatus,
    NoticeResult,
    RecommendationMethod,
    ResolutionPurpose,
    ResolutionResult,
    ReviewConclusion,
    TrainingMode,
)

from . import records as case_forms
from . import step_records as step_forms
from .saving import save_record_form

__all__ = ["LETTER_TEXT", "FormRefused", "save", "paper", "talk", "recommendation", "resolution",
           "prepare_for_filing", "opinion", "thought_report", "notice", "review", "training", "volunteer_form", "committee_talk",
           "placement", "oath", "conversion_application", "archive"]

LETTER_TEXT = (
    "敬爱的党组织：\n    我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，"
    "严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，随时准备为党和人民牺牲一切，"
    "永不叛党。\n    请党组织在实践中考验我。\n此致\n敬礼！"
)


class FormRefused(ValidationError, ValueError):
    """The page's form refused the data: a mistake in a builder's caller (the demo, a test), or a
    row's problem in the Excel import. Its messages are "field label: message"."""


def save(form_class, case, actor, data, *, instance=None, files=(), **form_kwargs):
    """Validate `data` with the page's form and save it through record_save; invalid data raises
    FormRefused with the form's errors."""
    if instance is not None:
        form_kwargs["instance"] = instance
    form = form_class(data=data, **form_kwargs)
    if not form.is_valid():
        raise FormRefused([f"{form.fields[k].label}: {m}" if k in form.fields else m
                           for k, ms in form.errors.items() for m in ms])
    return save_record_form(form=form, case=case, actor=actor, files=files)


# --- part 一: the application ----------------------------------------------------------------------

def paper(actor, branch, data: dict, received: date, *, content=LETTER_TEXT, files=()) -> Case:
    """A paper application entered by the branch: the person and a letter written two days before
    it was received."""
    return case_create_paper(actor=actor, branch=branch, data=data, files=files, letter={
        "title": "入党申请书", "content": content, "written_date": received - timedelta(days=2),
        "received_date": received})


def talk(case, actor, on: date, *, talkers=(), other_talkers="", place="党员活动室", content="了解入党动机。",
         files=()):
    """The talk within a month of the application (§7); `talkers` are members of the roster."""
    if not talkers and not other_talkers:
        other_talkers = "支部书记"
    return save(case_forms.TalkForm, case, actor, {
        "talk_date": on, "talkers": [m.pk for m in talkers], "other_talkers": other_talkers,
        "place": place, "content": content}, files=files, roster=case.branch.members.all())


def recommendation(case, actor, on: date, *, method=RecommendationMethod.MEMBERS, note="党员推荐", files=()):
    return save(case_forms.RecommendationForm, case, actor,
                {"recommended_on": on, "method": method, "note": note}, files=files)


def resolution(case, actor, on: date, *, purpose=ResolutionPurpose.ACTIVIST, result=ResolutionResult.PASSED,
               note="支委会一致同意", files=()):
    """A 支委会 resolution: the activist (§8), the target (§13) or the admission examination (§17)."""
    return save(case_forms.ResolutionForm, case, actor, {"meeting_date": on, "result": result, "note": note},
                instance=BranchResolution(case=case, purpose=purpose), files=files)


def prepare_for_filing(case, actor, *, talk_on: date | None = None, recommended_on: date | None = None,
                       resolved_on: date | None = None, talkers=(), **talk_fields) -> Case:
    """Part 一 made ready for 确定积极分子并备案: the submitted letter approved, then the talk, the
    recommendation and a passed resolution (each on the letter's received date unless given)."""
    letter = case.applicationletters.get(status=LetterStatus.SUBMITTED)
    letter_approve(letter=letter, actor=actor)
    received = letter.received_date
    talk(case, actor, talk_on or received, talkers=talkers, **talk_fields)
    recommendation(case, actor, recommended_on or talk_on or received)
    resolution(case, actor, resolved_on or recommended_on or talk_on or received)
    return case


# --- part 二 onwards: opinions and the records of steps 7–25 -----------------------------------------

def opinion(case, actor, kind, on: date, *, author="第一党小组", content="同意。", contact=None, files=()):
    """An opinion of `kind`; a 培养联系人确定意见 names one of the current contacts (`contact`)."""
    data = {"given_on": on, "author": author, "content": content}
    if contact is not None:
        data["contact"] = getattr(contact, "pk", contact)
    roster = case.contact_assignments.filter(ended_on__isnull=True).values_list("member", flat=True)
    return save(case_forms.OpinionForm, case, actor, data, instance=Opinion(case=case, kind=kind),
                roster=list(roster), files=files)


def thought_report(case, actor, on: date, *, title: str, content: str, read: bool = True, comment: str = ""):
    """A 思想汇报 handed in on paper, entered by the branch through the page's form (and marked read)."""
    form = case_forms.ThoughtReportForm(data={"title": title, "content": content, "written_on": on},
                                        born=case.birth_date)
    if not form.is_valid():
        raise FormRefused([f"{form.fields[k].label}: {m}" if k in form.fields else m
                           for k, ms in form.errors.items() for m in ms])
    report = report_submit(case=case, actor=actor, data={k: form.cleaned_data[k] for k in ("title", "content",
                                                                                             "written_on")})
    return report_mark_read(report=report, actor=actor, comment=comment) if read else report


def notice(case, actor, start: date, end: date, *, place="单位公示栏", result=NoticeResult.NO_OBJECTION, **extra):
    return save(step_forms.PublicNoticeForm, case, actor,
                {"start_date": start, "end_date": end, "place": place, "result": result} | extra)


def review(case, actor, on: date, *, conclusion=ReviewConclusion.QUALIFIED, methods="本人谈话、查阅档案、函调",
           summary="政治审查合格。", files=()):
    return save(step_forms.PoliticalReviewForm, case, actor, {
        "review_date": on, "methods": methods, "conclusion": conclusion, "summary": summary}, files=files)


def training(case, actor, start: date, end: date, *, hours="30", mode=TrainingMode.IN_PERSON,
             organiser="示范党委党校", certificate=""):
    return save(step_forms.TrainingForm, case, actor, {
        "start_date": start, "end_date": end, "hours": Decimal(hours), "mode": mode, "organiser": organiser,
        "certificate": certificate})


def volunteer_form(case, actor, on: date, serial: str):
    return save(step_forms.VolunteerFormForm, case, actor, {"serial_number": serial, "filled_on": on})


def committee_talk(case, actor, on: date, *, talker="党委组织员", place="党委办公室", opinion="同意接收。"):
    return save(step_forms.CommitteeTalkForm, case, actor,
                {"talk_date": on, "talker": talker, "place": place, "opinion": opinion})


def placement(case, actor, on: date, group):
    return save(step_forms.PlacementForm, case, actor, {"group": group.pk, "placed_on": on},
                instance=Placement(case=case))


def oath(case, actor, on: date, *, place="党员活动室", organiser="示范党委"):
    return save(step_forms.OathForm, case, actor, {"oath_date": on, "place": place, "organiser": organiser})


def conversion_application(case, actor, on: date, *, content="申请按期转为正式党员。"):
    return save(step_forms.ConversionApplicationForm, case, actor, {"applied_on": on, "content": content})


def archive(case, actor, on: date, items, *, receiver="党委组织部"):
    return save(step_forms.ArchiveForm, case, actor, {"archived_on": on, "receiver": receiver, "items": items})


"""Steps 7–25 through the services, each with its own date, as a branch would have entered them:
activist filing accepted, development target (2014: filing; 2026: agreement, 公示, confirmation),
introducers to 志愿书, the general meeting to the approval, placement and oath, conversion. Used by
members.py for the demo's people and by tests for their own. Each step is partydev.webforms.walk's
(the Excel import walks the same functions); this module gives the demo's dates and texts."""

from datetime import date

from partydev.cases.services import contacts_set, filing_accept, filing_submit, target_confirm
from partydev.process.enums import FilingKind
from partydev.webforms import walk

from . import entries


def _accept(case, kind, committee, on, opinion=""):
    walk.accept(case, kind, committee, on, opinion)


def make_activist(case, admin, committee, filed_on: date, accepted_on: date):
    filing = filing_submit(case=case, actor=admin, sent_on=filed_on)
    filing_accept(filing=filing, actor=committee, effective_date=accepted_on)
    case.refresh_from_db()


def target_basis(case, admin, meeting_on: date):
    """Contacts, the three opinions §13 asks for, and the 支委会 proposing the target."""
    contacts_set(case=case, members=walk.full_members(case)[:2], assigned_on=case.activist_since, actor=admin)
    walk.target_basis(case, admin, meeting_on)


def make_target(case, admin, committee, meeting_on, agreed_on, notice=None, confirm_on=None):
    """2014: the filing accepted makes the target. 2026: agreement, 公示 (start, end), then confirm."""
    target_basis(case, admin, meeting_on)
    walk.send(case, admin, FilingKind.TARGET, meeting_on)
    _accept(case, FilingKind.TARGET, committee, agreed_on)
    case.refresh_from_db()
    if notice:
        entries.notice(case, admin, notice[0], notice[1], place="学院公示栏")
        target_confirm(case=case, actor=admin, on=confirm_on)


def prepare_admission(case, admin, committee, d: dict, serial: str):
    """Steps 9–14: introducers, political review, training, 支委会 examination, 预审, 志愿书."""
    walk.introducers(case, admin, walk.full_members(case)[:2], d["introducers"])
    entries.review(case, admin, d["review"], methods="本人谈话、查阅档案、函调",
                   summary="政治立场坚定，历史清白，遵纪守法，综合表现良好，政审合格。")
    entries.training(case, admin, *d["training"], certificate=f"PX-{serial}")
    walk.examination(case, admin, d["examination"])
    walk.send(case, admin, FilingKind.PRE_REVIEW, d["examination"])
    _accept(case, FilingKind.PRE_REVIEW, committee, d["pre_review"], "经预审，同意发放入党志愿书。")
    entries.volunteer_form(case, admin, d["volunteer"], serial)


def admit(case, admin, committee, d: dict):
    """Steps 15–17: the branch general meeting, the committee's talk, the approval."""
    walk.admission_meeting(case, admin, d["meeting"])
    entries.committee_talk(case, admin, d["talk"], talker="党委组织员 李明", opinion="入党动机端正，同意入党。")
    walk.send(case, admin, FilingKind.APPROVAL, d["talk"])
    _accept(case, FilingKind.APPROVAL, committee, d["approval"], "经党委会讨论，同意接收为中共预备党员。")


def after_admission(case, admin, d: dict):
    """Steps 19–20."""
    group = case.branch.get_children().first()
    entries.placement(case, admin, d["placement"], group)
    entries.oath(case, admin, d["oath"], place="学院报告厅")


def convert(case, admin, committee, d: dict):
    """Steps 22–24, on time."""
    entries.conversion_application(case, admin, d["application"],
                                   content="敬爱的党组织：\n    我的预备期即将届满，现申请转为正式党员……")
    walk.conversion_meeting(case, admin, d["meeting"])
    walk.send(case, admin, FilingKind.CONVERSION, d["meeting"])
    _accept(case, FilingKind.CONVERSION, committee, d["approval"], "同意按期转为中共正式党员。")


__all__ = ["make_activist", "target_basis", "make_target", "prepare_admission", "admit", "after_admission",
           "convert"]

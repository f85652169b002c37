"""A problem the rules find, and the one table of what each problem says.

A Problem holds only codes (the problem, the rule and its version, parameters); its message and
article are rendered when shown, in the reader's language, so a stored copy (a filing's warnings)
reads right to whoever opens it. Every message lives in MESSAGES below, whichever rule raises it, so
a message never depends on which rule module happened to be imported first.

Severity follows counting rule C9: 必须/不能/fixed counts block; a missed "应当…内" deadline warns.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from .versions import article_ref, version_by_code, version_on

MESSAGES = {
    "not_applicant": _("Only an applicant can be filed as an activist."),
    "already_filed": _("A filing is already waiting for the Party committee."),
    "letter_not_approved": _("The application letter has not been approved."),
    "not_permitted": _("You may not do this for this person."),
    "date_in_future": _("The date cannot be later than today."),
    "date_too_early": _("The date cannot be earlier than 1 July 1921."),
    "date_before_birth": _("The date cannot be earlier than the person's date of birth."),
    "date_too_far": _("The date is too far in the future."),
    "record_changed": _("This record has been changed by someone else since you opened it. Reload the page "
                        "and make your changes again."),
    "date_before_dependency": _("The date cannot be earlier than %(what)s (%(date)s)."),
    "wrong_kind": _("This kind of request cannot be handled here."),
    "received_before_birth": _("The application is dated before the applicant's date of birth."),
    "under_18": _("The applicant was under 18 when the application was received."),
    "no_talk": _("No talk with the applicant has been recorded."),
    "talk_before_letter": _("The talk is dated before the application letter was received."),
    "late_talk": _("The talk should be held within one month of receiving the application."),
    "no_recommendation": _("No recommendation by party members or a mass organisation is recorded."),
    "no_resolution": _("No branch committee resolution making the applicant an activist has passed."),
    "resolution_before_letter": _("The branch committee resolution is dated before the application was received."),
    "resolution_before_recommendation": _("The branch committee resolution is dated before the recommendation."),
    "contact_count": _("Choose one or two cultivation contacts."),
    "contact_not_full": _("%(name)s is a probationary member; cultivation contacts must be full members."),
    "contact_inactive": _("%(name)s is no longer on the roster."),
    "contact_outside": _("%(name)s belongs to another Party committee; choose a member of this branch or of "
                         "another branch under the same committee."),
    "wrong_stage": _("This step is not open at the person's current stage."),
    "return_point_closed": _("A person at this stage cannot be returned to that point."),
    "pending_request": _("A request is already waiting for the Party committee."),
    "already_decided": _("The Party committee has already decided this request."),
    "no_target_resolution": _("No branch committee resolution proposing the development target has passed."),
    "cultivation_under_year": _("Less than one year of cultivation on the date of the branch committee meeting "
                                "(activist since %(since)s)."),
    "no_group_opinion": _("The Party group's opinion has not been recorded."),
    "no_contact_opinion": _("The cultivation contacts' opinion has not been recorded."),
    "no_masses_opinion": _("The opinion of party members and the masses has not been recorded."),
    "no_agreement": _("The higher Party committee has not agreed to the development target yet."),
    "no_notice": _("The public notice has not been recorded."),
    "notice_too_short": _("The public notice lasted %(days)s working days; at least %(required)s are required."),
    "notice_not_over": _("The public notice has not ended yet."),
    "notice_objection": _("The public notice raised objections that block it."),
    "notice_before_agreement": _("The public notice started before the Party committee agreed."),
    "notice_calendar_unknown": _("The holiday calendar of that year is not published: working days are counted "
                                 "Monday to Friday, check them by hand."),
    "introducer_count": _("Two introducers are required; %(n)s determined."),
    "introducer_not_full": _("Introducer %(name)s is not a full member."),
    "introducer_outside": _("%(name)s belongs to another Party committee; choose a member of this branch or of "
                            "another branch under the same committee."),
    "introducer_barred": _("Introducer %(name)s is on probation within the Party and may not be an introducer."),
    "introducer_disciplined": _("Introducer %(name)s is within the effect period of a Party discipline and should "
                                "not serve as introducer."),
    "no_review": _("The political review has no conclusion."),
    "review_failed": _("The political review concluded that the person is not qualified."),
    "no_training": _("The centralised training has not been recorded."),
    "training_too_short": _("The training lasted %(days)s days and %(hours)s class hours; at least 3 days or 24 "
                            "class hours are required."),
    "no_admission_resolution": _("The branch committee has not examined the development target (no passed "
                                 "resolution)."),
    "leaving_soon": _("The development target is expected to leave the unit within 3 months (on %(date)s)."),
    "no_pre_review": _("The pre-review by the Party committee has not passed."),
    "no_volunteer_form": _("The application form for membership has not been filled in."),
    "meeting_late": _("The branch general meeting should be held within one month after the pre-review."),
    "no_admission_meeting": _("No branch general meeting has admitted the development target."),
    "meeting_failed": _("The branch general meeting did not pass the admission."),
    "no_committee_talk": _("The Party committee's talk with the development target has not been recorded."),
    "approval_late": _("More than 3 months since the branch general meeting: approval is allowed only in special "
                       "cases, within 6 months."),
    "approval_too_late": _("More than 6 months since the branch general meeting: the Party committee can no longer "
                           "approve; the admission must be redone."),
    "approver_not_committee": _("Only a Party committee may approve the admission of members."),
    "no_conversion_application": _("The application for full membership has not been submitted."),
    "no_conversion_meeting": _("No branch general meeting has discussed the conversion."),
    "conversion_meeting_failed": _("The branch general meeting on conversion was not valid or did not pass."),
    "meeting_before_probation_end": _("The conversion meeting is held before the probation ends (%(date)s)."),
    "conversion_before_probation_end": _("The conversion cannot be approved before the probation ends (%(date)s): "
                                         "Party standing counts from that day."),
    "oath_late": _("The admission oath was taken later than one month after the approval (due %(date)s)."),
    "archive_incomplete": _("The archive is missing materials required on that date: %(items)s."),
    "postponement_no_transfer": _("Only the conversion of a probationary member transferred in during the "
                                  "probation can be postponed."),
    "postponement_length": _("The conversion discussion can be postponed to a day after the end of the "
                             "probation (%(end)s) and at most six months after it (%(latest)s)."),
    "extension_twice": _("The probation can be extended only once."),
    "extension_length": _("An extension lasts at least 6 months and at most one year."),
    "meeting_before_pre_review": _("The branch general meeting cannot be held before the pre-review passed and the "
                                   "application form was filled in."),
    "date_conflict": _("Step %(later)s is dated %(later_date)s, before step %(earlier)s (%(earlier_date)s) "
                       "it depends on."),
    "conversion_approval_late": _("The Party committee should decide on the conversion within 3 months of the "
                                  "branch general meeting."),
    # 2026 §9: a cultivation contact who can no longer serve is replaced.
    "contact_now_probationary": _("Cultivation contact %(name)s is no longer a full member: appoint another "
                                  "contact."),
    "contact_off_roster": _("Cultivation contact %(name)s is no longer on the roster: appoint another contact."),
    "contact_moved_out": _("Cultivation contact %(name)s has moved to a branch outside this Party committee: "
                           "appoint another contact."),
    "contact_under_discipline": _("Cultivation contact %(name)s is under a Party discipline in effect: appoint "
                                  "another contact."),
    # §11, checked when the branch proposes the target (§13).
    "half_year_no_education": _("Half-year %(n)s of cultivation (%(start)s to %(end)s) has no education and "
                                "cultivation opinion."),
    "half_year_no_branch_inspection": _("Half-year %(n)s of cultivation (%(start)s to %(end)s) has no branch "
                                        "inspection opinion."),
    "half_year_no_contact_confirmation": _("Half-year %(n)s of cultivation (%(start)s to %(end)s) has no opinion "
                                           "of the cultivation contact."),
    "half_year_no_members_masses": _("Half-year %(n)s of cultivation (%(start)s to %(end)s) has no opinion of "
                                     "party members and the masses."),
    # 2026 §13: a mobile person's 公示 at both places.
    "notice_one_place": _("The person is mobile: the public notice must be posted at both the place of origin "
                          "and the place of residence."),
    # §20 (2014 §21): the meeting's vote.
    "meeting_not_secret_ballot": _("The branch general meeting voted by a show of hands; the vote must be a secret "
                                   "ballot."),
    "vote_not_individual": _("The vote covered more than one person. Two or more development targets or "
                             "probationary members are discussed and voted on one by one: record a separate "
                             "vote for this person."),
    # §24 (2014 §25): the Party committee's own meeting and vote.
    "no_committee_vote": _("Record the Party committee meeting that discussed and voted on the approval."),
    "committee_meeting_after_decision": _("The Party committee meeting (%(date)s) cannot be later than the date of "
                                          "the decision."),
    "committee_meeting_before_request": _("The Party committee meeting (%(date)s) cannot be earlier than the day "
                                          "the request was sent (%(sent)s)."),
    "committee_vote_failed": _("The Party committee's vote did not pass (%(for)s for, %(against)s against, "
                               "%(abstain)s abstaining): record the request as not approved instead."),
}


@dataclass(frozen=True)
class Problem:
    code: str
    blocking: bool
    rule: str = ""
    version: str = ""
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        text = str(MESSAGES.get(self.code, self.code))  # a code from an older release shows as itself
        return text % self.params if self.params else text

    @property
    def article(self) -> str:
        return article_ref(self.rule, version_by_code(self.version)) if self.rule else ""

    def as_json(self) -> dict:
        return {"code": self.code, "blocking": self.blocking, "rule": self.rule, "version": self.version,
                "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> "Problem":
        return cls(data["code"], data.get("blocking", False), data.get("rule", ""), data.get("version", ""),
                   data.get("params", {}))


def problem(code: str, blocking: bool, rule: str = "", on: date | None = None, **params) -> Problem:
    """A problem of `rule`, cited in the version in force on `on` (the date of the step it judges, C7)."""
    assert code in MESSAGES, f"no message for problem {code!r}"  # noqa: S101  (a typo must fail loudly in tests)
    return Problem(code, blocking, rule, version_on(on).code if rule and on else "", params)


def blocking(found: list[Problem]) -> list[Problem]:
    return [p for p in found if p.blocking]


def warnings(found: list[Problem]) -> list[Problem]:
    return [p for p in found if not p.blocking]


def wrong_stage(facts, stage: str) -> list[Problem]:
    """The step is open only while the person is at `stage` (shared by every rule family)."""
    return [] if facts.case.stage == stage else [problem("wrong_stage", True)]

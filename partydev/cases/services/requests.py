"""Requests to the Party committee (备案, 同意, 预审, 审批, 审批转正) as declared in
process.requests.REQUEST_KINDS: the branch sends, the committee accepts, returns or refuses. Every
date is the one entered by the user, checked against what it depends on."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.common.dates import add_months
from partydev.process import transitions as tr
from partydev.process.enums import ConversionOutcome, FilingKind, FilingStatus, Stage
from partydev.process.gates import problems
from partydev.process.problems import blocking
from partydev.process.requests import REQUEST_KINDS, basis_date
from partydev.process.rules.admission import approver_problems, committee_vote_problems
from partydev.process.rules.target import target_needs_notice

from ..models import Case, Filing
from ..permissions import is_committee_of_filing
from ..selectors.facts import load_facts
from .derived import deadlines_refresh, history_add
from .errors import BlockedByProblems, Refused, StaleState
from .guards import require, require_branch_admin, require_date
from .transitions import case_transition


def _gate(facts, gate, day):
    found = problems(facts, gate, day)
    if blocking(found):
        raise BlockedByProblems(found)
    return found


def request_send(*, case: Case, actor, kind: str, sent_on: date) -> Filing:
    """The branch sends a case up to its 党委: refused while any check blocks on `sent_on`; the
    warnings it saw are kept with the request."""
    request = REQUEST_KINDS[kind]
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("branch").get(pk=case.pk)
        require_branch_admin(actor, case)
        facts = load_facts(case)
        found = _gate(facts, request.send_gate, sent_on)
        require_date(sent_on, case=case, not_before=basis_date(facts, kind), what=_("the record it rests on"))
        # The nearest 党委 above the branch: a 党总支 is skipped, since it cannot approve (§22).
        committee = case.branch.owning_committee()
        if committee is None:
            raise ValidationError(_("This branch has no Party committee above it to file with."))
        filing = Filing.objects.create(
            case=case, created_by=actor, kind=kind, committee=committee, committee_path=committee.path,
            sent_on=sent_on, warnings=[p.as_json() for p in found])
        history_add(case=case, action=request.sent_history, actor=actor, effective_date=sent_on)
        audit_record(actor=actor, action="filing.submit", obj=filing, case=case,
                     after={"committee": committee.name, "sent_on": str(sent_on),
                            "warnings": [p.code for p in found]})
        deadlines_refresh(case=case)
    return filing


def filing_submit(*, case: Case, actor, sent_on: date) -> Filing:
    """确定积极分子并备案."""
    return request_send(case=case, actor=actor, kind=FilingKind.ACTIVIST, sent_on=sent_on)


def _decide(*, filing: Filing, actor, status: str, effective_date: date, reason="", opinion="") -> Filing:
    require(is_committee_of_filing(actor, filing), "not_permitted")
    require_date(effective_date, case=filing.case, not_before=filing.sent_on, what=_("the day the request was sent"))
    updated = Filing.objects.filter(pk=filing.pk, status=FilingStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(),
        effective_date=effective_date, return_reason=reason, opinion=opinion)
    if updated != 1:
        raise StaleState()
    filing.refresh_from_db()
    return filing


def filing_accept(*, filing: Filing, actor, effective_date: date, opinion: str = "",
                  committee_vote: dict | None = None) -> Filing:
    """The committee accepts (files, agrees, passes, approves) a request, on `effective_date`.
    `committee_vote` (approval of an admission only): {"meeting_on", "votes_for", "votes_against",
    "votes_abstain"} of the 党委会 that discussed and voted on it (§24)."""
    handler = _ACCEPT[filing.kind]
    extra = {"committee_vote": committee_vote} if filing.kind == FilingKind.APPROVAL else {}
    with transaction.atomic():
        # Read again: the caller's filing (and its case) may predate another change.
        filing = Filing.objects.select_related("case", "committee").get(pk=filing.pk)
        require_date(effective_date, case=filing.case)  # in range before any rule reads it
        handler(filing=filing, actor=actor, on=effective_date, opinion=opinion, **extra)
        filing.refresh_from_db()
        audit_record(actor=actor, action="filing.accept", obj=filing, case=filing.case,
                     after={"kind": filing.kind, "effective_date": str(effective_date), "opinion": opinion,
                            **({"committee_vote": {k: str(v) for k, v in committee_vote.items()}}
                               if extra and committee_vote else {})})
        deadlines_refresh(case=filing.case)
    return filing


def _accept_activist(*, filing, actor, on, opinion):
    """The person is an activist from `on`, which cannot precede the resolution it confirms."""
    resolution = load_facts(filing.case).passed_resolution
    if resolution and on < resolution.meeting_date:
        raise ValidationError({"effective_date": _(
            "The date cannot be earlier than the branch committee resolution (%(date)s).")
            % {"date": resolution.meeting_date.isoformat()}})
    _decide(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    case_transition(case=filing.case, code=tr.ACCEPT_ACTIVIST, actor=actor, effective_date=on)


def _accept_target(*, filing, actor, on, opinion):
    """2014: the committee accepts the filing and the person is a target. 2026: it agrees; the
    branch then posts the 公示 and lists the target itself (target_confirm). Step 8 is judged by the
    date of the decision (C7)."""
    _decide(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    if target_needs_notice(load_facts(filing.case), on):
        history_add(case=filing.case, action="target_agreed", actor=actor, effective_date=on)
    else:
        case_transition(case=filing.case, code=tr.ACCEPT_TARGET, actor=actor, effective_date=on)


def _accept_pre_review(*, filing, actor, on, opinion):
    _decide(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    history_add(case=filing.case, action="pre_review_passed", actor=actor, effective_date=on, reason=opinion)


def _accept_approval(*, filing, actor, on, opinion, committee_vote=None):
    """§22–25: only a 党委 approves, by its own meeting's collective discussion and vote (§24), within
    3 (at most 6) months of the meeting; the probation runs one year from the meeting (C8).

    `committee_vote` is required (§24: 必须…集体讨论和表决), checked and stored with the decision."""
    if approver_problems(filing.committee.kind, on):
        raise Refused(approver_problems(filing.committee.kind, on))
    committee_vote = committee_vote or {}
    votes = {k: committee_vote[k] for k in ("votes_for", "votes_against", "votes_abstain")} \
        if committee_vote else None
    refused = committee_vote_problems(meeting_on=committee_vote.get("meeting_on"), votes=votes,
                                      sent_on=filing.sent_on, decided_on=on)
    if refused:
        raise Refused(refused)
    _decide(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    if committee_vote:
        Filing.objects.filter(pk=filing.pk).update(
            committee_meeting_on=committee_vote["meeting_on"], committee_votes_for=votes["votes_for"],
            committee_votes_against=votes["votes_against"], committee_votes_abstain=votes["votes_abstain"])
    case_transition(case=filing.case, code=tr.ADMIT, actor=actor, effective_date=on)


def _accept_conversion(*, filing, actor, on, opinion):
    """§31–33: the committee approves what the branch meeting decided: on time (党龄 from the end of
    the probation), an extension of 6–12 months (once), or cancellation."""
    facts = load_facts(filing.case)
    _gate(facts, REQUEST_KINDS[filing.kind].decide_gate, on)
    meeting = facts.conversion_meeting
    case = filing.case
    _decide(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    if meeting.outcome == ConversionOutcome.ON_TIME:
        case_transition(case=case, code=tr.CONVERT, actor=actor, effective_date=on)
    elif meeting.outcome == ConversionOutcome.EXTEND:
        _extend_probation(case=case, actor=actor, on=on, months=meeting.extension_months)
    else:
        case_transition(case=case, code=tr.CANCEL_PROBATION, actor=actor, effective_date=on)


def _extend_probation(*, case, actor, on, months):
    new_end = add_months(case.probation_end, months)
    updated = Case.objects.filter(pk=case.pk, stage=Stage.PROBATIONARY, probation_extended=False).update(
        probation_end=new_end, probation_extended=True)
    if updated != 1:
        raise StaleState()
    # The end of the probation decides Party standing: record the change of that date itself.
    audit_record(actor=actor, action="case.probation_extended", obj=case, case=case,
                 before={"probation_end": str(case.probation_end)}, after={"probation_end": str(new_end)})
    history_add(case=case, action="probation_extended", actor=actor, effective_date=on,
                reason=_("%(n)s months") % {"n": months})


_ACCEPT = {FilingKind.ACTIVIST: _accept_activist, FilingKind.TARGET: _accept_target,
           FilingKind.PRE_REVIEW: _accept_pre_review, FilingKind.APPROVAL: _accept_approval,
           FilingKind.CONVERSION: _accept_conversion}


def filing_return(*, filing: Filing, actor, reason: str, effective_date: date | None = None) -> Filing:
    """The committee returns a request to the branch, with its reason (the branch corrects and resends)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for returning.")})
    on = effective_date or timezone.localdate()
    with transaction.atomic():
        filing = _decide(filing=filing, actor=actor, status=FilingStatus.RETURNED, effective_date=on,
                         reason=reason.strip())
        history_add(case=filing.case, action=REQUEST_KINDS[filing.kind].returned_history, actor=actor,
                    effective_date=on, reason=reason.strip())
        audit_record(actor=actor, action="filing.return", obj=filing, case=filing.case,
                     after={"reason": reason.strip(), "effective_date": str(on)})
        deadlines_refresh(case=filing.case)
    return filing


def request_reject(*, filing: Filing, actor, opinion: str, effective_date: date | None = None) -> Filing:
    """预审 not passed / admission or conversion not approved, with the written opinion (§18, §24).
    Only those kinds can be refused; a filing is returned instead."""
    history = REQUEST_KINDS[filing.kind].rejected_history
    require(history is not None, "wrong_kind")
    if not opinion.strip():
        raise ValidationError({"opinion": _("Please write the opinion.")})
    on = effective_date or timezone.localdate()
    with transaction.atomic():
        filing = _decide(filing=filing, actor=actor, status=FilingStatus.REJECTED, effective_date=on,
                         opinion=opinion.strip())
        history_add(case=filing.case, action=history, actor=actor, effective_date=on, reason=opinion.strip())
        audit_record(actor=actor, action="filing.reject", obj=filing, case=filing.case,
                     after={"kind": filing.kind, "opinion": opinion.strip(), "effective_date": str(on)})
        deadlines_refresh(case=filing.case)
    return filing


def target_confirm(*, case: Case, actor, on: date) -> Case:
    """2026 §13: after the committee agreed and 5 working days of 公示 raised nothing, the branch
    lists the development target on `on`."""
    require_branch_admin(actor, case)
    facts = load_facts(case)
    notice = facts.notice
    require_date(on, case=case, not_before=notice.end_date if notice else None, what=_("the end of the public notice"))
    return case_transition(case=case, code=tr.CONFIRM_TARGET_TRANSITION, actor=actor, effective_date=on)

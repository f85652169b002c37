"""确定积极分子并备案 (branch) and the committee's inbox of requests (accept, return, and not passed / not approved)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydev.cases.models import Case
from partydev.cases.permissions import can_decide_filing, can_edit_applicant_records, can_return_case
from partydev.cases.selectors import case_for, filing_for, filing_inbox, name_search
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import (
    BlockedByProblems,
    StaleState,
    case_return,
    filing_accept,
    filing_return,
    filing_submit,
    request_reject,
)
from partydev.common.forms import FilterForm
from partydev.common.pagination import paginate, query_without_page
from partydev.process.enums import FilingKind, FilingStatus, OpinionKind, ResolutionPurpose, Stage
from partydev.process.gates import (
    FILE_ACTIVIST,
    problems,
)
from partydev.process.requests import REQUEST_KINDS
from partydev.process.rules.admission import approval_limits, approver_problems
from partydev.webforms.messages import VOTES
from partydev.webforms.records import AcceptFilingForm, CaseReturnForm, DateInput, DatesInRange, ReasonForm

from ..access import branch_admin_view, committee_admin_view
from ..confirm import problems_then_confirm
from ..navigation import nav_for


@branch_admin_view
def case_filing(request, public_id):
    """Shows 当前备案存在问题; 确定 files the case, on the date entered, when nothing blocks."""
    case = case_for(request.user, public_id)
    if not can_edit_applicant_records(request.user, case):
        raise Http404
    return problems_then_confirm(
        request, case=case, gate=FILE_ACTIVIST, template="pc/filings/submit.html", context={"nav": "applicants"},
        date_label=gettext_lazy("Date filed"),
        perform=lambda on: filing_submit(case=case, actor=request.user, sent_on=on),
        blocked_message=_("The filing cannot be made until the problems below are corrected."),
        success_message=_("The filing has been sent to the Party committee."),
        success_url=reverse("pc:case_detail", args=[case.public_id]))


class InboxFilterForm(FilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False,
                             choices=[("", gettext_lazy("All")), *FilingKind.choices])
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=FilingStatus.choices)
    q = forms.CharField(label=gettext_lazy("Search"), required=False)


@committee_admin_view
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    qs = filing_inbox(request.user, status=cleaned.get("status") or FilingStatus.PENDING)
    if cleaned.get("kind"):
        qs = qs.filter(kind=cleaned["kind"])
    if cleaned.get("q"):
        qs = qs.filter(name_search(cleaned["q"], "case__name"))
    return render(request, "pc/filings/inbox.html", {
        "form": form, "page": paginate(request, qs), "query": query_without_page(request), "nav": "filings"})


# --- the committee's decision page, for every kind of request --------------------------------------

class DecisionForm(DatesInRange):
    effective_date = forms.DateField(widget=DateInput())
    opinion = forms.CharField(label=gettext_lazy("Opinion"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].label = REQUEST_KINDS[kind].decision_date_label


class ApprovalDecisionForm(DecisionForm):
    """Approval of an admission (§24, 2014 §25): the 党委会 must discuss and vote, one person at a time;
    its date and votes are recorded with the decision."""

    committee_meeting_on = forms.DateField(label=gettext_lazy("Date of the Party committee meeting"),
                                           widget=DateInput())
    committee_votes_for = forms.IntegerField(label=gettext_lazy("Committee members for"), min_value=0,
                                             error_messages=VOTES)
    committee_votes_against = forms.IntegerField(label=gettext_lazy("Committee members against"), min_value=0,
                                                 error_messages=VOTES)
    committee_votes_abstain = forms.IntegerField(label=gettext_lazy("Committee members abstaining"),
                                                 min_value=0, error_messages=VOTES)

    def committee_vote(self) -> dict:
        data = self.cleaned_data
        return {"meeting_on": data["committee_meeting_on"], "votes_for": data["committee_votes_for"],
                "votes_against": data["committee_votes_against"], "votes_abstain": data["committee_votes_abstain"]}


class DecisionDateMixin(DatesInRange):
    """The date a return or refusal took effect, entered by the committee (default today)."""

    effective_date = forms.DateField(label=gettext_lazy("Date of the decision"), widget=DateInput(),
                                     required=False)

    def clean_effective_date(self):
        return self.cleaned_data["effective_date"] or timezone.localdate()


class ReturnDecisionForm(ReasonForm, DecisionDateMixin):
    pass


class RejectForm(DecisionDateMixin):
    opinion = forms.CharField(label=gettext_lazy("Opinion"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": gettext_lazy("Please write the opinion.")})

    def clean_opinion(self):
        opinion = self.cleaned_data["opinion"].strip()
        if not opinion:
            raise forms.ValidationError(_("Please write the opinion."))
        return opinion


def _accept_form(filing, data=None):
    initial, born = {"effective_date": timezone.localdate()}, filing.case.birth_date
    if filing.kind == FilingKind.ACTIVIST:
        return AcceptFilingForm(data, initial=initial, born=born)
    if filing.kind == FilingKind.APPROVAL:
        return ApprovalDecisionForm(data, kind=filing.kind, initial=initial, born=born)
    return DecisionForm(data, kind=filing.kind, initial=initial, born=born)


def _filing_page(request, filing, *, accept_form=None, return_form=None, reject_form=None, found=None, status=200):
    facts = load_facts(filing.case)
    if found is None:
        found = _problems_besides(filing, facts) if filing.status == FilingStatus.PENDING else []
    return render(request, "pc/filings/detail.html", {
        "filing": filing, "case": filing.case, "facts": facts, "problems": found,
        "kind_facts": _kind_facts(filing, facts),
        "can_decide": can_decide_filing(request.user, filing),
        "can_reject": REQUEST_KINDS[filing.kind].rejected_history is not None,
        "accept_form": accept_form or _accept_form(filing),
        "return_form": return_form or ReturnDecisionForm(initial={"effective_date": timezone.localdate()},
                                                         born=filing.case.birth_date),
        "reject_form": reject_form or RejectForm(initial={"effective_date": timezone.localdate()},
                                                 born=filing.case.birth_date),
        "nav": "filings"}, status=status)


def _problems_besides(filing, facts):
    """What the rules say now about the case, leaving out "a request is waiting": that is this one."""
    today = timezone.localdate()
    found = [p for p in problems(facts, REQUEST_KINDS[filing.kind].decide_gate, today)
             if p.code not in ("already_filed", "pending_request")]
    if filing.kind == FilingKind.APPROVAL:
        found += approver_problems(filing.committee.kind, today)
    return found


def _kind_facts(filing, facts):
    """The facts the committee weighs for this kind of request."""
    kind = filing.kind
    if kind == FilingKind.TARGET:
        return {"resolution": facts.resolution(ResolutionPurpose.TARGET),
                "opinions": [(k.label, facts.opinions_of(k)) for k in (
                    OpinionKind.PARTY_GROUP, OpinionKind.CONTACT_CONFIRMATION, OpinionKind.MEMBERS_MASSES)]}
    if kind == FilingKind.PRE_REVIEW:
        return {"resolution": facts.resolution(ResolutionPurpose.ADMISSION)}
    if kind == FilingKind.APPROVAL:
        limits = approval_limits(facts) or (None, None)
        return {"meeting": facts.admission_meeting, "pre_review": facts.decided(FilingKind.PRE_REVIEW),
                "limit_3": limits[0], "limit_6": limits[1]}
    if kind == FilingKind.CONVERSION:
        return {"meeting": facts.conversion_meeting}
    return {}


@committee_admin_view
def filing_detail(request, pk):
    return _filing_page(request, filing_for(request.user, pk))


def _accepted_message(filing):
    case = Case.objects.get(pk=filing.case_id)
    name = {"name": case.name}
    if filing.kind == FilingKind.ACTIVIST:
        return _("%(name)s is now an activist.") % name
    if filing.kind == FilingKind.TARGET:
        if case.stage == Stage.TARGET:
            return _("%(name)s is now a development target.") % name
        return _("The Party committee has agreed to %(name)s as development target; the branch posts the public "
                 "notice next.") % name
    if filing.kind == FilingKind.PRE_REVIEW:
        return _("The pre-review of %(name)s has passed.") % name
    if filing.kind == FilingKind.APPROVAL:
        return _("%(name)s has been approved as a probationary member.") % name
    if case.stage == Stage.FULL:
        return _("%(name)s is now a full member.") % name
    if case.stage == Stage.CANCELLED:
        return _("The probationary membership of %(name)s has been cancelled.") % name
    return _("The probation of %(name)s has been extended.") % name


def _decision(request, filing, *, form_name, form, decide, done):
    """A committee decision posted from the filing page: the form's errors, the service's refusal or
    the problems that block it show the page again (400, nothing written); a decision somebody took
    meanwhile is said and shown. `decide(data)` calls the service; `done()` is the success message."""
    if not form.is_valid():
        return _filing_page(request, filing, status=400, **{form_name: form})
    try:
        decide(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _filing_page(request, filing, status=400, **{form_name: form})
    except BlockedByProblems as exc:
        messages.error(request, _("The decision cannot be recorded until the problems below are corrected."))
        return _filing_page(request, filing, found=exc.problems, status=400, **{form_name: form})
    except StaleState as exc:
        messages.warning(request, str(exc))
        return redirect("pc:filing_detail", pk=filing.pk)
    messages.success(request, done())
    return redirect("pc:filing_inbox")


@require_POST
@committee_admin_view
def filing_accept_view(request, pk):
    filing = filing_for(request.user, pk)
    form = _accept_form(filing, request.POST)

    def decide(data):
        vote = {"committee_vote": form.committee_vote()} if isinstance(form, ApprovalDecisionForm) else {}
        filing_accept(filing=filing, actor=request.user, effective_date=data["effective_date"],
                      opinion=data.get("opinion", "").strip(), **vote)

    return _decision(request, filing, form_name="accept_form", form=form, decide=decide,
                     done=lambda: _accepted_message(filing))


@require_POST
@committee_admin_view
def filing_return_view(request, pk):
    filing = filing_for(request.user, pk)
    return _decision(
        request, filing, form_name="return_form", form=ReturnDecisionForm(request.POST, born=filing.case.birth_date),
        decide=lambda data: filing_return(filing=filing, actor=request.user, reason=data["reason"],
                                          effective_date=data["effective_date"]),
        done=lambda: _("The filing has been returned to the branch."))


@branch_admin_view
def case_return_view(request, public_id):
    """退回重新备案: send the person back to an earlier point, with a reason."""
    case = case_for(request.user, public_id)
    if not can_return_case(request.user, case):
        raise Http404
    form = CaseReturnForm(request.POST or None, stage=case.stage, born=case.birth_date)
    if request.method == "POST" and form.is_valid():
        try:
            case_return(case=case, actor=request.user, point=form.cleaned_data["point"],
                        reason=form.cleaned_data["reason"], expected_stage=request.POST.get("stage", ""),
                        effective_date=form.cleaned_data["effective_date"])
        except StaleState as exc:
            messages.warning(request, str(exc))
            return redirect("pc:case_detail", public_id=case.public_id)
        except ValidationError as exc:  # the service's own checks (the date order): nothing written
            form.add_error("effective_date", exc)
        else:
            messages.success(request, _("The person has been returned."))
            return redirect("pc:case_detail", public_id=case.public_id)
    return render(request, "pc/cases/return.html", {"case": case, "form": form, "nav": nav_for(case)},
                  status=400 if request.method == "POST" else 200)


@require_POST
@committee_admin_view
def filing_reject_view(request, pk):
    """预审不通过 / 不予批准 (转正): the committee refuses, with its written opinion."""
    filing = filing_for(request.user, pk)
    if REQUEST_KINDS[filing.kind].rejected_history is None:
        raise Http404
    pre_review = filing.kind == FilingKind.PRE_REVIEW
    return _decision(
        request, filing, form_name="reject_form", form=RejectForm(request.POST, born=filing.case.birth_date),
        decide=lambda data: request_reject(filing=filing, actor=request.user, opinion=data["opinion"],
                                           effective_date=data["effective_date"]),
        done=lambda: (_("The pre-review has been recorded as not passed.") if pre_review
                      else _("The request has been recorded as not approved.")))

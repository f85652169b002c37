"""推迟讨论转正 (2026 §35 / 2014 §36): the branch now holding a probationary member transferred in during
the probation puts off the conversion discussion, at most six months after the probation ends, with a
reason. The conversion date (Party standing) stays the end of the probation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.cases.permissions import can_postpone_conversion
from partydev.cases.selectors import case_for
from partydev.cases.services import Refused
from partydev.cases.services import conversion_postpone as postpone
from partydev.common.dates import add_months
from partydev.process.rules.probation import POSTPONEMENT_MONTHS, postponement_problems
from partydev.process.versions import article_ref, version_on
from partydev.webforms.records import ConversionPostponeForm

from ..access import branch_admin_view
from ..navigation import list_for, nav_for

# Where a refusal of the service is shown: on the field it is about, else above the form.
_FIELD_OF_PROBLEM = {"postponement_length": "until", "date_in_future": "decided_on",
                     "date_before_dependency": "decided_on"}


def latest_postponement(case):
    """The last day the discussion may be put off to: six months after the probation ends."""
    return add_months(case.probation_end, POSTPONEMENT_MONTHS)


def transferred_in_during_probation(case, transfers) -> bool:
    """The rule's own test (postponement_problems): was any of `transfers` within the probation?"""
    dates = [t.transferred_on for t in transfers]
    found = postponement_problems(case, dates, latest_postponement(case))
    return not any(p.code in ("postponement_no_transfer", "wrong_stage") for p in found)


def _postponable(request, public_id):
    case = case_for(request.user, public_id)
    if not can_postpone_conversion(request.user, case):
        raise Http404
    return case


def _add_refusal(form, exc):
    if isinstance(exc, Refused):
        for p in exc.problems:
            form.add_error(_FIELD_OF_PROBLEM.get(p.code), p.message)
    else:
        form.add_error(None, exc)


@branch_admin_view
def conversion_postpone(request, public_id):
    case = _postponable(request, public_id)
    back_to, back_label = list_for(case)
    transfers = list(case.transfers.select_related("from_branch", "to_branch"))
    latest = latest_postponement(case)
    form = ConversionPostponeForm(request.POST or None, born=case.birth_date, initial={
        "until": case.conversion_postponed_until or latest, "decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            postpone(case=case, actor=request.user, until=data["until"], decided_on=data["decided_on"],
                     reason=data["reason"])
        except ValidationError as exc:
            _add_refusal(form, exc)
        else:
            messages.success(request, _("The conversion discussion of %(name)s has been postponed until %(date)s; "
                                        "the probation still ends %(end)s.") % {
                "name": case.name, "date": data["until"].isoformat(), "end": case.probation_end.isoformat()})
            return redirect(reverse("pc:case_detail", args=[case.public_id]) + "#membership")
    # On GET the rule is checked with the latest allowed day: what remains is whether it applies at all.
    problems = postponement_problems(case, [t.transferred_on for t in transfers], latest)
    transfer_in = next((t for t in transfers if t.to_branch_id == case.branch_id), None)
    return render(request, "pc/membership/conversion_postpone.html", {
        "case": case, "form": form, "problems": problems, "latest": latest, "transfer_in": transfer_in,
        "article": article_ref("transfer_postponement", version_on(case.probation_end)),
        "months": POSTPONEMENT_MONTHS, "nav": nav_for(case), "list_url": back_to, "list_label": back_label},
        status=400 if request.method == "POST" else 200)

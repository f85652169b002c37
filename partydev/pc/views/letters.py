"""入党申请书: open a submission, 审批通过 or 退回 with a reason."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydev.cases.models import ApplicationLetter
from partydev.cases.permissions import can_review_letter
from partydev.cases.selectors import case_for
from partydev.cases.services import StaleState, letter_approve, letter_return
from partydev.webforms.records import ReasonForm

from ..access import admin_view, branch_admin_view


def _letter(request, public_id, pk):
    case = case_for(request.user, public_id)
    return get_object_or_404(ApplicationLetter.objects.select_related("case"), case=case, pk=pk)


@admin_view
def letter_detail(request, public_id, pk):
    letter = _letter(request, public_id, pk)
    return render(request, "pc/letters/detail.html", {
        "case": letter.case, "letter": letter, "files": letter.attachments.all(),
        "can_review": can_review_letter(request.user, letter), "return_form": ReasonForm(),
        "nav": "applicants"})


@require_POST
@branch_admin_view
def letter_approve_view(request, public_id, pk):
    letter = _letter(request, public_id, pk)
    if not can_review_letter(request.user, letter):
        return _stale(request, letter)
    try:
        letter_approve(letter=letter, actor=request.user)
    except StaleState as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("The application letter has been approved."))
    return redirect("pc:case_detail", public_id=letter.case.public_id)


@require_POST
@branch_admin_view
def letter_return_view(request, public_id, pk):
    letter = _letter(request, public_id, pk)
    if not can_review_letter(request.user, letter):
        return _stale(request, letter)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return render(request, "pc/letters/detail.html", {
            "case": letter.case, "letter": letter, "files": letter.attachments.all(),
            "can_review": True, "return_form": form, "nav": "applicants"}, status=400)
    try:
        letter_return(letter=letter, actor=request.user, reason=form.cleaned_data["reason"])
    except StaleState as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("The application letter has been returned to the applicant."))
    return redirect("pc:case_detail", public_id=letter.case.public_id)


def _stale(request, letter):
    messages.warning(request, str(StaleState()))
    return redirect("pc:case_detail", public_id=letter.case.public_id)

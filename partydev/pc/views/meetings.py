"""支部党员大会 (steps 15 and 23): recording a meeting on admission or conversion, and reading it back.

The view gathers the attendance of every full member on the branch roster and the tallies; the
service (membership_services.meeting_record) applies the counting rules and refuses an invalid
meeting, so nothing is written unless the whole meeting is valid.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partydev.cases.permissions import can_edit_stage_records
from partydev.cases.selectors import case_for
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import BlockedByProblems, StaleState, meeting_record
from partydev.orgs.selectors import members_of_branch
from partydev.process.enums import MeetingPurpose, Stage
from partydev.process.gates import ADMISSION_MEETING, problems
from partydev.process.meetings import MeetingCount, count_attendance, more_than_half
from partydev.process.problems import blocking
from partydev.webforms.meetings import MeetingForm

from ..access import admin_view, branch_admin_view
from ..navigation import nav_for

# The stage in which each meeting is held.
PURPOSE_STAGE = {MeetingPurpose.ADMISSION: Stage.TARGET, MeetingPurpose.CONVERSION: Stage.PROBATIONARY}
def _problems_before(case, purpose, on):
    """What blocks or warns before an admission meeting (pre-review passed, 入党志愿书)."""
    if purpose != MeetingPurpose.ADMISSION:
        return []
    return problems(load_facts(case), ADMISSION_MEETING, on)


def _render_new(request, case, form, found, status=200):
    statuses = form.statuses()
    count = count_attendance(statuses, votes_for=0, votes_against=0, votes_abstain=0)
    roster_size = len(statuses)
    return render(request, "pc/meetings/new.html", {
        # The browser recounts as radios change; the threshold for each possible count comes from here.
        "needed_table": ",".join(str(more_than_half(n)) for n in range(roster_size + 1)),
        "case": case, "form": form, "purpose": MeetingPurpose(form.purpose), "problems": found,
        "blocked": bool(blocking(found)), "nav": nav_for(case),
        "summary": {"entitled": count.entitled, "needed": more_than_half(count.entitled),
                    "present": count.present, "written": count.written},
    }, status=status)


@branch_admin_view
def meeting_new(request, public_id, purpose):
    stage = PURPOSE_STAGE.get(purpose)
    if stage is None:
        raise Http404
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, stage):
        raise Http404
    form = MeetingForm(request.POST or None, request.FILES or None, purpose=purpose,
                       roster=members_of_branch(case.branch), born=case.birth_date)
    if request.method != "POST":
        return _render_new(request, case, form, _problems_before(case, purpose, timezone.localdate()))
    if not form.is_valid():
        return _render_new(request, case, form, _problems_before(case, purpose, timezone.localdate()), 400)
    found = _problems_before(case, purpose, form.cleaned_data["meeting_date"])
    if blocking(found):
        form.add_error(None, _("The meeting cannot be recorded until the problems below are corrected."))
        return _render_new(request, case, form, found, 400)
    try:
        meeting = meeting_record(
            case=case, actor=request.user, purpose=purpose, meeting_date=form.cleaned_data["meeting_date"],
            attendance=form.attendance(), votes=form.votes(), resolution=form.cleaned_data["resolution"],
            outcome=form.cleaned_data.get("outcome", ""), extension_months=form.cleaned_data.get("extension_months"),
            files=form.cleaned_data["attachments"], **form.vote_record())
    except BlockedByProblems as exc:
        form.add_error(None, _("The meeting cannot be recorded until the problems below are corrected."))
        return _render_new(request, case, form, exc.problems, 400)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_new(request, case, form, found, 400)
    except StaleState as exc:
        messages.warning(request, str(exc))
        return redirect("pc:case_detail", public_id=case.public_id)
    _report(request, meeting)
    for problem in found:  # warnings were shown on the form; keep them in front of the user
        messages.warning(request, f"{problem.message}（{problem.article}）" if problem.article else problem.message)
    return redirect(reverse("pc:case_detail", args=[case.public_id]) + "#meetings")


def _report(request, meeting):
    counts = {"entitled": meeting.entitled, "present": meeting.present, "written": meeting.written,
              "for": meeting.votes_for, "against": meeting.votes_against, "abstain": meeting.votes_abstain}
    if meeting.passed:
        messages.success(request, _(
            "The branch general meeting has been recorded: passed. Entitled %(entitled)s, present %(present)s, "
            "written opinions %(written)s; for %(for)s, against %(against)s, abstain %(abstain)s.") % counts)
    else:
        messages.warning(request, _(
            "The branch general meeting has been recorded: not passed. Entitled %(entitled)s, present "
            "%(present)s, written opinions %(written)s; for %(for)s, against %(against)s, abstain %(abstain)s.")
            % counts)


@require_GET
@admin_view
def meeting_detail(request, public_id, pk):
    case = case_for(request.user, public_id)
    meeting = get_object_or_404(case.branchmeetings.select_related("created_by"), pk=pk)
    count = MeetingCount(meeting.entitled, meeting.present, meeting.written,
                         meeting.votes_for, meeting.votes_against, meeting.votes_abstain)
    return render(request, "pc/meetings/detail.html", {
        "case": case, "meeting": meeting, "count": count, "nav": nav_for(case),
        "attendance": meeting.attendance.select_related("member").order_by("member__name", "pk"),
        "files": meeting.attachments.all(),
    })

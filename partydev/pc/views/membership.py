"""Steps 7–25 on the PC site: introducers, requests to the Party committee, 确定发展对象 after 公示,
the lists of targets, probationary and full members, and the person-page sections of these stages."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partydev.cases.forms import DateInput, not_in_future
from partydev.cases.membership_services import REQUESTS, introducers_set, request_send, target_confirm
from partydev.cases.permissions import can_edit_activist_records, can_edit_stage_records, is_branch_admin_of
from partydev.cases.selectors import case_for
from partydev.cases.services import BlockedByProblems, StaleState
from partydev.orgs.models import Member, MemberType
from partydev.process import membership_checks as mc
from partydev.process.checks import blocking, problems
from partydev.process.enums import (
    ARCHIVE_ITEMS,
    FilingKind,
    FilingStatus,
    OpinionKind,
    ResolutionPurpose,
    Stage,
)
from partydev.process.facts import load_facts

from ..access import admin_view, branch_admin_view
from ..navigation import nav_for
from .applicants import ActivistFilterForm, _case_list_page
from .records import RECORD_KINDS

# --- the lists -------------------------------------------------------------------------------------


class MembershipFilterForm(ActivistFilterForm):
    """Search, branch and "something due"; cultivation time only matters for activists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["cultivation"]


LISTS = {
    Stage.TARGET: (gettext_lazy("Development targets"), "targets"),
    Stage.PROBATIONARY: (gettext_lazy("Probationary members"), "probationary"),
    Stage.FULL: (gettext_lazy("Full members"), "members"),
}


def _list(request, stage):
    title, nav = LISTS[stage]
    return _case_list_page(request, stage, "pc/membership/list.html", nav, form_class=MembershipFilterForm,
                           extra={"title": title, "stage": stage})


@admin_view
def target_list(request):
    return _list(request, Stage.TARGET)


@admin_view
def probationary_list(request):
    return _list(request, Stage.PROBATIONARY)


@admin_view
def full_list(request):
    return _list(request, Stage.FULL)


# --- 入党介绍人 ---------------------------------------------------------------------------------------


class IntroducersForm(forms.Form):
    """Any active member of the branch; whether they may serve is decided by introducer_problems."""

    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Introducers"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose two introducers.")})
    assigned_on = forms.DateField(label=gettext_lazy("Determined on"), widget=DateInput(),
                                  validators=[not_in_future])

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = branch.members.filter(active=True)


def _detail_url(case, anchor=""):
    return reverse("pc:case_detail", args=[case.public_id]) + (f"#{anchor}" if anchor else "")


@branch_admin_view
def introducers_edit(request, public_id):
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, Stage.TARGET):
        raise Http404
    current = list(case.introducers.filter(ended_on__isnull=True).select_related("member"))
    form = IntroducersForm(request.POST or None, branch=case.branch, initial={
        "members": [i.member for i in current], "assigned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        members = list(form.cleaned_data["members"])
        found = mc.introducer_problems(members, form.cleaned_data["assigned_on"])
        for problem in blocking(found):
            form.add_error("members", problem.message)
        if form.is_valid():
            try:
                introducers_set(case=case, members=members, assigned_on=form.cleaned_data["assigned_on"],
                                actor=request.user)
            except ValidationError as exc:
                form.add_error("members", exc)
            except StaleState as exc:
                messages.warning(request, str(exc))
                return redirect(_detail_url(case))
            else:
                messages.success(request, _("The introducers have been saved."))
                for problem in found:
                    messages.warning(request, problem.message)
                return redirect(_detail_url(case, "introducers"))
    if form.is_bound:
        chosen = {int(i) for i in form.data.getlist("members") if str(i).isdigit()}
    else:
        chosen = {i.member_id for i in current}
    roster = case.branch.members.filter(active=True, member_type=MemberType.FULL).order_by("name")
    return render(request, "pc/membership/introducers.html", {
        "case": case, "form": form, "roster": roster, "chosen": chosen, "today": timezone.localdate(),
        "nav": "targets"}, status=400 if request.method == "POST" else 200)


# --- requests to the Party committee and 确定发展对象 -------------------------------------------------

def request_label(kind, facts=None, today=None):
    """The button and page title of each request; the target request reads by rule version."""
    if kind == FilingKind.TARGET:
        if mc.target_needs_notice(facts, today):
            return _("Report to the higher Party committee for agreement")
        return _("Report to the higher Party committee for filing")
    return {
        FilingKind.PRE_REVIEW: _("Report to the higher Party committee for pre-review"),
        FilingKind.APPROVAL: _("Report to the higher Party committee for approval"),
        FilingKind.CONVERSION: _("Report the conversion to the higher Party committee for approval"),
    }[kind]


def _own_case(request, public_id):
    case = case_for(request.user, public_id)
    if not is_branch_admin_of(request.user, case):
        raise Http404
    return case


@branch_admin_view
def request_send_view(request, public_id, kind):
    """GET: the problems the rules find for this request; POST (确定): send it when nothing blocks."""
    if kind not in REQUESTS:
        raise Http404
    case = _own_case(request, public_id)
    today = timezone.localdate()
    facts = load_facts(case)
    title = request_label(kind, facts, today)
    found = problems(facts, REQUESTS[kind][0], today)
    if request.method == "POST":
        try:
            request_send(case=case, actor=request.user, kind=kind, today=today)
        except BlockedByProblems as exc:
            found = exc.problems
            messages.error(request, _("The request cannot be sent until the problems below are corrected."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request has been sent to the Party committee."))
            return redirect(_detail_url(case))
    return render(request, "pc/membership/request.html", {
        "case": case, "title": title, "problems": found, "blocked": bool(blocking(found)),
        "nav": nav_for(case)}, status=400 if request.method == "POST" else 200)


@branch_admin_view
def target_confirm_view(request, public_id):
    """2026 §13: after the committee agreed and the 公示 ended without objection, the branch lists the
    development target. Under the 2014 rules the committee's filing does that, so there is no page."""
    case = _own_case(request, public_id)
    today = timezone.localdate()
    facts = load_facts(case)
    if not mc.target_needs_notice(facts, today):
        raise Http404
    found = problems(facts, mc.CONFIRM_TARGET, today)
    if request.method == "POST":
        try:
            target_confirm(case=case, actor=request.user, today=today)
        except BlockedByProblems as exc:
            found = exc.problems
            messages.error(request, _("The development target cannot be confirmed until the problems below "
                                      "are corrected."))
        except StaleState as exc:
            messages.warning(request, str(exc))
            return redirect(_detail_url(case))
        else:
            messages.success(request, _("%(name)s is now a development target.") % {"name": case.name})
            return redirect(_detail_url(case))
    return render(request, "pc/membership/target_confirm.html", {
        "case": case, "problems": found, "blocked": bool(blocking(found)), "nav": nav_for(case)},
        status=400 if request.method == "POST" else 200)


# --- the person page: sections of steps 7–25 (rendered through the membership_ui template tags) ------

@dataclass
class Section:
    slug: str
    title: str
    add_label: str
    rows: list  # (record, date, summary)
    can_edit: bool


def _archive_items(archive):
    labels = dict(ARCHIVE_ITEMS)
    return "、".join(str(labels.get(item, item)) for item in archive.items)


# slug → (the records in facts, the record's date, a one-line summary)
SECTION_ROWS = {
    "target-resolutions": (lambda f: [r for r in f.all_resolutions if r.purpose == ResolutionPurpose.TARGET],
                           lambda r: r.meeting_date, lambda r: f"{r.get_result_display()} {r.note}"),
    "notices": (lambda f: f.notices, lambda n: n.start_date,
                lambda n: f"{n.start_date:%Y-%m-%d} — {n.end_date:%Y-%m-%d} · {n.place} · {n.get_result_display()}"),
    "reviews": (lambda f: f.reviews, lambda r: r.review_date, lambda r: f"{r.get_conclusion_display()} · {r.methods}"),
    "trainings": (lambda f: f.trainings, lambda t: t.end_date,
                  lambda t: _("%(start)s — %(end)s, %(days)s days, %(hours)s class hours, %(mode)s") % {
                      "start": f"{t.start_date:%Y-%m-%d}", "end": f"{t.end_date:%Y-%m-%d}", "days": t.days,
                      "hours": t.hours, "mode": t.get_mode_display()}),
    "admission-resolutions": (lambda f: [r for r in f.all_resolutions if r.purpose == ResolutionPurpose.ADMISSION],
                              lambda r: r.meeting_date, lambda r: f"{r.get_result_display()} {r.note}"),
    "volunteer-forms": (lambda f: f.volunteer_forms, lambda v: v.filled_on, lambda v: v.serial_number),
    "committee-talks": (lambda f: f.committee_talks, lambda t: t.talk_date, lambda t: f"{t.talker} · {t.place}"),
    "placements": (lambda f: f.placements, lambda p: p.placed_on, lambda p: p.group.name),
    "oaths": (lambda f: f.oaths, lambda o: o.oath_date, lambda o: f"{o.place} · {o.organiser}"),
    "opinion-probation_inspection": (lambda f: f.opinions_of(OpinionKind.PROBATION_INSPECTION),
                                     lambda o: o.given_on, lambda o: f"{o.author} · {o.content[:40]}"),
    "conversion-applications": (lambda f: f.conversion_applications, lambda a: a.applied_on,
                                lambda a: a.content[:40]),
    "archives": (lambda f: f.archives, lambda a: a.archived_on, lambda a: f"{a.receiver} · {_archive_items(a)}"),
}

STAGE_SECTIONS = {
    Stage.TARGET: ("reviews", "trainings", "admission-resolutions", "volunteer-forms", "committee-talks"),
    Stage.PROBATIONARY: ("placements", "oaths", "opinion-probation_inspection", "conversion-applications"),
    Stage.FULL: ("archives",),
}
# The stages whose records a person at `stage` has (a cancelled probationary member keeps theirs).
REACHED = {
    Stage.TARGET: (Stage.TARGET,),
    Stage.PROBATIONARY: (Stage.TARGET, Stage.PROBATIONARY),
    Stage.CANCELLED: (Stage.TARGET, Stage.PROBATIONARY),
    Stage.FULL: (Stage.TARGET, Stage.PROBATIONARY, Stage.FULL),
}


def _section(slug, facts, user):
    kind = RECORD_KINDS[slug]
    records, day, summary = SECTION_ROWS[slug]
    rows = [(r, day(r), summary(r)) for r in records(facts)]
    return Section(slug, kind.title, kind.add_label, rows, can_edit_stage_records(user, facts.case, kind.stage))


def _attach_files(case, sections):
    """Each record's files, in one query for the whole page (constant query count)."""
    records = [r for s in sections for r, _day, _text in s.rows]
    if not records:
        return
    types = ContentType.objects.get_for_models(*{type(r) for r in records})
    by_key = {}
    for att in case.attachments.all():
        by_key.setdefault((att.content_type_id, att.object_id), []).append(att)
    for record in records:
        record.files = by_key.get((types[type(record)].pk, record.pk), [])


def _request_buttons(case, facts, user):
    """The requests the branch may send from this stage (each page then shows what still blocks)."""
    if not is_branch_admin_of(user, case):
        return []
    kinds = []
    if case.stage == Stage.TARGET and not facts.pending(FilingKind.PRE_REVIEW):
        if facts.decided(FilingKind.PRE_REVIEW) is None:
            kinds.append(FilingKind.PRE_REVIEW)
        elif not facts.pending(FilingKind.APPROVAL):
            kinds.append(FilingKind.APPROVAL)
    if case.stage == Stage.PROBATIONARY and not facts.pending(FilingKind.CONVERSION):
        kinds.append(FilingKind.CONVERSION)
    return [(kind.value, request_label(kind)) for kind in kinds]


def membership_context(user, case, facts, today):
    """The sections of a development target, probationary, full or cancelled member's page."""
    sections = {stage: [_section(slug, facts, user) for slug in STAGE_SECTIONS[stage]]
                for stage in REACHED.get(case.stage, ())}
    _attach_files(case, [s for group in sections.values() for s in group])
    introducers = [i.member for i in facts.active_introducers]
    return {
        "target_sections": sections.get(Stage.TARGET, []),
        "probation_sections": sections.get(Stage.PROBATIONARY, []),
        "full_sections": sections.get(Stage.FULL, []),
        "introducer_problems": mc.introducer_problems(introducers, today)
        if introducers and case.stage == Stage.TARGET else [],
        "can_edit_introducers": can_edit_stage_records(user, case, Stage.TARGET),
        "requests": _request_buttons(case, facts, user),
        "pending": [f for f in facts.filings if f.status == FilingStatus.PENDING],
        "decisions": [f for f in facts.filings if f.kind != FilingKind.ACTIVIST],
    }


def target_context(user, case, facts, today):
    """确定发展对象 on an activist's page: the 支委会决议, the request, and (2026) 公示 and confirmation."""
    needs_notice = mc.target_needs_notice(facts, today)
    agreement = facts.decided(FilingKind.TARGET)
    pending = facts.pending(FilingKind.TARGET)
    can_edit = can_edit_activist_records(user, case)
    resolutions = _section("target-resolutions", facts, user)
    notices = _section("notices", facts, user) if needs_notice and agreement else None
    _attach_files(case, [s for s in (resolutions, notices) if s])
    latest = facts.latest_filing(FilingKind.TARGET)
    return {
        "needs_notice": needs_notice,
        "agreement": agreement,
        "pending": pending,
        "returned": latest if latest and latest.status == FilingStatus.RETURNED else None,
        "resolutions": resolutions,
        "notices": notices,
        "request_label": request_label(FilingKind.TARGET, facts, today),
        "can_request": can_edit and pending is None and agreement is None,
        "can_confirm": can_edit and needs_notice and agreement is not None,
        "confirm_problems": problems(facts, mc.CONFIRM_TARGET, today) if needs_notice and agreement else [],
    }

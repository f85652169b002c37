"""The applicant's phone site (what the mini-program shows): register, write the letter, follow progress."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.cases.models import ApplicationLetter, Case, ThoughtReport
from partydev.cases.permissions import can_submit_letter, can_submit_report
from partydev.cases.selectors import open_return
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import StaleState, case_register, letter_submit, report_submit
from partydev.process.enums import LetterStatus
from partydev.process.timeline import build_timeline
from partydev.registration.selectors import code_by_token
from partydev.webforms.records import LetterForm, RegistrationForm, ThoughtReportForm


def applicant_view(view):
    """Logged-in applicants only; the case is always the user's own (never from the URL)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        case = Case.objects.select_related("branch").filter(user=request.user).first()
        if case is None:
            raise Http404
        return view(request, case, *args, **kwargs)

    return wrapper


def register(request, token):
    code = code_by_token(token)
    if code is None:
        raise Http404
    if not code.is_usable():
        return render(request, "mobile/register_closed.html", {"code": code}, status=410)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_register(code=code, data=form.cleaned_data, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            login(request, case.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Registration complete. Please submit your application letter."))
            return redirect("mobile:home")
    return render(request, "mobile/register.html", {"code": code, "form": form},
                  status=400 if request.method == "POST" else 200)


@applicant_view
def home(request, case):
    """The person's own progress. Opinions about them are never shown here (only contacts' names)."""
    facts = load_facts(case)
    return render(request, "mobile/home.html", {
        "case": case, "letters": facts.letters, "reports": facts.reports,
        "contacts": [a.member.name for a in facts.active_contacts],
        "timeline": build_timeline(facts, timezone.localdate())[:6],
        "returned": open_return(case),
        "can_submit": can_submit_letter(request.user, case, facts.letters),
        "can_report": can_submit_report(request.user, case)})


@applicant_view
def letter_new(request, case):
    letters = list(case.applicationletters.all().order_by("-created_at", "-id"))
    if not can_submit_letter(request.user, case, letters):
        messages.info(request, _("Your application letter is already with the branch."))
        return redirect("mobile:home")
    returned = next((x for x in letters if x.status == LetterStatus.RETURNED), None)
    initial = {"title": returned.title, "content": returned.content,
               "written_date": returned.written_date} if returned else {"title": _("Application for Party membership")}
    form = LetterForm(request.POST or None, request.FILES or None, initial=initial, born=case.birth_date)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "content", "written_date")}
        try:
            letter_submit(case=case, actor=request.user, data=data, files=form.cleaned_data["attachments"])
        except StaleState as exc:
            messages.warning(request, str(exc))
            return redirect("mobile:home")
        except ValidationError as exc:  # the service's own checks (a date out of range): nothing written
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your application letter has been submitted."))
            return redirect("mobile:home")
    return render(request, "mobile/letter_form.html", {"form": form, "returned": returned, "case": case},
                  status=400 if request.method == "POST" else 200)


@applicant_view
def letter_detail(request, case, pk):
    letter = get_object_or_404(ApplicationLetter, case=case, pk=pk)
    return render(request, "mobile/letter_detail.html", {
        "case": case, "letter": letter, "files": letter.attachments.all()})


@applicant_view
def report_new(request, case):
    if not can_submit_report(request.user, case):
        raise Http404
    form = ThoughtReportForm(request.POST or None, request.FILES or None, born=case.birth_date,
                             initial={"title": _("Thought report"), "written_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "content", "written_on")}
        try:
            report_submit(case=case, actor=request.user, data=data, files=form.cleaned_data["attachments"])
        except ValidationError as exc:  # the service's own checks: nothing written
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your thought report has been submitted."))
            return redirect("mobile:home")
    return render(request, "mobile/report_form.html", {"form": form, "case": case},
                  status=400 if request.method == "POST" else 200)


@applicant_view
def report_detail(request, case, pk):
    report = get_object_or_404(ThoughtReport, case=case, pk=pk)
    return render(request, "mobile/report_detail.html", {
        "case": case, "report": report, "files": report.attachments.all()})

"""The one "problems, then 确定" flow of every request and transition the branch starts: show what the
rules find on the date the user enters (default today); 确定 calls the service, which checks again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import BlockedByProblems, StaleState
from partydev.process.gates import problems
from partydev.process.problems import blocking
from partydev.webforms.records import DateInput, DatesInRange


class EffectiveDateForm(DatesInRange):
    on = forms.DateField(widget=DateInput(attrs={"class": "form-control"}), required=False)

    def clean_on(self):
        # The page offers today; a client that sends no date means today too.
        return self.cleaned_data["on"] or timezone.localdate()

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label or gettext_lazy("Effective date")


def problems_then_confirm(request, *, case, gate, perform, template, context, date_label, blocked_message,
                          success_message, success_url):
    """GET: the gate's problems on today. POST: on the entered date; `perform(on)` when nothing blocks."""
    form = EffectiveDateForm(request.POST if request.method == "POST" else None, label=date_label,
                             initial={"on": timezone.localdate()}, born=case.birth_date)
    on = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["on"]
    found = problems(load_facts(case), gate, on)
    if request.method == "POST" and form.is_valid():
        try:
            perform(on)
        except BlockedByProblems as exc:
            found = exc.problems
            messages.error(request, blocked_message)
        except ValidationError as exc:
            form.add_error("on", exc)
        except StaleState as exc:
            messages.warning(request, str(exc))
            return redirect(success_url)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render(request, template, {**context, "case": case, "problems": found, "blocked": bool(blocking(found)),
                                      "date_form": form}, status=400 if request.method == "POST" else 200)

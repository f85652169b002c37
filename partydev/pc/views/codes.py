"""新发展用户 → 新发展人员注册二维码."""

from datetime import datetime, time

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydev.common.pagination import paginate
from partydev.orgs.selectors import branches_managed_by
from partydev.registration import notice as notice_text
from partydev.registration.models import DEFAULT_VALID_MINUTES
from partydev.registration.selectors import code_for, codes_visible_to, notice_of
from partydev.registration.services import code_create, code_revoke, notice_save
from partydev.webforms.records import DateInput, DatesInRange

from ..access import branch_admin_view

MIN_MINUTES, MAX_MINUTES = 5, 7 * 24 * 60


def minutes_field(**kwargs):
    return forms.IntegerField(
        label=gettext_lazy("Valid for (minutes)"), min_value=MIN_MINUTES, max_value=MAX_MINUTES,
        error_messages={
            "required": gettext_lazy("Enter how many minutes the QR code is valid."),
            "invalid": gettext_lazy("Enter the validity as a whole number of minutes."),
            "min_value": gettext_lazy("The QR code must be valid for at least %(limit_value)s minutes."),
            "max_value": gettext_lazy("The QR code can be valid for at most %(limit_value)s minutes (7 days)."),
        }, **kwargs)


class CodeForm(forms.Form):
    branch = forms.ModelChoiceField(label=gettext_lazy("Branch"), queryset=None, empty_label=None)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100, required=False,
                            help_text=gettext_lazy("For example: the September registration of applicants."),
                            error_messages={"max_length": gettext_lazy(
                                "The title can have at most %(limit_value)d characters (it has %(show_value)d).")})
    valid_minutes = minutes_field(initial=DEFAULT_VALID_MINUTES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_managed_by(user)


def registration_url(request, code) -> str:
    path = reverse("mobile:register", args=[code.token])
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


HOURS = [(h, f"{h}:00") for h in range(24)]


class NoticeForm(DatesInRange):
    """入党申请人集中注册通知: the text, the time slot when the code is sent ("9月15日20点整"), its validity.
    The day lies ahead, within the common date range (DatesInRange, at most 5 years on)."""

    later_dates = ("send_date",)

    text = forms.CharField(
        label=gettext_lazy("Notice text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 9}),
        help_text=gettext_lazy("Filled in for you: {time} the time slot, {minutes} the validity, "
                               "{until} when the code expires, {branch} the branch's name."),
        error_messages={
            "required": gettext_lazy("Write the notice text."),
            "max_length": gettext_lazy(
                "The notice can have at most %(limit_value)d characters (it has %(show_value)d)."),
        })
    send_date = forms.DateField(label=gettext_lazy("Day the QR code is sent"), widget=DateInput(),
                                error_messages={"required": gettext_lazy("Choose the day the QR code is sent."),
                                                "invalid": gettext_lazy("Enter the day as YYYY-MM-DD.")})
    send_hour = forms.TypedChoiceField(
        label=gettext_lazy("Hour (on the hour)"), coerce=int, choices=HOURS, initial=20,
        error_messages={"required": gettext_lazy("Choose the hour the QR code is sent."),
                        "invalid_choice": gettext_lazy("Choose an hour between 0 and 23.")})
    valid_minutes = minutes_field(initial=DEFAULT_VALID_MINUTES)

    def clean_text(self):
        text = self.cleaned_data["text"]
        unknown = notice_text.unknown_placeholders(text)
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholder %(unknown)s; use %(known)s.")
                % {"unknown": "、".join(unknown), "known": "、".join(notice_text.PLACEHOLDERS)})
        return text

    def clean(self):
        data = super().clean()
        if data.get("send_date") is not None and data.get("send_hour") is not None:
            send_at = timezone.make_aware(datetime.combine(data["send_date"], time(data["send_hour"])))
            if send_at < timezone.now():
                self.add_error("send_hour", _("The time slot has passed; choose a time to come."))
            data["send_at"] = send_at
        return data


def _notice_initial(branch) -> dict:
    saved = notice_of(branch)
    if saved is None:
        return {"text": notice_text.default_text()}
    initial = {"text": saved.text, "valid_minutes": saved.valid_minutes}
    if saved.send_at:
        local = timezone.localtime(saved.send_at)
        initial |= {"send_date": local.date(), "send_hour": local.hour}
    return initial


def _notice_preview(branch) -> dict:
    saved = notice_of(branch)
    return {"branch": branch, "saved": saved, "text": notice_text.render(
        text=saved.text if saved else None, branch=branch, send_at=saved.send_at if saved else None,
        valid_minutes=saved.valid_minutes if saved else DEFAULT_VALID_MINUTES)}


@branch_admin_view
def code_list(request):
    branches = list(branches_managed_by(request.user))
    notices = [_notice_preview(b) for b in branches]
    initial = {}
    if notices and notices[0]["saved"]:
        initial["valid_minutes"] = notices[0]["saved"].valid_minutes
    form = CodeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        code = code_create(branch=form.cleaned_data["branch"], actor=request.user,
                           title=form.cleaned_data["title"], valid_minutes=form.cleaned_data["valid_minutes"])
        messages.success(request, _("The registration QR code has been created."))
        return redirect("pc:code_detail", pk=code.pk)
    page = paginate(request, codes_visible_to(request.user).select_related("branch"))
    return render(request, "pc/codes/list.html", {"form": form, "page": page, "now": timezone.now(),
                                                  "notices": notices, "nav": "codes"})


@branch_admin_view
def notice_edit(request, branch_pk):
    """Prepare the branch's 入党申请人集中注册通知 before creating the code (own branch only, else 404)."""
    branch = branches_managed_by(request.user).filter(pk=branch_pk).first()
    if branch is None:
        raise Http404
    form = NoticeForm(request.POST or None, initial=_notice_initial(branch))
    if request.method == "POST" and form.is_valid():
        notice_save(branch=branch, actor=request.user, text=form.cleaned_data["text"],
                    send_at=form.cleaned_data["send_at"], valid_minutes=form.cleaned_data["valid_minutes"])
        messages.success(request, _("The registration notice has been saved."))
        return redirect("pc:code_list")
    return render(request, "pc/codes/notice.html", {"form": form, "branch": branch, "nav": "codes",
                                                    "preview": _notice_preview(branch)["text"]})


@branch_admin_view
def code_detail(request, pk):
    code = code_for(request.user, pk)
    url = registration_url(request, code)
    return render(request, "pc/codes/detail.html", {
        "code": code, "url": url, "nav": "codes",
        "qr_svg": segno.make(url, error="m").svg_inline(scale=6, border=2),
        # Codes made before notices were saved have none: the default text with the code's expiry.
        "notice": code.notice or notice_text.render(text=None, branch=code.branch,
                                                    valid_minutes=code.valid_minutes, expires_at=code.expires_at),
    })


@branch_admin_view
def code_qr_png(request, pk):
    code = code_for(request.user, pk)
    response = HttpResponse(content_type="image/png")
    segno.make(registration_url(request, code), error="m").save(response, kind="png", scale=8, border=2)
    response["Content-Disposition"] = f'attachment; filename="registration-{code.pk}.png"'
    return response


@require_POST
@branch_admin_view
def code_revoke_view(request, pk):
    code = code_for(request.user, pk)
    if code_revoke(code=code, actor=request.user):
        messages.success(request, _("The registration QR code has been revoked."))
    else:
        messages.info(request, _("This code was already revoked."))
    return redirect("pc:code_detail", pk=code.pk)

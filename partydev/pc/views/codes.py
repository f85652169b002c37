"""新发展用户 → 新发展人员注册二维码."""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydev.common.pagination import paginate
from partydev.orgs.selectors import branches_managed_by
from partydev.registration.selectors import code_for, codes_visible_to
from partydev.registration.services import code_create, code_revoke

from ..access import branch_admin_view


class CodeForm(forms.Form):
    branch = forms.ModelChoiceField(label=gettext_lazy("Branch"), queryset=None, empty_label=None)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100, required=False,
                            help_text=gettext_lazy("For example: the September registration of applicants."))
    valid_minutes = forms.IntegerField(label=gettext_lazy("Valid for (minutes)"), initial=30,
                                       min_value=5, max_value=7 * 24 * 60)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_managed_by(user)


def registration_url(request, code) -> str:
    path = reverse("mobile:register", args=[code.token])
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@branch_admin_view
def code_list(request):
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        code = code_create(branch=form.cleaned_data["branch"], actor=request.user,
                           title=form.cleaned_data["title"], valid_minutes=form.cleaned_data["valid_minutes"])
        messages.success(request, _("The registration QR code has been created."))
        return redirect("pc:code_detail", pk=code.pk)
    page = paginate(request, codes_visible_to(request.user).select_related("branch"))
    return render(request, "pc/codes/list.html", {"form": form, "page": page, "now": timezone.now(),
                                                  "nav": "codes"})


@branch_admin_view
def code_detail(request, pk):
    code = code_for(request.user, pk)
    url = registration_url(request, code)
    return render(request, "pc/codes/detail.html", {
        "code": code, "url": url, "nav": "codes",
        "qr_svg": segno.make(url, error="m").svg_inline(scale=6, border=2),
        "notice": _notice_text(code),
    })


def _notice_text(code) -> str:
    expires = timezone.localtime(code.expires_at)
    return _(
        "[Centralised registration of applicants for Party membership]\n"
        "Hello everyone. As required, %(branch)s is organising the registration of applicants. "
        "The branch's QR code will be sent to the group; please open your phone and scan it to "
        "register. The code is valid for only %(minutes)s minutes (until %(until)s), so please do not "
        "miss it!\nPlease do not forward the code to anyone who is not an applicant in this group. "
        "Thank you for your cooperation."
    ) % {"branch": code.branch.name, "minutes": code.valid_minutes, "until": expires.strftime("%Y-%m-%d %H:%M")}


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

"""Password reset by an administrator (partydev/registration/password_reset.py): the branch
administrator for a person of its branch (from the person's page), the committee administrator for
the accounts it maintains (partydev/pc/views/accounts.py, 账号管理), and the link itself, which anyone holding it may
open: the phone page for applicants, the login page's styling for administrators."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from partydev.cases.selectors import case_for
from partydev.registration.models import PasswordResetLink
from partydev.registration.password_reset import (
    LinkRefused,
    can_reset_applicant,
    link_by_token,
    link_hours,
    reset_link_issue_for_applicant,
    reset_link_refused,
    reset_link_use,
)

from ..access import branch_admin_view
from ..navigation import list_for, nav_for


def reset_url(request, token: str) -> str:
    path = reverse("password_reset_link", args=[token])
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def issued(request, link, token) -> dict:
    url = reset_url(request, token)
    return {"link": link, "url": url,
            # Inline SVG without style attributes (the CSP allows no inline style).
            "qr_svg": segno.make(url, error="m").svg_inline(
                scale=5, border=2, svgclass="qr-code", title=_("QR code of the password reset link"))}


@never_cache
@branch_admin_view
def case_password_reset(request, public_id):
    """重置登录密码 for the person's phone account: GET asks, POST issues a new link and shows it once."""
    case = case_for(request.user, public_id)
    if not can_reset_applicant(request.user, case):
        raise Http404
    context = {"case": case, "person": case.name, "login_name": case.user.get_username(),
               "hours": link_hours(), "nav": nav_for(case), "list_url": list_for(case)[0],
               "list_label": list_for(case)[1], "back": reverse("pc:case_detail", args=[case.public_id])}
    if request.method == "POST":
        context |= issued(request, *reset_link_issue_for_applicant(case=case, actor=request.user))
    return render(request, "pc/password_reset/issue.html", context)


def _templates(link) -> tuple[str, str]:
    if link.kind == PasswordResetLink.Kind.APPLICANT:
        return "mobile/password_reset.html", "mobile/password_reset_dead.html"
    return "registration/password_reset_link.html", "registration/password_reset_dead.html"


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def password_reset_link(request, token):
    """The link: set a new password (Django's SetPasswordForm, the project's password validators).
    Unknown token: 404, nothing written. Used, expired or replaced: a message (410), audited."""
    link = link_by_token(token)
    if link is None:
        raise Http404
    page, dead = _templates(link)
    state = link.state()
    if state != "usable":
        reset_link_refused(link=link, state=state)
        return render(request, dead, {"state": state}, status=410)
    form = SetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reset_link_use(link=link, password=form.cleaned_data["new_password1"])
        except LinkRefused as exc:
            return render(request, dead, {"state": exc.state}, status=410)
        if request.user.is_authenticated and request.user.pk == link.user_id:
            logout(request)
        messages.success(request, _("Your new password has been set. Log in with it."))
        return redirect("login")
    return render(request, page, {"form": form, "login_name": link.user.get_username(), "link": link},
                  status=400 if request.method == "POST" else 200)

"""账号管理 (the committee administrator's 系统管理员 duty): the accounts of its subtree, a new account,
deactivate / reactivate, and a password-reset link (also a new account's first password). Scope and
rules are in partydev/accounts/ and partydev/orgs/selectors.py `accounts_managed_by`; out of scope is
404. Roles are granted by the security administrator (partydev/pc/views/security.py)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from partydev.accounts import services
from partydev.accounts.errors import Refused
from partydev.accounts.selectors import grants_by_user, homes_by_user, managed_account, search
from partydev.common.pagination import paginate, query_without_page
from partydev.orgs.models import Organisation, OrgKind, Role
from partydev.orgs.selectors import accounts_managed_by, path_filter, scope_paths
from partydev.registration.password_reset import link_hours, reset_link_issue_for_account

from ..access import committee_admin_view
from .password_reset import issued

NAV = "accounts"


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Login name or name"), required=False, max_length=50)


class AccountForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Login name"), max_length=150,
        help_text=gettext_lazy("Letters, digits and @ . + - _ only; the person logs in with it."),
        error_messages={"required": gettext_lazy("Enter the login name.")})
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150,
                           error_messages={"required": gettext_lazy("Enter the person's name.")})
    org = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), empty_label=None,
        help_text=gettext_lazy("Where the account belongs until the security administrator grants it a role."),
        error_messages={"invalid_choice": gettext_lazy("Choose an organisation of your Party committee.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organisation.objects.filter(
            path_filter(scope_paths(user, (Role.COMMITTEE_ADMIN,)), "path"), dissolved_on__isnull=True,
        ).exclude(kind=OrgKind.GROUP).order_by("path")


@committee_admin_view
def account_list(request):
    form = AccountSearchForm(request.GET or None)
    users = accounts_managed_by(request.user).order_by("-is_active", "username")
    if form.is_valid():
        users = search(users, form.cleaned_data["q"])
    page = paginate(request, users)
    rows = list(page)
    grants, homes = grants_by_user(rows), homes_by_user(rows)
    return render(request, "pc/accounts/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "nav": NAV,
        "rows": [(u, grants[u.pk], homes.get(u.pk)) for u in rows]})


@committee_admin_view
def account_new(request):
    form = AccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_create(actor=request.user, username=data["username"], name=data["name"], org=data["org"])
        except Refused as exc:
            form.add_error("username" if exc.reason in ("username_taken", "invalid") else None, exc.messages[0])
        else:
            messages.success(request, _("The account %(name)s was created. Generate a link for its first "
                                        "password and give it to the person.") % {"name": user.get_username()})
            return redirect("pc:account_password_reset", user.pk)
    return render(request, "pc/accounts/new.html", {"form": form, "nav": NAV},
                  status=400 if request.method == "POST" else 200)


def _confirm(request, user, *, service, title, text, button, danger, done):
    """GET: the confirmation page; POST: the service, back to the list with its message."""
    if request.method == "POST":
        try:
            service(actor=request.user, user=user)
        except Refused as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, done)
        return redirect("pc:account_list")
    return render(request, "pc/accounts/confirm.html", {
        "title": title, "text": text, "button": button, "danger": danger, "nav": NAV,
        "list_url": reverse("pc:account_list"), "list_label": _("Account management"),
        "cancel": reverse("pc:account_list")})


@committee_admin_view
def account_deactivate(request, pk):
    user = managed_account(request.user, pk)
    name = user.get_username()
    return _confirm(request, user, service=services.account_deactivate, danger=True,
                    title=_("Deactivate the account %(name)s?") % {"name": name},
                    text=_("The account can no longer log in, and its open sessions end. Its roles are kept, "
                           "so reactivating it restores it as it was."),
                    button=_("Deactivate"), done=_("The account %(name)s was deactivated.") % {"name": name})


@committee_admin_view
def account_reactivate(request, pk):
    user = managed_account(request.user, pk)
    name = user.get_username()
    return _confirm(request, user, service=services.account_reactivate, danger=False,
                    title=_("Reactivate the account %(name)s?") % {"name": name},
                    text=_("The account can log in again with its password and keeps its roles."),
                    button=_("Reactivate"), done=_("The account %(name)s was reactivated.") % {"name": name})



@never_cache
@committee_admin_view
def account_password_reset(request, pk):
    """重置登录密码 (and a new account's first password): GET asks, POST issues a link shown once."""
    user = managed_account(request.user, pk)
    if not user.is_active:  # reactivate first (the service refuses an inactive account too)
        raise Http404
    back = reverse("pc:account_list")
    context = {"person": user.get_full_name() or user.get_username(), "login_name": user.get_username(),
               "hours": link_hours(), "nav": NAV, "list_url": "pc:account_list",
               "list_label": _("Account management"), "back": back}
    if request.method == "POST":
        context |= issued(request, *reset_link_issue_for_account(user=user, actor=request.user))
    return render(request, "pc/password_reset/issue.html", context)

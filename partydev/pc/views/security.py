"""权限管理 and 安全管理 (the security administrator, Role.SECURITY_ADMIN): the accounts of its subtree
with their roles; grant and revoke a role, clear a lockout, reset a lost two-step verification, each
after a confirmation. Rules and scope: partydev/accounts/ (`accounts_secured_by`); out of scope is
404. The security administrator sees no case data: every case page answers it 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydev.accounts import services
from partydev.accounts.errors import Refused
from partydev.accounts.selectors import (
    accounts_with_failures,
    grants_by_user,
    has_devices,
    homes_by_user,
    login_failures,
    search,
    secured_account,
    two_factor_users,
)
from partydev.common.pagination import paginate, query_without_page
from partydev.orgs.models import OrgKind, Role, RoleGrant
from partydev.orgs.selectors import accounts_secured_by, orgs_secured_by, path_filter, scope_paths

from ..access import security_admin_view
from .accounts import AccountSearchForm

NAV_ROLES, NAV_SECURITY = "roles", "security"


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices,
                             error_messages={"required": gettext_lazy("Choose a role."),
                                             "invalid_choice": gettext_lazy("Choose a role.")})
    org = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=None,
                                 error_messages={"required": gettext_lazy("Choose an organisation."),
                                                 "invalid_choice": gettext_lazy("Choose an organisation of your area.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs_secured_by(user).exclude(kind=OrgKind.GROUP)


@security_admin_view
def security_user_list(request):
    form = AccountSearchForm(request.GET or None)
    users = accounts_secured_by(request.user).order_by("-is_active", "username")
    if form.is_valid():
        users = search(users, form.cleaned_data["q"])
    page = paginate(request, users)
    rows = list(page)
    grants, homes = grants_by_user(rows), homes_by_user(rows)
    failures, otp = login_failures(rows), two_factor_users(rows)
    return render(request, "pc/security/users.html", {
        "form": form, "page": page, "query": query_without_page(request), "nav": NAV_ROLES,
        "rows": [(u, grants[u.pk], homes.get(u.pk), failures.get(u.pk), u.pk in otp) for u in rows]})


def _user_page(request, user, grant_form=None, status=200):
    failures = login_failures([user]).get(user.pk)
    return render(request, "pc/security/user.html", {
        "account": user, "grants": grants_by_user([user])[user.pk], "home": homes_by_user([user]).get(user.pk),
        "failures": failures, "two_factor": has_devices(user), "nav": NAV_ROLES,
        "grant_form": grant_form or GrantForm(user=request.user)}, status=status)


@security_admin_view
def security_user(request, pk):
    return _user_page(request, secured_account(request.user, pk))


def _confirm_page(request, *, account, title, text, button, danger, hidden=(), status=200):
    return render(request, "pc/accounts/confirm.html", {
        "title": title, "text": text, "button": button, "danger": danger, "hidden": hidden, "nav": NAV_ROLES,
        "list_url": reverse("pc:security_user_list"), "list_label": _("Role management"),
        "user_url": reverse("pc:security_user", args=[account.pk]), "user_label": account.get_username(),
        "cancel": reverse("pc:security_user", args=[account.pk])}, status=status)


@require_POST
@security_admin_view
def security_grant(request, pk):
    """The user page's form posts here: first the confirmation page (the form's values carried in
    hidden fields), then, with `confirm`, the grant."""
    user = secured_account(request.user, pk)
    form = GrantForm(request.POST, user=request.user)
    if not form.is_valid():
        return _user_page(request, user, grant_form=form, status=400)
    role, org = form.cleaned_data["role"], form.cleaned_data["org"]
    if request.POST.get("confirm") != "1":
        return _confirm_page(
            request, account=user, danger=False, button=_("Grant"),
            title=_("Grant %(role)s of %(org)s to %(name)s?") % {
                "role": Role(role).label, "org": org.name, "name": user.get_username()},
            text=_("The account gets this role at its next page. The grant is recorded in the audit log."),
            hidden=[("role", role), ("org", org.pk), ("confirm", "1")])
    try:
        services.role_grant(actor=request.user, user=user, role=role, org=org)
    except Refused as exc:
        form.add_error(None, exc.messages[0])
        return _user_page(request, user, grant_form=form, status=400)
    messages.success(request, _("%(name)s is now %(role)s of %(org)s.") % {
        "name": user.get_username(), "role": Role(role).label, "org": org.name})
    return redirect("pc:security_user", user.pk)


def _grant_for(actor, pk) -> RoleGrant:
    """A grant on a node of the actor's subtree, of an account in its subtree; else 404."""
    grant = (RoleGrant.objects.select_related("user", "org")
             .filter(path_filter(scope_paths(actor, (Role.SECURITY_ADMIN,)), "org__path"), pk=pk)
             .filter(user__in=accounts_secured_by(actor)).first())
    if grant is None:
        raise Http404
    return grant


def _act(request, account, service, done, **kwargs):
    """POST of a confirmation page: the service, then back to the account's page with its message."""
    try:
        service(actor=request.user, **kwargs)
    except Refused as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, done)
    if not accounts_secured_by(request.user).filter(pk=account.pk).exists():
        return redirect("pc:security_user_list")
    return redirect("pc:security_user", account.pk)


@security_admin_view
def security_revoke(request, pk):
    grant = _grant_for(request.user, pk)
    user = grant.user
    if request.method == "POST":
        return _act(request, user, services.role_revoke, grant=grant,
                    done=_("The role was revoked."))
    return _confirm_page(
        request, account=user, danger=True, button=_("Revoke this role"),
        title=_("Revoke %(role)s of %(org)s from %(name)s?") % {
            "role": grant.get_role_display(), "org": grant.org.name, "name": user.get_username()},
        text=_("The account loses this role at its next page. The revocation is recorded in the audit log."))


@security_admin_view
def security_unlock(request, pk):
    user = secured_account(request.user, pk)
    if request.method == "POST":
        return _act(request, user, services.account_unlock, user=user,
                    done=_("The failed logins of %(name)s were cleared; the account can log in again.")
                    % {"name": user.get_username()})
    return _confirm_page(
        request, account=user, danger=False, button=_("Unlock"),
        title=_("Unlock %(name)s?") % {"name": user.get_username()},
        text=_("Clears the failed logins of this account from every address. Unlock only after "
               "checking with the person that the failures were theirs."))


@security_admin_view
def security_two_factor_reset(request, pk):
    user = secured_account(request.user, pk)
    if request.method == "POST":
        return _act(request, user, services.account_two_factor_reset, user=user,
                    done=_("The two-step verification of %(name)s was reset.") % {"name": user.get_username()})
    return _confirm_page(
        request, account=user, danger=True, button=_("Reset two-step verification"),
        title=_("Reset the two-step verification of %(name)s?") % {"name": user.get_username()},
        text=_("Removes the authenticator and the recovery codes of this account, for a person who lost "
               "both. The next login asks for the password only, then for a new enrolment. Confirm the "
               "person's identity first."))


@security_admin_view
def security_locked(request):
    """安全管理: the accounts of the subtree with recent failed logins, the locked ones first."""
    return render(request, "pc/security/locked.html", {
        "rows": accounts_with_failures(request.user), "nav": NAV_SECURITY})

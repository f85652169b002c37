from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from partydev.common.language import set_language
from partydev.pc.views import password_reset, two_factor
from partydev.pc.views.account import AuditedPasswordChangeView
from partydev.pc.views.home import root

# The Django admin logs in through the site's login page, so its administrators pass the same
# second factor and lockout (docs/security.md row 6).
admin.site.login = RedirectView.as_view(pattern_name="login", query_string=True)

urlpatterns = [
    path("", root, name="home"),
    path("accounts/login/", two_factor.TwoFactorLoginView.as_view(), name="login"),
    path("accounts/login/verify/", two_factor.login_verify, name="login_verify"),
    path("language/", set_language, name="set_language"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", AuditedPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The one-time link an administrator gives a person who forgot the password.
    path("accounts/password/reset/<str:token>/", password_reset.password_reset_link, name="password_reset_link"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("accounts/two-factor/recovery-codes/", two_factor.two_factor_recovery, name="two_factor_recovery"),
    path("accounts/two-factor/disable/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("pc/", include("partydev.pc.urls")),
    path("m/", include("partydev.mobile.urls")),
    path("api/", include("partydev.api.urls")),
    path("admin/", admin.site.urls),
]

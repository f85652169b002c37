from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partydev.pc.views.account import AuditedPasswordChangeView
from partydev.pc.views.home import root

urlpatterns = [
    path("", root, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", AuditedPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("pc/", include("partydev.pc.urls")),
    path("m/", include("partydev.mobile.urls")),
    path("admin/", admin.site.urls),
]

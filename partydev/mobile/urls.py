from django.urls import path

from partydev.pc.views.attachments import serve_attachment

from . import views

app_name = "mobile"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/<str:token>/", views.register, name="register"),
    path("letter/new/", views.letter_new, name="letter_new"),
    path("letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("attachments/<uuid:public_id>/", serve_attachment, name="attachment"),
]

from django.urls import path

from .views import (
    activists,
    applicants,
    attachments,
    audit,
    codes,
    filings,
    home,
    letters,
    records,
    reminders,
)

app_name = "pc"
case = "cases/<uuid:public_id>/"
urlpatterns = [
    path("", home.home, name="home"),
    path("registration-codes/", codes.code_list, name="code_list"),
    path("registration-codes/<int:pk>/", codes.code_detail, name="code_detail"),
    path("registration-codes/<int:pk>/qr.png", codes.code_qr_png, name="code_qr_png"),
    path("registration-codes/<int:pk>/revoke/", codes.code_revoke_view, name="code_revoke"),
    path("applicants/", applicants.applicant_list, name="applicant_list"),
    path("applicants/new/", applicants.applicant_new, name="applicant_new"),
    path("activists/", applicants.activist_list, name="activist_list"),
    path(case, applicants.case_detail, name="case_detail"),
    path(case + "letters/<int:pk>/", letters.letter_detail, name="letter_detail"),
    path(case + "letters/<int:pk>/approve/", letters.letter_approve_view, name="letter_approve"),
    path(case + "letters/<int:pk>/return/", letters.letter_return_view, name="letter_return"),
    path(case + "contacts/", activists.contacts_edit, name="contacts_edit"),
    path(case + "contacts/search/", activists.contacts_search, name="contacts_search"),
    path(case + "reports/<int:pk>/", activists.report_detail, name="report_detail"),
    path(case + "reports/<int:pk>/read/", activists.report_read, name="report_read"),
    path(case + "transfer/", activists.transfer, name="case_transfer"),
    path(case + "filing/", filings.case_filing, name="case_filing"),
    path(case + "return/", filings.case_return_view, name="case_return"),
    # Generic step records last, so that the fixed paths above win over the <kind> slug.
    path(case + "<slug:kind>/new/", records.record_new, name="record_new"),
    path(case + "<slug:kind>/<int:pk>/", records.record_detail, name="record_detail"),
    path(case + "<slug:kind>/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path(case + "<slug:kind>/<int:pk>/delete/", records.record_delete_view, name="record_delete"),
    path("filings/", filings.inbox, name="filing_inbox"),
    path("filings/<int:pk>/", filings.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/accept/", filings.filing_accept_view, name="filing_accept"),
    path("filings/<int:pk>/return/", filings.filing_return_view, name="filing_return"),
    path("reminders/", reminders.reminders, name="reminders"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("attachments/<uuid:public_id>/", attachments.serve_attachment, name="attachment"),
]

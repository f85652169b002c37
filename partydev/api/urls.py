"""/api/v1/… (docs/api.md). The schema at /api/schema/, Swagger UI at /api/docs/, ReDoc at /api/redoc/,
served from the vendored drf-spectacular-sidecar files (no CDN)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from .views import applicant, auth, cases, contacts, filings, ledger, membership, records


class IdConverter:
    """A database id: at most 18 digits, so a longer number is a 404, not an overflow in the query."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
app_name = "api"
case = "v1/cases/<uuid:public_id>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="swagger"),
    # ReDoc styles itself with inline <style> elements and renders in a blob: worker: allowed on this
    # one documentation page only (it shows the public schema, no personal data). Swagger UI works
    # under the site's strict policy (its few inline styles are cosmetic).
    path("redoc/", csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
        SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("v1/auth/token/", auth.token_create, name="token"),
    path("v1/auth/token/revoke/", auth.token_revoke, name="token_revoke"),
    path("v1/auth/token/revoke-all/", auth.token_revoke_all, name="token_revoke_all"),
    path("v1/auth/account/", auth.account, name="account"),
    path("v1/registration/<str:token>/", applicant.registration_code, name="registration_code"),
    path("v1/registration/<str:token>/register/", applicant.registration_register, name="register"),
    path("v1/me/", applicant.me_profile, name="me"),
    path("v1/me/progress/", applicant.me_progress, name="me_progress"),
    path("v1/me/letters/", applicant.me_letters, name="me_letters"),
    path("v1/me/letters/<id:pk>/", applicant.me_letter, name="me_letter"),
    path("v1/me/reports/", applicant.me_reports, name="me_reports"),
    path("v1/me/reports/<id:pk>/", applicant.me_report, name="me_report"),
    path("v1/cases/", cases.cases_list, name="cases"),
    path(case, cases.case_detail, name="case"),
    path(case + "timeline/", cases.case_timeline, name="case_timeline"),
    path(case + "letters/", cases.case_letters, name="case_letters"),
    path(case + "letters/<id:pk>/approve/", cases.letter_approve_view, name="letter_approve"),
    path(case + "letters/<id:pk>/return/", cases.letter_return_view, name="letter_return"),
    path(case + "contacts/", contacts.contacts, name="case_contacts"),
    path(case + "contacts/candidates/", contacts.contact_candidates, name="case_contact_candidates"),
    path(case + "reports/", cases.case_reports, name="case_reports"),
    path(case + "reports/<id:pk>/read/", cases.case_report_read, name="case_report_read"),
    path(case + "return/", cases.case_return_view, name="case_return"),
    path(case + "target/confirm/", membership.target_confirm_view, name="target_confirm"),
    path(case + "introducers/", membership.introducers, name="case_introducers"),
    path(case + "introducers/candidates/", membership.introducer_candidates, name="case_introducer_candidates"),
    path(case + "meetings/", membership.meetings, name="case_meetings"),
    path(case + "meetings/<str:purpose>/", membership.meeting_new, name="meeting_new"),
    path(case + "conversion/postpone/", membership.conversion_postpone_view, name="conversion_postpone"),
    path(case + "requests/<str:kind>/problems/", cases.request_problems, name="request_problems"),
    path(case + "requests/<str:kind>/", cases.request_send_view, name="request_send"),
    *[p for slug, (list_view, detail_view) in records.VIEWS.items() for p in (
        path(case + f"records/{slug}/", list_view, name=f"records_{slug}"),
        path(case + f"records/{slug}/<id:pk>/", detail_view, name=f"record_{slug}"))],
    path("v1/filings/", filings.inbox, name="filings"),
    path("v1/filings/<id:pk>/", filings.filing_detail, name="filing"),
    path("v1/filings/<id:pk>/accept/", filings.filing_accept_view, name="filing_accept"),
    path("v1/filings/<id:pk>/return/", filings.filing_return_view, name="filing_return"),
    path("v1/filings/<id:pk>/reject/", filings.filing_reject_view, name="filing_reject"),
    path("v1/reminders/", filings.reminders, name="reminders"),
    path("v1/ledger/", ledger.ledger, name="ledger"),
    path("v1/attachments/<uuid:public_id>/", ledger.attachment, name="attachment"),
]

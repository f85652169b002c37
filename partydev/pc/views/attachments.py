from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from partydev.audit.services import audit_record
from partydev.cases.attachments import attachment_path
from partydev.cases.models import ApplicationLetter, Attachment, ThoughtReport
from partydev.cases.selectors import cases_visible_to
from partydev.common.uploads import ALLOWED_KINDS, name_for_kind, pdf_has_active_content
from partydev.orgs.selectors import is_pc_user

# An applicant sees only what it wrote itself; files of talks, resolutions and opinions about the
# person are the branch's and are never handed to them.
APPLICANT_RECORDS = (ApplicationLetter, ThoughtReport)


def _attachments_visible_to(user):
    qs = Attachment.objects.select_related("case").filter(case__in=cases_visible_to(user))
    if not is_pc_user(user):
        qs = qs.filter(content_type__in=ContentType.objects.get_for_models(*APPLICANT_RECORDS).values())
    return qs


def _download_only(attachment, path) -> bool:
    """Images and plain PDFs open in the browser; DOCX and a PDF with scripts or automatic actions are
    saved instead, so the browser's PDF viewer never runs them on this site's origin."""
    if attachment.kind == "docx":
        return True
    return attachment.kind == "pdf" and pdf_has_active_content(path.read_bytes())


def serve_attachment(request, public_id):
    """Hand out a file only to someone who may see its record; every download is audited."""
    if not request.user.is_authenticated:
        raise Http404
    attachment = get_object_or_404(_attachments_visible_to(request.user), public_id=public_id)
    path = attachment_path(attachment)
    if not path.exists():
        raise Http404
    audit_record(actor=request.user, action="attachment.download", obj=attachment, case=attachment.case)
    response = FileResponse(path.open("rb"), content_type=ALLOWED_KINDS[attachment.kind],
                            as_attachment=_download_only(attachment, path),
                            filename=name_for_kind(attachment.original_name, attachment.kind))
    response["X-Content-Type-Options"] = "nosniff"
    return response

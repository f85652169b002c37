from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from partydev.audit.services import audit_record
from partydev.cases.attachments import attachment_path
from partydev.cases.models import Attachment
from partydev.cases.selectors import cases_visible_to
from partydev.common.uploads import ALLOWED_KINDS


def serve_attachment(request, public_id):
    """Hand out a file only to someone who may see its case; every download is audited."""
    if not request.user.is_authenticated:
        raise Http404
    attachment = get_object_or_404(
        Attachment.objects.select_related("case"),
        public_id=public_id, case__in=cases_visible_to(request.user))
    path = attachment_path(attachment)
    if not path.exists():
        raise Http404
    audit_record(actor=request.user, action="attachment.download", obj=attachment, case=attachment.case)
    response = FileResponse(path.open("rb"), content_type=ALLOWED_KINDS[attachment.kind],
                            as_attachment=attachment.kind == "docx", filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Steps 7–25 on the PC site: introducers, requests to the Party committee, 确定发展对象 after 公示,
and the lists of targets, probationary and full members. (Being written.)"""

from django.http import Http404

from ..access import admin_view, branch_admin_view


@branch_admin_view
def introducers_edit(request, public_id):
    raise Http404


@branch_admin_view
def request_send_view(request, public_id, kind):
    raise Http404


@branch_admin_view
def target_confirm_view(request, public_id):
    raise Http404


@admin_view
def target_list(request):
    raise Http404


@admin_view
def probationary_list(request):
    raise Http404


@admin_view
def full_list(request):
    raise Http404

"""Which batches a user sees: those uploaded within the user's admin scope (a branch admin: its
branch's; a committee admin: its subtree's). Outside scope is 404."""

from django.http import Http404

from partydev.orgs.selectors import ADMIN_ROLES, path_filter, scope_paths

from .models import ImportBatch


def batches_visible_to(user):
    return ImportBatch.objects.filter(path_filter(scope_paths(user, ADMIN_ROLES), "org_path"))


def batch_for(user, pk):
    batch = batches_visible_to(user).select_related("importer", "scope_org").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch

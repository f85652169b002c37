"""Choosing one branch out of a possibly huge set (docs/performance.md M1).

A province has ~180,000 branches: rendering them all as <option>s cost ~10 s per page. The field
keeps ModelChoiceField's validation (the submitted pk must be in the queryset: one `.get(pk=)`), and
its widget renders a plain <select> while the set is small, otherwise a search box that asks an
htmx endpoint for matching branches and puts the chosen pk into a hidden input of the field's own
name, so `?branch=<pk>` and the POSTed `to_branch` keep working unchanged.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from partydev.orgs.models import Organisation

DEFAULT_SELECT_LIMIT = 200
RESULT_LIMIT = 20
QUERY_MAX_LENGTH = 100


def select_limit() -> int:
    """Read on every render, so a test (or an operator) can change it without a restart."""
    return getattr(settings, "BRANCH_SELECT_LIMIT", DEFAULT_SELECT_LIMIT)


class BranchChooser(forms.Select):
    """A <select> for at most `BRANCH_SELECT_LIMIT` branches, else a search box (see the module)."""

    search_template = "pc/_branch_chooser.html"

    def __init__(self, attrs=None, search_url=None):
        super().__init__(attrs)
        self.search_url = search_url
        # The branch the field has just validated: the search box shows its name without a query.
        self.chosen = None

    def render(self, name, value, attrs=None, renderer=None):
        iterator = self.choices  # ModelChoiceIterator: .field and .queryset
        limit = select_limit()
        # One query that never loads more than limit + 1 (pk, name) pairs: enough to tell small from
        # large, and when small these rows are the options themselves.
        first = list(iterator.queryset.values_list("pk", "name")[:limit + 1])
        if len(first) <= limit:
            return self._render_select(name, value, attrs, iterator.field.empty_label, first)
        return self._render_search(name, value, attrs, iterator.queryset)

    def _render_select(self, name, value, attrs, empty_label, branches):
        """The <select>, built in one pass from (pk, name) pairs (Django's Select renders a template
        per <option> and wants model instances; a 党委's filter bar has up to 200 of them)."""
        chosen = "" if value is None else str(value.pk if isinstance(value, Organisation) else value)
        blank = [("", empty_label)] if empty_label is not None else []
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (pk, mark_safe(" selected") if str(pk) == chosen else "", label)
            for pk, label in [*blank, *branches]))
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)

    def _render_search(self, name, value, attrs, queryset):
        attrs = self.build_attrs(self.attrs, attrs)
        widget_id = attrs.get("id") or f"id_{name}"
        chosen = self._chosen_for(value, queryset)
        return render_to_string(self.search_template, {
            "name": name, "id": widget_id, "search_url": self.search_url,
            "value": chosen.pk if chosen else "", "chosen_name": chosen.name if chosen else "",
            # The bound field's error styling (templatetags/ui.py adds is-invalid to the class).
            "invalid": "is-invalid" in attrs.get("class", ""),
        })

    def _chosen_for(self, value, queryset):
        if value in (None, "", []):
            return None
        if isinstance(value, Organisation):
            return value
        if self.chosen is not None and str(self.chosen.pk) == str(value):
            return self.chosen
        try:
            return queryset.filter(pk=value).first()  # one query; outside the set → nothing shown
        except (ValueError, TypeError, ValidationError):
            return None


class BranchChoiceField(forms.ModelChoiceField):
    """ModelChoiceField with BranchChooser; `search_url` is the htmx endpoint searching the same set."""

    widget = BranchChooser

    def __init__(self, *args, search_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.search_url = search_url

    @property
    def search_url(self):
        return self.widget.search_url

    @search_url.setter
    def search_url(self, url):
        self.widget.search_url = url

    def to_python(self, value):
        branch = super().to_python(value)
        self.widget.chosen = branch
        return branch



def scope_branch_field() -> BranchChoiceField:
    """The filter bars' 党支部 field (lists, reminders): optional, searched through `pc:branch_search`;
    the form sets its queryset to the user's branches (docs/performance.md M1)."""
    return BranchChoiceField(label=gettext_lazy("Branch"), queryset=None, required=False,
                             empty_label=gettext_lazy("All branches"), search_url=reverse_lazy("pc:branch_search"))


def branch_search_response(request, queryset):
    """The htmx fragment for a search box: at most RESULT_LIMIT branches of `queryset` whose name
    contains ?q=, in tree order, each with its parent's name (many branches share a name such as
    第一党支部)."""
    q = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    results = []
    if q:
        results = list(queryset.filter(name__icontains=q).order_by("path")[:RESULT_LIMIT + 1])
    more = len(results) > RESULT_LIMIT
    results = results[:RESULT_LIMIT]
    _attach_parent_names(results)
    return render(request, "pc/_branch_results.html", {"q": q, "results": results, "more": more})


def _attach_parent_names(branches):
    """Every result's parent name, in one query for the whole fragment (treebeard: the parent's path
    is the child's path less one step)."""
    parent_path = {b.pk: b.path[:-b.steplen] for b in branches}
    names = dict(Organisation.objects.filter(path__in=set(parent_path.values())).values_list("path", "name"))
    for b in branches:
        b.parent_name = names.get(parent_path[b.pk], "")

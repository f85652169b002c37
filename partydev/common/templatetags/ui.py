"""Small template helpers: Bootstrap form fields and the labels of step states."""

from django import forms, template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput,)
_LIST_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.inclusion_tag("includes/field.html")
def field(bound_field, inline=False):
    widget = bound_field.field.widget
    if isinstance(widget, _CHECK_WIDGETS):
        css, kind = "form-check-input", "check"
    elif isinstance(widget, _LIST_WIDGETS):
        # Django puts the widget's class on the list's wrapper too; .check-list styles the inputs.
        css, kind = "", "list"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css, kind = "form-select", "input"
    else:
        css, kind = "form-control", "input"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": css} if css else {}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return {"f": bound_field, "kind": kind, "widget": bound_field.as_widget(attrs=attrs), "inline": inline}


STATE_CLASSES = {
    "done": "success", "in_progress": "primary", "due": "warning", "overdue": "danger", "not_yet": "secondary",
}


@register.simple_tag
def state_badge(row):
    return format_html('<span class="badge text-bg-{}">{}</span>', STATE_CLASSES[row.state], row.state_label)


@register.filter
def letter_badge_class(status):
    return {"submitted": "primary", "approved": "success", "returned": "danger"}.get(status, "secondary")


@register.filter
def period_state(period, today):
    """A half-year period's state as a badge: entered, due now, overdue or not started."""
    state = period.state(today)
    labels = {"done": (_("Entered"), "success"), "due": (_("Due"), "warning"),
              "overdue": (_("Missing"), "danger"), "not_yet": (_("Not yet"), "secondary")}
    label, css = labels[state]
    return {"label": label, "css": css}

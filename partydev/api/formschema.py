"""OpenAPI request bodies made from the web's own forms: one field per form field, with its label and
help text (translated), its type, choices and limits. The form still does the validating, so the
documented body and the rules cannot drift apart."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partydev.webforms.records import AttachmentsField

SKIP = {"attachments", "remove_attachments"}


def _describe(field):
    """The label and help text, lazily: the schema is rendered in each request's language."""
    if field.label and field.help_text:
        return format_lazy("{}. {}", field.label, field.help_text)
    return field.label or field.help_text or ""


def drf_field(field):  # noqa: C901  (one branch per kind of form field)
    common = {"required": field.required, "help_text": _describe(field)}
    if isinstance(field, AttachmentsField | forms.FileField):
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.ChoiceField) and not [k for k, _v in field.choices if k not in ("", None)]:
        return serializers.CharField(allow_blank=not field.required, **common)  # choices set per request
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.ChoiceField(choices=list(field.choices)), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(k, v) for k, v in field.choices if k not in ("", None)]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common | {"required": False})
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places,
                                        coerce_to_string=False, allow_null=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(allow_null=not field.required, min_value=field.min_value,
                                        max_value=field.max_value, **common)
    if isinstance(field, forms.CharField):
        return serializers.CharField(allow_blank=not field.required, max_length=field.max_length, **common)
    return serializers.CharField(**common)


def form_serializer(form_class, name: str, *, with_version: bool = False, exclude=()):
    attrs = {}
    for field_name, field in form_class.base_fields.items():
        if field_name in SKIP or field_name in exclude or (field_name == "version" and not with_version):
            continue
        made = drf_field(field)
        if made is not None:
            attrs[field_name] = made
    if with_version:
        attrs["version"] = serializers.CharField(help_text=_(
            "The record's version as read (from GET); a save of a record changed since is refused (422, "
            "record_changed)."))
        attrs["remove_attachments"] = serializers.ListField(child=serializers.IntegerField(), required=False,
                                                            help_text=_("Ids of attachments to remove."))
    return type(name, (serializers.Serializer,), attrs)

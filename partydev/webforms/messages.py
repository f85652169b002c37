"""Field-specific Chinese error messages instead of Django's stock ones (issue 11): "有效时长至少5分钟",
"赞成票数不能为负数", "谈话地点最多100个字" rather than "确保该值大于或等于5"."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

VOTES = {
    "invalid": _("Enter the number of votes as a whole number."),
    "min_value": _("The number of votes cannot be negative."),
}
EXTENSION_MONTHS = {
    "invalid": _("Enter the extension as a whole number of months."),
    "min_value": _("The probation is extended by at least %(limit_value)s months."),
    "max_value": _("The probation is extended by at most %(limit_value)s months."),
}
HOURS = {
    "invalid": _("Enter the class hours as a number, such as 24 or 24.5."),
    "max_digits": _("The class hours are too many; check the number."),
    "max_whole_digits": _("The class hours are too many; check the number."),
    "max_decimal_places": _("Enter the class hours with at most one decimal place."),
}


# Filled in with the field's label, then by Django with %(limit_value)d and %(show_value)d.
MAX_LENGTH = gettext_noop("{label} can have at most %(limit_value)d characters (it has %(show_value)d).")


def _with_label(template: str, label) -> str:
    return gettext(template).format(label=str(label).replace("%", "%%"))


_with_label_lazy = lazy(_with_label, str)


class FieldMessages(forms.BaseForm):
    """Text fields say which field is too long, in the user's language (not Django's
    "确保该值不超过 50 个字符"). A field that sets its own message keeps it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (isinstance(field, forms.CharField) and field.max_length and field.label
                    and "max_length" not in field.error_messages):
                field.error_messages["max_length"] = _with_label_lazy(MAX_LENGTH, field.label)

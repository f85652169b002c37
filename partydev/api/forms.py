"""Input is validated by the very forms the web pages use (partydev/webforms, pc.record_kinds): the
API adds no rule of its own and drops none. A form's errors become a 400 problem with `errors`."""

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def _data(request):
    data = request.data
    if hasattr(data, "getlist"):  # multipart: a QueryDict already
        return data
    if not isinstance(data, dict):
        raise ValidationError({"__all__": [_("A JSON object is expected.")]})
    return data


def bound(form_class, request, **kwargs):
    """The web's form bound to the request's JSON (or multipart) body and its files ("attachments")."""
    files = request.FILES if request.FILES else MultiValueDict()
    return form_class(_data(request), files, **kwargs)


def validated(form):
    if not form.is_valid():
        raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
    return form.cleaned_data

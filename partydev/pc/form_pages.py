"""The shape of a page with a form that writes through one service: a valid POST calls the service; a
refusal (ValidationError) is shown on the form and nothing is written; a POST shown again answers 400."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import render


@dataclass(frozen=True)
class Written:
    """What the service returned (always true, even when the service returns None)."""

    value: object


def posted_write(request, form, write) -> Written | None:
    """`write()` when the form is posted and valid. None when there is nothing to follow: a GET, an
    invalid form, or a refusal by the service (its messages are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Written(write())
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def form_page(request, template, context):
    return render(request, template, context, status=400 if request.method == "POST" else 200)

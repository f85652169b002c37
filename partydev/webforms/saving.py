"""From a validated record form to the typed call of the records service (the pages, the builders of
entries.py and the Excel import all save a record form this way)."""

from partydev.cases.services import kind_of, record_save


def form_data(form) -> dict:
    """The model fields the form edits, as cleaned values (many-to-many included)."""
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}


def save_record_form(*, form, case, actor, files=(), remove_attachments=()):
    """Save a valid ModelForm of a declared record kind through `record_save`; an edit carries the
    version of the record the page showed (RecordForm.seen_version), so a stale page is refused."""
    record = form.instance if form.instance.pk else None
    kind = kind_of(form.instance)
    return record_save(kind=kind, case=case, actor=actor, data=form_data(form), record=record,
                       version=form.seen_version() if record is not None else None, files=files,
                       remove_attachments=remove_attachments)

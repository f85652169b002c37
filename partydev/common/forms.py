from django import forms


class FilterForm(forms.Form):
    """GET filter bars: every widget gets its Bootstrap class, so templates can render `{{ form.x }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)


# The largest primary key the databases hold (signed 64-bit).
MAX_ID = 2**63 - 1


class MemberChoices(forms.ModelMultipleChoiceField):
    """Django's multiple choice, but an id too large for the database (a hand-made POST such as
    talkers=99999999999999999999999) is "not one of the available choices", like any unknown id,
    instead of an OverflowError (SQLite) or DataError (PostgreSQL) and a 500."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            try:
                too_large = abs(int(str(pk))) > MAX_ID
            except (TypeError, ValueError):
                continue  # Django's own check answers these
            if too_large:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": pk})
        return super()._check_values(value)

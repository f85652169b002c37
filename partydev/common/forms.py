from django import forms


class FilterForm(forms.Form):
    """GET filter bars: every widget gets its Bootstrap class, so templates can render `{{ form.x }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)

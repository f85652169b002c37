"""A stricter JSON parser. JSON allows what the database and the response cannot hold: integers
beyond 64 bits (an id or a vote count would overflow the column: a 500) and lone UTF-16 surrogates
in strings ("\\udb7f", which cannot be encoded back as UTF-8). Both are refused as a parse error (400)
before any form or service sees them; the web's forms never receive either (form posts are UTF-8)."""


from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

LIMIT = 2**63 - 1


def _check(value) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if not -LIMIT <= value <= LIMIT:
            raise ParseError(_("A number in the request is too large."))
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(_("The request holds characters that are not valid Unicode.")) from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key)
            _check(item)
    elif isinstance(value, list):
        for item in value:
            _check(item)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check(data)
        return data



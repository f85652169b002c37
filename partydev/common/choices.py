"""Choices enums without django.db: the rules in `partydev.process` are pure Python and must not
import the ORM, yet model fields, forms and templates want Django's TextChoices interface
(`.choices`, `.values`, `.label`). This gives that interface on a plain `str` enum.
"""

import enum


class _ChoicesType(enum.EnumMeta):
    @property
    def choices(cls) -> list[tuple[str, object]]:
        return [(member.value, member.label) for member in cls]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls]

    @property
    def labels(cls) -> list[object]:
        return [member.label for member in cls]

    def __contains__(cls, value) -> bool:
        # `"applicant" in Stage`, as with Django's choices.
        if isinstance(value, enum.Enum):
            return super().__contains__(value)
        return value in cls._value2member_map_


class TextChoices(enum.StrEnum, metaclass=_ChoicesType):
    """`NAME = "value", _("Label")`, compared and stored as the plain string value."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value.replace("_", " ").capitalize()
        return member

    # Templates must read the member, not call the class.
    do_not_call_in_templates = enum.nonmember(True)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}.{self._name_}"

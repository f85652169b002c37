"""Password composition rule of 等保 2.0 level 2: at least 3 of the 4 character classes."""

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _


def character_classes(password: str) -> set[str]:
    """Which classes occur in ``password``: "lower", "upper", "digit", "symbol".

    Anything that is not a cased letter or a decimal digit (punctuation, spaces, Chinese
    characters…) counts as a symbol.
    """
    classes = set()
    for char in password:
        if char.islower():
            classes.add("lower")
        elif char.isupper():
            classes.add("upper")
        elif char.isdecimal():
            classes.add("digit")
        else:
            classes.add("symbol")
    return classes


class CharacterClassValidator:
    """Require at least ``min_classes`` of: lowercase letters, uppercase letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        if not 1 <= min_classes <= 4:
            raise ValueError("min_classes must be between 1 and 4")
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _(
                    "This password is too simple. It must contain at least %(min_classes)d of these: "
                    "lowercase letters, uppercase letters, digits and symbols."
                ),
                code="password_too_simple",
                params={"min_classes": self.min_classes},
            )

    def get_help_text(self):
        return _(
            "Your password must contain at least %(min_classes)d of these: lowercase letters, "
            "uppercase letters, digits and symbols."
        ) % {"min_classes": self.min_classes}


class AttributeSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check, naming the attribute as users know it: "密码与登录名太相似了" (Django's own
    zh-Hans message reads "密码跟 用户名 太相似了", with stray spaces and the wrong word)."""

    NAMES = {"username": _("login name"), "first_name": _("given name"), "last_name": _("surname"),
             "email": _("email address")}

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            if error.code != "password_too_similar":
                raise
            raise ValidationError(
                _("The password is too similar to the %(name)s."), code="password_too_similar",
                params={"name": self._name(user, error.params["verbose_name"])}) from error

    def _name(self, user, verbose_name) -> str:
        for attribute in self.user_attributes:
            try:
                field_name = str(user._meta.get_field(attribute).verbose_name)
            except FieldDoesNotExist:
                field_name = attribute
            if field_name == verbose_name:
                return str(self.NAMES.get(attribute, verbose_name))
        return verbose_name

    def get_help_text(self):
        return _("Your password cannot be too similar to your login name or other personal information.")

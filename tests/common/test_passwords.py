import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from partydev.common.passwords import CharacterClassValidator, character_classes


def test_three_classes_pass():
    CharacterClassValidator().validate("Demo@2026")


def test_two_classes_fail():
    with pytest.raises(ValidationError) as info:
        CharacterClassValidator().validate("demo2026")
    assert info.value.error_list[0].code == "password_too_simple"
    assert "3" in info.value.messages[0]


@pytest.mark.parametrize("password", ["Demo2026", "demo@2026", "DEMO@2026", "Demo@demo"])
def test_any_three_of_four_pass(password):
    CharacterClassValidator(min_classes=3).validate(password)


@pytest.mark.parametrize("password", ["demodemo", "20262026", "DEMODEMO", "@@@@####", "DemoDemo", ""])
def test_fewer_than_three_fail(password):
    with pytest.raises(ValidationError):
        CharacterClassValidator(min_classes=3).validate(password)


def test_min_classes_four():
    CharacterClassValidator(min_classes=4).validate("Demo@2026")
    with pytest.raises(ValidationError):
        CharacterClassValidator(min_classes=4).validate("Demo2026")


def test_classes():
    assert character_classes("aB3 ") == {"lower", "upper", "digit", "symbol"}
    assert character_classes("党员") == {"symbol"}


def test_help_text_and_bad_option():
    assert "3" in CharacterClassValidator().get_help_text()
    with pytest.raises(ValueError):
        CharacterClassValidator(min_classes=5)


def test_wired_into_settings():
    # AUTH_PASSWORD_VALIDATORS in config/settings.py includes this validator.
    with pytest.raises(ValidationError) as info:
        validate_password("demopassword2026")
    assert "password_too_simple" in {error.code for error in info.value.error_list}
    validate_password("Zhibu@2026!")

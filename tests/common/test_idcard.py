import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from partydev.common.idcard import (
    birth_date_from_id,
    check_character,
    gender_from_id,
    make_id_number,
    normalize_id_number,
    validate_id_number,
)

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("english")

TODAY = datetime.date(2026, 11, 26)
# The GB 11643 standard's own example number (check character X).
STANDARD_EXAMPLE = "11010519491231002X"


def codes(value, today=TODAY):
    with pytest.raises(ValidationError) as info:
        validate_id_number(value, today=today)
    return info.value.code, str(info.value.messages[0])


def test_standard_example_is_valid():
    assert check_character("11010519491231002") == "X"
    assert validate_id_number(STANDARD_EXAMPLE, today=TODAY) == STANDARD_EXAMPLE


def test_lowercase_x_and_whitespace_are_normalised():
    assert normalize_id_number("  11010519491231002x ") == STANDARD_EXAMPLE
    assert validate_id_number(" 11010519491231002x\n", today=TODAY) == STANDARD_EXAMPLE


def test_full_width_input_is_normalised():
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == STANDARD_EXAMPLE


def test_wrong_check_digit():
    code, message = codes("110105194912310021")
    assert code == "checksum"
    assert "check digit" in message


def test_every_wrong_check_character_is_rejected():
    first17 = STANDARD_EXAMPLE[:17]
    for char in "0123456789":
        assert codes(first17 + char)[0] == "checksum"


def test_legacy_15_digit_number_is_refused():
    code, message = codes("110105491231002")
    assert code == "length"
    assert "18-digit" in message


@pytest.mark.parametrize("value", ["", "1101051949123100", "11010519491231002XX", "1" * 19])
def test_wrong_length(value):
    assert codes(value)[0] == "length"


@pytest.mark.parametrize(
    "value",
    [
        "1101051949123100X2",  # X not in last place
        "11010519491231002Y",
        "11010519491231-02X",
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits: isdigit() but not ASCII
    ],
)
def test_bad_format(value):
    assert codes(value)[0] == "format"


def test_birth_date_must_be_real():
    # 2026-02-29 does not exist; 2026-13-01 neither.
    assert codes(make_id_number_raw("110105", "20260229"))[0] == "birth_date"
    assert codes(make_id_number_raw("110105", "20261301"))[0] == "birth_date"


def test_birth_date_in_leap_year_is_accepted():
    number = make_id_number("110105", datetime.date(2008, 2, 29), 1, "F")
    assert validate_id_number(number, today=TODAY) == number


def test_birth_date_bounds():
    assert validate_id_number(make_id_number("110105", datetime.date(1900, 1, 1), 0, "M"), today=TODAY)
    assert codes(make_id_number_raw("110105", "18991231"))[0] == "birth_date"
    assert validate_id_number(make_id_number("110105", TODAY, 0, "M"), today=TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert codes(make_id_number("110105", tomorrow, 0, "M"))[0] == "birth_date"


def test_birth_date_defaults_to_the_local_date():
    future = datetime.date.today() + datetime.timedelta(days=400)
    with pytest.raises(ValidationError):
        validate_id_number(make_id_number("110105", future, 0, "M"))


def test_birth_date_and_gender_from_id():
    assert birth_date_from_id(STANDARD_EXAMPLE) == datetime.date(1949, 12, 31)
    assert gender_from_id(STANDARD_EXAMPLE) == "F"  # 17th digit 2
    assert gender_from_id("110105194912310010") == "M"  # 17th digit 1 (check char not relevant)


def test_make_id_number_rejects_bad_arguments():
    with pytest.raises(ValueError):
        make_id_number("11010", datetime.date(1990, 1, 1), 1, "M")
    with pytest.raises(ValueError):
        make_id_number("110105", datetime.date(1990, 1, 1), 100, "M")
    with pytest.raises(ValueError):
        make_id_number("110105", datetime.date(1990, 1, 1), 1, "X")


@given(
    region=st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(0, 99),
    gender=st.sampled_from(["M", "F"]),
)
def test_make_id_number_round_trip(region, birth, sequence, gender):
    number = make_id_number(region, birth, sequence, gender)
    assert len(number) == 18
    assert validate_id_number(number, today=TODAY) == number
    assert validate_id_number(number.lower(), today=TODAY) == number
    assert birth_date_from_id(number) == birth
    assert gender_from_id(number) == gender


@given(
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_single_digit_typo_is_caught(birth, position, delta):
    # MOD 11-2 detects every single-digit substitution (the date may break first).
    number = make_id_number("110105", birth, 12, "M")
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(ValidationError) as info:
        validate_id_number(changed, today=TODAY)
    assert info.value.code in {"checksum", "birth_date"}


def make_id_number_raw(region: str, yyyymmdd: str) -> str:
    """An otherwise valid number with an arbitrary (possibly impossible) birth-date string."""
    first17 = f"{region}{yyyymmdd}001"
    return first17 + check_character(first17)

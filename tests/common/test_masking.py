import pytest

from partydev.common.masking import mask_id_number, mask_phone


def test_mask_id_number_keeps_first_3_and_last_4():
    assert mask_id_number("11010519491231123X") == "110***********123X"
    assert len(mask_id_number("11010519491231123X")) == 18


def test_mask_id_number_hides_birth_date():
    masked = mask_id_number("110105194912311234")
    assert "19491231" not in masked
    assert masked.count("*") == 11


@pytest.mark.parametrize("value", ["", None, "   "])
def test_empty_input(value):
    assert mask_id_number(value) == ""
    assert mask_phone(value) == ""


def test_short_values_are_never_shown_in_full():
    assert mask_id_number("1234567") == "*******"
    assert mask_id_number("12345678") == "123*5678"
    assert mask_phone("1234") == "****"


def test_mask_mobile_phone():
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01012345678", "010****5678"),  # any 11-character number uses the 3 + 4 form
        ("12345", "12*45"),
        ("010-8888888", "010****8888"),
        ("02088886666", "020****6666"),
        ("88886666", "88****66"),
        ("+8613812345678", "+8**********78"),
    ],
)
def test_mask_other_phone_lengths(value, expected):
    assert mask_phone(value) == expected

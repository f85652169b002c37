import pytest

from partydev.common.masking import mask_id_number, mask_phone


def test_mask_id_number_keeps_only_the_first_3():
    # Not the former 110***********123X: beside the date of birth that left about 3 candidates
    # (issue 10 finding 3; tests/security/test_id_candidates.py counts them).
    assert mask_id_number("11010519491231123X") == "110***************"
    assert len(mask_id_number("11010519491231123X")) == 18


def test_mask_id_number_hides_birth_date_sequence_and_check():
    masked = mask_id_number("110105194912311234")
    assert "19491231" not in masked and "1234" not in masked
    assert masked.count("*") == 15


@pytest.mark.parametrize("value", ["", None, "   "])
def test_empty_input(value):
    assert mask_id_number(value) == ""
    assert mask_phone(value) == ""


def test_short_values_are_never_shown_in_full():
    assert mask_id_number("123") == "***"
    assert mask_id_number("12345678") == "123*****"
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

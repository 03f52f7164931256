import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from cwis.core import validators as v


def make_id(region: str, birth: str, seq: str = "123") -> str:
    base = region + birth + seq
    return base + ric.calc_check_digit(base + "0")


def assert_refused(func, message, *args, **kwargs):
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    assert info.value.messages == [str(message)]


@pytest.mark.django_db
class TestCitizenId:
    def test_it_accepts_a_real_format_number(self):
        number = make_id("360121", "20150307")
        assert v.validate_citizen_id(number) == number

    def test_it_normalises_a_lower_case_x_and_spaces(self):
        base = "11010519491231002"
        # 11010519491231002X is the standard's own example number.
        assert v.validate_citizen_id(" " + base + "x ") == base + "X"

    def test_it_refuses_a_wrong_check_character(self):
        number = make_id("360121", "20150307")
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        assert_refused(v.validate_citizen_id, v.MSG_ID_CHECKSUM, wrong)

    def test_it_refuses_a_short_number(self):
        assert_refused(v.validate_citizen_id, v.MSG_ID_LENGTH, "36012120150307")

    def test_it_refuses_letters(self):
        assert_refused(v.validate_citizen_id, v.MSG_ID_FORMAT, "36012A201503071234")

    def test_it_refuses_an_impossible_birth_date(self):
        assert_refused(v.validate_citizen_id, v.MSG_ID_BIRTH_DATE, make_id("360121", "20150230"))

    def test_it_refuses_a_birth_date_in_the_future(self):
        number = make_id("360121", "20300101")
        assert_refused(
            v.validate_citizen_id, v.MSG_ID_BIRTH_FUTURE, number, today=dt.date(2026, 1, 1)
        )

    def test_it_refuses_an_unknown_region(self):
        assert_refused(v.validate_citizen_id, v.MSG_ID_REGION, make_id("369999", "20150307"))

    def test_it_accepts_a_withdrawn_region_that_old_numbers_carry(self):
        # 360122 新建县 became 新建区 (360112) in 2015; people born before keep the old code.
        number = make_id("360122", "19900101")
        assert v.validate_citizen_id(number) == number

    def test_it_reads_sex_from_the_sequence_digit(self):
        assert v.citizen_id_sex(make_id("360121", "20150307", "121")) == "male"
        assert v.citizen_id_sex(make_id("360121", "20150307", "122")) == "female"


class TestUscc:
    def test_it_accepts_a_valid_code(self):
        assert v.validate_uscc("91360121MA35XXXX70") == "91360121MA35XXXX70"

    def test_it_refuses_a_wrong_check_character(self):
        assert_refused(v.validate_uscc, v.MSG_USCC_INVALID, "91360121MA35XXXX71")


@pytest.mark.django_db
class TestDivisionCode:
    def test_it_returns_the_division(self):
        assert v.validate_division_code("360121").name == "南昌县"

    def test_it_refuses_an_unknown_code(self):
        assert_refused(v.validate_division_code, v.MSG_DIVISION_UNKNOWN, "369999")

    def test_it_refuses_a_malformed_code(self):
        assert_refused(v.validate_division_code, v.MSG_DIVISION_FORMAT, "36012")


class TestDates:
    def test_it_refuses_a_future_date(self):
        assert_refused(
            v.validate_not_future, v.MSG_DATE_FUTURE, dt.date(2030, 1, 1), today=dt.date(2026, 1, 1)
        )

    def test_it_refuses_a_later_date_before_an_earlier_one(self):
        with pytest.raises(ValidationError) as info:
            v.validate_date_order(
                dt.date(2020, 5, 1), dt.date(2020, 4, 1),
                earlier_label="birth date", later_label="intake date",
            )
        assert info.value.messages == [
            str(v.MSG_DATE_ORDER) % {"later": "intake date", "earlier": "birth date"}
        ]

    def test_it_accepts_dates_in_order_or_missing(self):
        v.validate_date_order(dt.date(2020, 4, 1), dt.date(2020, 4, 1), earlier_label="a",
                              later_label="b")
        v.validate_date_order(None, dt.date(2020, 4, 1), earlier_label="a", later_label="b")


@pytest.mark.django_db
class TestCitizenIdApi:
    def test_it_reads_a_valid_number(self, api, make_user):
        from cwis.core.permissions import Role

        number = make_id("360121", "20150307", "121")
        data = api(make_user(Role.MINISTRY_OFFICER)).get("/validate/citizen-id",
                                                          number=number).json()
        assert data == {"number": number, "birth_date": "2015-03-07", "sex": "male"}

    def test_it_answers_422_with_the_field_and_the_reason(self, api, make_user):
        from cwis.core.permissions import Role

        response = api(make_user(Role.MINISTRY_OFFICER)).get("/validate/citizen-id",
                                                              number="123")
        assert response.status_code == 422
        assert response.json()["detail"] == [
            {"loc": ["body", "number"], "msg": str(v.MSG_ID_LENGTH)}
        ]

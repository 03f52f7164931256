"""The community step never hands out an ID number a child in care already holds, even when a
transfer has since moved that child's file to another place than the number's county (the
national generation once stopped on the one-live-file-per-number index for this)."""

import datetime as dt

import pytest

from cwis.children.choices import ChildStatus
from cwis.children.tests.factories import ChildFactory
from cwis.core import crypto
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.synthetic.community import _citizen_id, _taken_ids

pytestmark = pytest.mark.django_db

COUNTY, PREFECTURE = "610826", "610800"


def _number(sequence: int) -> str:
    from stdnum.cn import ric

    base = f"{COUNTY}20200729{sequence:03d}"
    return base + ric.calc_check_digit(base + "0")


def test_a_transferred_childs_number_is_not_handed_out_again():
    home = InstitutionFactory(division_code=PREFECTURE, level="prefecture")
    # Taken in by the county's institution (the number carries the county), now in the
    # prefecture's institution: the file's place is the prefecture.
    child = ChildFactory(current_institution=home, citizen_id=_number(1),
                         birth_date=dt.date(2020, 7, 29), status=ChildStatus.IN_CARE)
    assert child.division_code.startswith(PREFECTURE)
    taken = _taken_ids()
    assert child.citizen_id_hash in taken
    number, digest = _citizen_id(COUNTY, dt.date(2020, 7, 29), "male", {}, taken)
    assert number == _number(3)  # sequence 001 skipped: the child in care holds it
    assert digest == crypto.keyed_hash(number, purpose="citizen_id")

"""Search at scale: name fragments through the pinyin column, pinyin prefixes, capped counts."""

import pytest

from cwis.children import selectors, services
from cwis.children.models import Child
from cwis.children.tests.factories import ChildFactory
from cwis.core import pagination

pytestmark = pytest.mark.django_db


def _names(actor, q: str) -> list[str]:
    return [c.name for c in selectors.child_list(actor=actor, filters={"q": q})]


def _child(institution, name: str, former: str = "") -> Child:
    child = ChildFactory(current_institution=institution, name=name, former_names=former)
    services.set_search_keys(child)
    child.save()
    return child


@pytest.fixture(params=["county", "province"])
def viewer(request, scope_users):
    """A county (its own rows are read) and a province (through the search indexes)."""
    return scope_users.in_scope if request.param == "county" else scope_users.overseer


def test_a_name_fragment_is_found_whatever_reading_the_name_was_given(scope_users, viewer):
    institution = scope_users.institution_a
    _child(institution, "曾小明")  # 曾 read ceng in the name's pinyin, zeng alone
    _child(institution, "单明华")
    _child(institution, "李华", former="无名氏、国小华")
    _child(institution, "赵雷")
    county = viewer
    assert _names(county, "曾") == ["曾小明"]
    assert _names(county, "单明") == ["单明华"]
    assert sorted(_names(county, "华")) == ["单明华", "李华"]
    assert _names(county, "国小华") == ["李华"]  # a former name
    assert _names(county, "小") == ["曾小明", "李华"]  # in list order
    assert _names(scope_users.out_of_scope, "曾") == []  # out of scope


def test_the_former_names_pinyin_is_kept_with_the_name():
    child = Child(name="李华", former_names="无名氏，国小华")
    services.set_search_keys(child)
    assert child.search_pinyin == "lihua|wumingshi|guoxiaohua"


def test_fragment_variants_cover_heteronyms_and_give_up_when_too_many():
    assert selectors.fragment_pinyin_variants("曾") == ["ceng", "zeng"]
    assert selectors.fragment_pinyin_variants("张伟") == ["zhangwei"]
    assert selectors.fragment_pinyin_variants("乐乐乐乐") is None  # 16 spellings: plain scan


def test_pinyin_and_initials_prefixes_in_list_order(scope_users, viewer):
    institution = scope_users.institution_a
    for name in ("张浩红", "赵红", "周小", "安宁", "朱一", "阿可"):
        _child(institution, name)
    county = viewer
    assert _names(county, "z") == ["张浩红", "赵红", "周小", "朱一"]
    assert _names(county, "zhh") == ["张浩红"]
    assert _names(county, "zh") == ["张浩红", "赵红", "周小", "朱一"]
    assert _names(county, "zhao") == ["赵红"]
    assert _names(county, "a") == ["阿可", "安宁"]
    assert _names(county, "ak") == ["阿可"]
    assert _names(county, "可") == ["阿可"]  # pinyin "ke": shorter than a trigram


def test_counts_stop_at_the_cap_and_say_so(scope_users, api, web, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    for n in range(5):
        _child(scope_users.institution_a, f"王{'一二三四五'[n]}")
    body = api(scope_users.in_scope).get("/children", limit=2).json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (3, True, 2)
    body = api(scope_users.in_scope).get("/children", q="王一").json()
    assert (body["count"], body["count_capped"]) == (1, False)
    page = web(scope_users.in_scope).get("/children/").content.decode()
    assert "超过 3 名儿童" in page


def test_the_given_name_pinyin_finds_the_child(scope_users, viewer):
    institution = scope_users.institution_a
    _child(institution, "李晓花")
    _child(institution, "欧阳晓华")  # a compound surname: the given name is 晓华
    _child(institution, "萧华")  # xiaohua is this one's whole name, not its given name
    _child(institution, "王晓")
    assert sorted(_names(viewer, "xiaohua")) == ["李晓花", "欧阳晓华", "萧华"]
    assert _names(viewer, "XiaoHua") == _names(viewer, "xiaohua")
    assert _names(scope_users.out_of_scope, "xiaohua") == []


def test_a_given_name_prefix_is_found_within_a_county(scope_users):
    _child(scope_users.institution_a, "李晓花")
    assert _names(scope_users.in_scope, "xiaoh") == ["李晓花"]


def test_the_given_name_pinyin_of_a_name():
    from cwis.children.names import given_name_pinyin

    assert given_name_pinyin("李晓花") == "xiaohua"
    assert given_name_pinyin("欧阳晓华") == "xiaohua"
    assert given_name_pinyin("司马光") == "guang"
    assert given_name_pinyin("李") == ""
    assert given_name_pinyin("买买提·艾力") == ""


def test_lists_sort_by_name_or_birth_date_either_way(scope_users, viewer):
    import datetime as dt

    institution = scope_users.institution_a
    for name, born in (("赵一", dt.date(2015, 1, 1)), ("安二", dt.date(2017, 1, 1)),
                       ("孙三", dt.date(2016, 1, 1))):
        child = _child(institution, name)
        child.birth_date = born
        child.save()

    def order(key):
        return [c.name for c in selectors.child_list(actor=viewer, order=key)]

    assert order("") == order("name") == ["安二", "孙三", "赵一"]
    assert order("-name") == ["赵一", "孙三", "安二"]
    assert order("birth") == ["赵一", "孙三", "安二"]
    assert order("-birth") == ["安二", "孙三", "赵一"]
    assert order("nonsense") == order("name")

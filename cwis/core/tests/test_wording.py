"""Issue 13, point 15: the Chinese wording a new user tripped over."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

import cwis
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role

CATALOGUES = sorted(Path(cwis.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("word", ["录入", "过滤器", "指标代码"])
def test_no_catalogue_uses_the_words_users_misread(word):
    assert len(CATALOGUES) >= 7
    found = [f"{path.parent.parent.parent.parent.name}: {entry.msgid}"
             for path in CATALOGUES for entry in polib.pofile(str(path))
             if not entry.obsolete and word in entry.msgstr]
    assert found == []


def zh(msgid: str, context: str = "") -> str:
    # Through variables: makemessages would otherwise extract these literals from the test.
    with translation.override("zh-hans"):
        return pgettext(context, msgid) if context else gettext(msgid)


@pytest.mark.parametrize(("msgid", "context", "chinese"), [
    ("Name", "not a person", "名称"),
    ("name", "not a person", "名称"),
    ("Name", "", "姓名"),  # a person's
    ("name", "person", "姓名"),
    ("Value", "figure", "数值"),
    ("Filter", "", "筛选"),
    ("Record", "", "记录"),
])
def test_names_of_places_and_institutions_are_mingcheng_and_figures_have_values(
        msgid, context, chinese):
    assert zh(msgid, context) == chinese


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/institutions/", "/divisions/"])
def test_the_name_column_of_institutions_and_divisions_is_mingcheng(make_user, web, url):
    body = web(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)).get(url).content.decode()
    headers = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", body)
    assert "名称" in headers
    assert "姓名" not in headers

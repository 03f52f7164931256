"""Synthetic people: Chinese names with a realistic surname distribution, valid ID numbers.

Surname shares are those of the 2020 census as published by the Ministry of Public Security
(《2020年全国姓名报告》), rounded; the tail is spread over the next common surnames. Given
names are drawn from characters common in names of children born 2008-2024. Everything is
driven by a `random.Random` so a seed reproduces the same data.
"""

import datetime as dt
import random
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from stdnum.cn import ric

# (surname, share in percent)
SURNAMES = [
    ("王", 7.1), ("李", 7.0), ("张", 6.6), ("刘", 5.4), ("陈", 4.6), ("杨", 3.1), ("黄", 2.5),
    ("赵", 2.4), ("吴", 2.1), ("周", 2.0), ("徐", 1.7), ("孙", 1.5), ("马", 1.4), ("朱", 1.3),
    ("胡", 1.3), ("郭", 1.2), ("何", 1.2), ("林", 1.1), ("高", 1.1), ("罗", 1.1), ("郑", 1.0),
    ("梁", 1.0), ("谢", 0.8), ("宋", 0.8), ("唐", 0.8), ("许", 0.7), ("韩", 0.7), ("冯", 0.7),
    ("邓", 0.7), ("曹", 0.7), ("彭", 0.6), ("曾", 0.6), ("肖", 0.6), ("田", 0.6), ("董", 0.5),
    ("袁", 0.5), ("潘", 0.5), ("于", 0.5), ("蒋", 0.5), ("蔡", 0.5), ("余", 0.5), ("杜", 0.5),
    ("叶", 0.5), ("程", 0.5), ("苏", 0.4), ("魏", 0.4), ("吕", 0.4), ("丁", 0.4), ("任", 0.4),
    ("沈", 0.4), ("姚", 0.4), ("卢", 0.4), ("姜", 0.4), ("崔", 0.4), ("钟", 0.3), ("谭", 0.3),
    ("陆", 0.3), ("汪", 0.3), ("范", 0.3), ("金", 0.3), ("石", 0.3), ("廖", 0.3), ("贾", 0.3),
    ("夏", 0.3), ("韦", 0.3), ("付", 0.3), ("方", 0.3), ("白", 0.3), ("邹", 0.3), ("孟", 0.3),
    ("熊", 0.3), ("秦", 0.3), ("邱", 0.3), ("江", 0.3), ("尹", 0.3), ("薛", 0.2), ("闫", 0.2),
    ("段", 0.2), ("雷", 0.2), ("侯", 0.2), ("龙", 0.2), ("史", 0.2), ("陶", 0.2), ("黎", 0.2),
    ("贺", 0.2), ("顾", 0.2), ("毛", 0.2), ("郝", 0.2), ("龚", 0.2), ("邵", 0.2), ("万", 0.2),
    ("钱", 0.2), ("严", 0.2), ("覃", 0.2), ("武", 0.2), ("戴", 0.2), ("莫", 0.2), ("孔", 0.2),
]
GIVEN_BOY = "浩宇轩子涵睿博泽铭辰俊杰思远逸晨宸昊天一诺明煜嘉乐毅鑫磊阳浩然梓航"
GIVEN_GIRL = "欣怡梓涵雨彤诗琪佳悦可馨子萱思雨若汐语桐一诺婉清晨曦雅静梦瑶紫嫣芷"
GIVEN_ANY = "安宁文华新春晓振家国志永海瑞兴建丽红英霞秀平"


class People:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._surnames = [s for s, _share in SURNAMES]
        self._weights = [share for _s, share in SURNAMES]

    def name(self, sex: str) -> str:
        surname = self.rng.choices(self._surnames, self._weights)[0]
        pool = GIVEN_BOY if sex == "male" else GIVEN_GIRL
        length = 1 if self.rng.random() < 0.25 else 2
        given = "".join(self.rng.choice(pool + GIVEN_ANY) for _ in range(length))
        return surname + given

    def birth_date(self, *, min_age: int, max_age: int, today: dt.date) -> dt.date:
        days = self.rng.randint(min_age * 365, max_age * 365 + 364)
        return today - dt.timedelta(days=days)

    def citizen_id(self, region: str, birth: dt.date, sex: str) -> str:
        sequence = self.rng.randrange(0, 500) * 2 + (1 if sex == "male" else 0)
        base = f"{region}{birth:%Y%m%d}{sequence:03d}"
        return base + ric.calc_check_digit(base + "0")


@lru_cache(maxsize=4096)
def _char_pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL)[0]


def pinyin_of(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, character by character, cached for speed."""
    syllables = [_char_pinyin(c) for c in name]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def given_pinyin_of(name: str) -> str:
    """The pinyin of the given name (the surnames drawn here are one character)."""
    return "".join(_char_pinyin(c) for c in name[1:]) if len(name) > 1 else ""

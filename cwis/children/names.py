"""The search keys of a name: its full pinyin, its initials and its given name's pinyin.

李晓花 is found as lixiaohua, lxh or xiaohua: workers often know a child by the given name
only. The surname is the first character, or the first two for a compound surname (欧阳,
司马...); a name written with a separator (少数民族: 买买提·艾力) has no surname split.
"""

from pypinyin import Style, lazy_pinyin

# Two-character surnames of the 《百家姓》 still in use; a name starting with one of them
# keeps both characters as its surname.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
    "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫",
    "西门", "百里", "呼延", "万俟", "闻人", "申屠", "澹台", "公冶", "太史",
    "仲孙", "钟离", "宗政", "濮阳", "淳于", "单于", "赫连", "第五", "拓跋",
    "左丘", "东郭", "子车", "司空", "亓官", "司寇", "梁丘", "谷梁", "公羊",
    "羊舌", "微生", "乐正", "壤驷", "巫马", "漆雕", "颛孙", "段干", "拓拔",
    "鲜于", "闾丘",
})
MAX_PINYIN = 200


def syllables_of(text: str) -> list[str]:
    """Lower-case letters-only pinyin syllables: 张小明 -> [zhang, xiao, ming]."""
    syllables = [s.lower() for s in lazy_pinyin(text or "", style=Style.NORMAL) if s.strip()]
    syllables = ["".join(ch for ch in s if ch.isascii() and ch.isalnum()) for s in syllables]
    return [s for s in syllables if s]


def surname_length(name: str) -> int:
    """Characters of the surname; 0 when the name cannot be split (too short, a separator)."""
    name = (name or "").strip()
    if len(name) < 2 or any(sep in name for sep in "·•.． "):
        return 0
    return 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1


def given_name_pinyin(name: str) -> str:
    """The pinyin of the name without its surname: 李晓花 -> xiaohua ('' if no split)."""
    length = surname_length(name)
    if not length:
        return ""
    return "".join(syllables_of(name.strip()[length:]))[:MAX_PINYIN]

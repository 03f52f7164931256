"""Legal bases of intake, with the dates each version was in force.

An intake stores the basis it was decided on *and* a copy of the provision's text as in
force that day (`Intake.legal_basis_*`), so a later revision never rewrites an old file.

Sources:
- 《儿童福利机构管理办法》 民政部令第63号, in force 2019-01-01, art. 9 (the children an
  institution takes in).
- 《儿童福利机构管理办法》 as revised, in force 2026-04-01 (7 chapters, 64 articles), the
  provision on the children an institution takes in: (一) long-term wards 1-5, (二) temporary
  wards 1-3, (三) persons in extreme poverty under 18. The published text's article number
  is not recorded here yet: `article` is left empty for these rows until it is checked
  against the official gazette, and the provision is cited by its items.
- 《中华人民共和国未成年人保护法》 (2020 revision, in force 2021-06-01) art. 93: temporary
  wards may be placed in a protection or welfare institution.
- "Other, per law": a basis not listed here; the note must name it.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cwis.children.choices import GuardianKind
from cwis.children.choices import IntakeCategory as C

MEASURES = "儿童福利机构管理办法"
MINORS_LAW = "中华人民共和国未成年人保护法"
OTHER_BASIS = "other"

_FOUND = frozenset({C.FOUND_CHILD, C.TRAFFICKING_RESCUED, C.STREET_CHILD})


@dataclass(frozen=True)
class LegalBasis:
    code: str
    label: object  # translated short citation, for choice lists
    law: str
    version: str
    article: str
    item: str
    text: str  # the provision as in force, quoted (Chinese: the authoritative text)
    effective_from: dt.date | None
    effective_to: dt.date | None  # last day in force; None while in force
    guardianship: frozenset[str]  # guardian kinds the basis fits
    categories: frozenset[str]  # intake categories the basis covers

    def in_force_on(self, day: dt.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to

    @property
    def citation(self) -> str:
        parts = [f"《{self.law}》" if self.law else "", self.version, self.article, self.item]
        return " ".join(p for p in parts if p)


_2018_FROM, _2018_TO = dt.date(2019, 1, 1), dt.date(2026, 3, 31)
_2026_FROM = dt.date(2026, 4, 1)
_LT = frozenset({GuardianKind.LONG_TERM})
_TMP = frozenset({GuardianKind.TEMPORARY})

_2018_ITEMS = [
    ("1", "（一）", "无法查明父母或者其他监护人的儿童", _FOUND,
     _("2018 measures art. 9 (1): parents or guardians cannot be identified")),
    ("2", "（二）", "父母死亡或者宣告失踪且没有其他依法具有监护资格的人的儿童",
     frozenset({C.PARENTS_DEAD}),
     _("2018 measures art. 9 (2): parents dead or declared missing, no other guardian")),
    ("3", "（三）", "父母没有监护能力且没有其他依法具有监护资格的人的儿童",
     frozenset({C.PARENTS_INCAPABLE}),
     _("2018 measures art. 9 (3): parents without capacity, no other guardian")),
    ("4", "（四）", "人民法院指定由民政部门担任监护人的儿童", frozenset({C.COURT_APPOINTED}),
     _("2018 measures art. 9 (4): court appointed civil affairs as guardian")),
    ("5", "（五）", "法律规定应当由民政部门担任监护人的其他儿童", frozenset({C.OTHER_BY_LAW}),
     _("2018 measures art. 9 (5): other children law puts under civil affairs")),
]

_2026_ITEMS = [
    ("1_1", "（一）1", "下列由民政部门依法长期监护的儿童：查找不到父母或者其他监护人的", _FOUND,
     _LT, _("2026 measures (1) 1: long-term ward, parents or guardians cannot be found")),
    ("1_2", "（一）2",
     "下列由民政部门依法长期监护的儿童：监护人死亡或者被宣告死亡且无其他人可以担任监护人的",
     frozenset({C.PARENTS_DEAD}), _LT,
     _("2026 measures (1) 2: long-term ward, guardian dead, nobody else can be guardian")),
    ("1_3", "（一）3",
     "下列由民政部门依法长期监护的儿童：监护人丧失监护能力且无其他人可以担任监护人的",
     frozenset({C.PARENTS_INCAPABLE}), _LT,
     _("2026 measures (1) 3: long-term ward, guardian without capacity")),
    ("1_4", "（一）4",
     "下列由民政部门依法长期监护的儿童：人民法院判决撤销监护人资格并指定由民政部门担任监护人的",
     frozenset({C.COURT_APPOINTED}), _LT,
     _("2026 measures (1) 4: long-term ward, guardianship revoked by a court")),
    ("1_5", "（一）5", "下列由民政部门依法长期监护的儿童：法律规定的其他儿童",
     frozenset({C.OTHER_BY_LAW}), _LT,
     _("2026 measures (1) 5: long-term ward, other cases set by law")),
    ("2_1", "（二）1",
     "下列由民政部门依法临时监护的儿童：被遗弃儿童、打拐解救儿童中，正在查找父母或者其他监护人",
     frozenset({C.FOUND_CHILD, C.TRAFFICKING_RESCUED}), _TMP,
     _("2026 measures (2) 1: temporary ward, abandoned or rescued, parents being traced")),
    ("2_2", "（二）2",
     "下列由民政部门依法临时监护的儿童：主管民政部门和同级人民政府未设立未成年人救助保护机构",
     frozenset({C.TEMPORARY_WARD}), _TMP,
     _("2026 measures (2) 2: temporary ward, no protection institution in the area")),
    ("2_3", "（二）3",
     "下列由民政部门依法临时监护的儿童：主管民政部门和同级人民政府设立的未成年人救助保护机构不具备"
     "婴幼儿照护或者残疾儿童康复、特殊教育等条件，无法满足相关儿童需要",
     frozenset({C.TEMPORARY_WARD}), _TMP,
     _("2026 measures (2) 3: temporary ward, the protection institution lacks the capacity")),
    ("3", "（三）", "需要集中供养的未满十八周岁的特困人员", frozenset({C.EXTREME_POVERTY}),
     frozenset({GuardianKind.OTHER, GuardianKind.LONG_TERM, GuardianKind.TEMPORARY}),
     _("2026 measures (3): person in extreme poverty under 18 needing centralised support")),
]


def _build() -> dict[str, LegalBasis]:
    bases = [
        LegalBasis(
            code=f"m2018_9_{n}", label=label, law=MEASURES, version="民政部令第63号（2018）",
            article="第九条", item=f"第{item}项", text=text, effective_from=_2018_FROM,
            effective_to=_2018_TO, guardianship=_LT, categories=categories,
        )
        for n, item, text, categories, label in _2018_ITEMS
    ]
    bases += [
        LegalBasis(
            code=f"m2026_{n}", label=label, law=MEASURES, version="2026年修订", article="",
            item=item, text=text, effective_from=_2026_FROM, effective_to=None,
            guardianship=kinds, categories=categories,
        )
        for n, item, text, categories, kinds, label in _2026_ITEMS
    ]
    bases.append(
        LegalBasis(
            code="mpl2020_93",
            label=_("Minors Protection Law (2020) art. 93: placement of a temporary ward"),
            law=MINORS_LAW, version="2020年修订", article="第九十三条", item="",
            text="对临时监护的未成年人，民政部门可以采取委托亲属抚养、家庭寄养等方式进行安置，"
                 "也可以交由未成年人救助保护机构或者儿童福利机构进行收留、抚养。",
            effective_from=dt.date(2021, 6, 1), effective_to=None, guardianship=_TMP,
            categories=frozenset({*_FOUND, C.TEMPORARY_WARD, C.PARENTS_DEAD}),
        )
    )
    bases.append(
        LegalBasis(
            code=OTHER_BASIS, label=_("Other legal basis (name it in the note)"), law="",
            version="", article="", item="", text="", effective_from=None, effective_to=None,
            guardianship=frozenset(GuardianKind.values), categories=frozenset(C.values),
        )
    )
    return {b.code: b for b in bases}


LEGAL_BASES: dict[str, LegalBasis] = _build()


def legal_basis_choices() -> list[tuple[str, object]]:
    return [(b.code, b.label) for b in LEGAL_BASES.values()]


def legal_bases_in_force(day: dt.date) -> list[LegalBasis]:
    return [b for b in LEGAL_BASES.values() if b.in_force_on(day)]


def default_legal_basis(day: dt.date, category: str, guardian_kind: str = "") -> str:
    """The first listed basis in force on `day` that covers the intake category (and fits
    the kind of guardianship, when known): what a new intake form proposes, so that a
    worker who does not change it is not refused for a provision no longer in force."""
    for basis in legal_bases_in_force(day):
        if basis.code == OTHER_BASIS or category not in basis.categories:
            continue
        if guardian_kind and guardian_kind not in basis.guardianship:
            continue
        return basis.code
    return ""

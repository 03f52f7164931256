"""The navigation bar: which links a user gets, read from what their role may do.

A link shows when the user's permissions (and, for a few, how far they see) say they use
that page; no template asks for a role by name, so a new role gets the right menu from its
line in `PERMISSIONS`. The page the user is on is marked (`aria-current="page"`): the link
whose address is the longest start of the current path.

Only for display: every page and service checks again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cwis.core.permissions import PERMISSIONS, Perm, ScopeKind

Shows = Callable[["Viewer"], bool]


@dataclass(frozen=True)
class Viewer:
    """What the menu needs to know about a user, read once per page."""

    perms: frozenset[str]
    scope: ScopeKind
    division_level: str  # "" without a division
    has_institution: bool

    def can(self, *perms: Perm) -> bool:
        """True when the role holds any of `perms`."""
        return any(str(p) in self.perms for p in perms)

    @property
    def oversees(self) -> bool:
        """An office over institutions: sees the institutions of a division or the country."""
        return self.can(Perm.INSTITUTION_VIEW) and self.scope in (
            ScopeKind.NATIONAL, ScopeKind.DIVISION)


@dataclass(frozen=True)
class Link:
    key: str  # the element's id is nav-<key>
    label: object
    url_name: str
    shows: Shows


@dataclass(frozen=True)
class Menu:
    key: str
    label: object
    links: tuple[Link, ...] = field(default_factory=tuple)


def _children_in_care(v: Viewer) -> bool:
    return v.can(Perm.CHILD_VIEW) and v.can(Perm.INSTITUTION_VIEW)


def _transfers(v: Viewer) -> bool:
    moves = v.can(Perm.TRANSFER_DRAFT, Perm.TRANSFER_APPROVE, Perm.TRANSFER_RECEIVE)
    return moves or (v.oversees and v.can(Perm.CHILD_VIEW))


def _community(v: Viewer) -> bool:
    # Institution staff keep children in care; the registry is the divisions' work.
    return v.can(Perm.COMMUNITY_REGISTER, Perm.COMMUNITY_VISIT) or (
        v.can(Perm.CHILD_VIEW) and v.scope in (ScopeKind.NATIONAL, ScopeKind.DIVISION))


def _dashboard(v: Viewer) -> bool:
    # A village's registry is its own list; the dashboard compares areas, from a township up.
    area = v.scope == ScopeKind.NATIONAL or (
        v.scope == ScopeKind.DIVISION and v.division_level != "village")
    return area and v.can(Perm.CHILD_VIEW, Perm.CARE_FIGURES)


def _province_layout(v: Viewer) -> bool:
    return v.can(Perm.INSTITUTION_VIEW) and (
        v.scope == ScopeKind.NATIONAL or v.division_level == "province")


def _jobs(v: Viewer) -> bool:
    # Long exports run as jobs: the lists of institutions, children in care and the logs.
    return v.can(Perm.INSTITUTION_VIEW, Perm.AUDIT_VIEW, Perm.SECURITY_LOG_VIEW)


def _todo(v: Viewer) -> bool:
    return v.can(Perm.CHILD_VIEW, Perm.INSTITUTION_VIEW, Perm.REPORT_EDIT, Perm.REPORT_REVIEW)


NAVIGATION: tuple[Link | Menu, ...] = (
    Link("institutions", _("Institutions"), "institution_list",
         lambda v: v.can(Perm.INSTITUTION_VIEW)),
    Link("children", _("Children"), "child_list", _children_in_care),
    Link("community", _("Community children"), "community_list", _community),
    Link("cases", _("Protection cases"), "case_list", lambda v: v.can(Perm.CASE_COUNTS)),
    Menu("protection-work", _("Protection work"), (
        Link("talks", _("Policy talks"), "talk_list", lambda v: v.can(Perm.TALK_RECORD)),
        Link("workstations", _("Township protection workstations"), "workstation_list",
             lambda v: v.can(Perm.WORKSTATION_VIEW)),
        Link("guidance", _("Guidance visits"), "guidance_visit_list",
             lambda v: v.can(Perm.WORKSTATION_VIEW)),
        Link("screening", _("Screening campaigns"), "screening_list",
             lambda v: v.can(Perm.SCREENING_RUN) or (v.oversees and v.can(Perm.CHILD_VIEW))),
        Link("county-work-figures", _("Policy talks and workstations guided"),
             "county_work_figures", lambda v: v.can(Perm.COUNTY_WORK_FIGURES)),
    )),
    Link("transfers", _("Transfers"), "transfer_list", _transfers),
    # The receiving institution's direct intakes of protection cases' long-term exits.
    Link("long-term-intakes", _("Long-term intakes from protection cases"),
         "case_long_term_intake_list",
         lambda v: v.can(Perm.TRANSFER_RECEIVE) and v.can(Perm.CHILD_REGISTER)
         and v.has_institution),
    Menu("care", _("Care services"), (
        Link("without-plan", _("Children without a plan"), "care_without_plan",
             lambda v: v.can(Perm.CARE_FIGURES)),
        Link("school", _("School-age reports"), "care_school_reports",
             lambda v: v.can(Perm.CARE_VIEW, Perm.CARE_FIGURES)),
        Link("outside", _("Services to children outside the institution"), "care_outside_list",
             lambda v: v.can(Perm.CARE_VIEW, Perm.CARE_FIGURES) and v.has_institution),
        Link("upbringing-missing", _("Children with no current upbringing assessment"),
             "care_upbringing_without", lambda v: v.can(Perm.CARE_FIGURES)),
        Link("adoption", _("Adoption"), "care_adoption",
             lambda v: v.can(Perm.ADOPTION_VIEW, Perm.CARE_FIGURES)),
        Link("foster", _("Foster families"), "care_foster_families",
             lambda v: v.can(Perm.CARE_VIEW, Perm.CARE_FIGURES)),
        Link("adulthood", _("Children approaching adulthood"), "care_adulthood_list",
             lambda v: v.can(Perm.CARE_VIEW, Perm.CARE_FIGURES)),
    )),
    Menu("safety", _("Safety"), (
        Link("hazards", _("Safety hazards"), "safety_hazard_list",
             lambda v: v.can(Perm.SAFETY_VIEW)),
        Link("inspections", _("Safety inspections"), "safety_inspection_list",
             lambda v: v.can(Perm.SAFETY_VIEW)),
        Link("drills", _("Drills"), "safety_drill_list", lambda v: v.can(Perm.SAFETY_VIEW)),
        Link("emergency-plans", _("Emergency plans"), "safety_plan_list",
             lambda v: v.can(Perm.SAFETY_VIEW)),
        Link("food-safety", _("Food safety"), "safety_food", lambda v: v.can(Perm.SAFETY_VIEW)),
        Link("incidents", _("Incidents"), "safety_incident_list",
             lambda v: v.can(Perm.INCIDENT_VIEW)),
        Link("organisations", _("Social organisations and volunteers"),
             "safety_organisation_list", lambda v: v.can(Perm.ORG_VIEW)),
    )),
    Link("partner-requests", _("Partner department requests"), "partner_request_list",
         lambda v: v.can(Perm.PARTNER_LISTS, Perm.PARTNER_REQUESTS_VIEW)),
    Link("data-quality", _("Data quality"), "data_quality",
         lambda v: v.can(Perm.DATA_QUALITY)),
    Link("todo", _("To-do"), "todo", _todo),
    Menu("reports", _("Plans and reports"), (
        Link("plans", _("Implementation plans"), "plan_list",
             lambda v: v.can(Perm.REPORT_EDIT, Perm.REPORT_REVIEW)),
        Link("reports", _("Yearly progress reports"), "report_list",
             lambda v: v.can(Perm.REPORT_EDIT, Perm.REPORT_REVIEW)),
        Link("evaluations", _("Evaluations"), "evaluation_list",
             lambda v: v.can(Perm.REPORT_EDIT, Perm.REPORT_REVIEW)),
    )),
    Link("dashboard", _("Dashboard"), "dashboard", _dashboard),
    Link("province", _("Province layout"), "province_index", _province_layout),
    Link("divisions", _("Divisions"), "divisions",
         lambda v: v.can(Perm.DIVISION_MANAGE) or (
             v.scope == ScopeKind.NATIONAL and v.can(Perm.INSTITUTION_VIEW))),
    Link("audit", _("Access log"), "access_log", lambda v: v.can(Perm.AUDIT_VIEW)),
    Link("jobs", _("Background jobs"), "job_list", _jobs),
    Link("lockouts", _("Locked accounts"), "lockouts", lambda v: v.can(Perm.LOCKOUT_MANAGE)),
    Link("security-log", _("Security log"), "security_log",
         lambda v: v.can(Perm.SECURITY_LOG_VIEW)),
    Link("admin", _("Administration"), "admin:index",
         lambda v: v.can(Perm.ACCOUNT_MANAGE, Perm.ROLE_ASSIGN, Perm.SECURITY_LOG_VIEW)),
)


def viewer_of(user) -> Viewer:
    division = getattr(user, "division", None)
    return Viewer(
        perms=frozenset(str(p) for p in PERMISSIONS.get(user.role, ())),
        scope=user.scope_kind,
        division_level=division.level if division is not None else "",
        has_institution=user.institution_id is not None,
    )


def _entry(link: Link) -> dict:
    return {"key": link.key, "label": link.label, "url": reverse(link.url_name)}


def navigation_for(user, path: str) -> list[dict]:
    """The menu of `user` on the page at `path`: [{key, label, url, current, links}], where
    a menu's `links` are its entries and `current` marks the entry of this page (and the
    menu holding it)."""
    viewer = viewer_of(user)
    items: list[dict] = [{"key": "home", "label": _("Home"), "url": reverse("home"),
                          "links": []}]
    for entry in NAVIGATION:
        if isinstance(entry, Link):
            if entry.shows(viewer):
                items.append({**_entry(entry), "links": []})
            continue
        links = [_entry(link) for link in entry.links if link.shows(viewer)]
        if links:
            items.append({"key": entry.key, "label": entry.label, "url": "", "links": links})
    _mark_current(items, path)
    return items


def _mark_current(items: list[dict], path: str) -> None:
    """Mark the entry whose address is the longest start of `path` ("/" only itself)."""
    best, best_len = None, -1
    for item in items:
        for entry in [item, *item["links"]]:
            url = entry["url"]
            if not url or (url == "/" and path != "/") or not path.startswith(url):
                continue
            if len(url) > best_len:
                best, best_len = (item, entry), len(url)
    if best is not None:
        item, entry = best
        item["current"] = True
        entry["current"] = True

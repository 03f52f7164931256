"""Roles, what each may do, and how far each sees: the one table of CWIS permissions.

Read it as a sentence per role: "a county officer sees the records of their county and may
...". Services call `require(actor, Perm.X)`; scoping (cwis.core.scoping) reads `SCOPE`.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from cwis.core.errors import PermissionDeniedError

if TYPE_CHECKING:
    from cwis.accounts.models import User


class Role(models.TextChoices):
    MINISTRY_OFFICER = "ministry_officer", _("Ministry civil affairs officer")
    PROVINCE_OFFICER = "province_officer", _("Province civil affairs officer")
    PREFECTURE_OFFICER = "prefecture_officer", _("Prefecture civil affairs officer")
    COUNTY_OFFICER = "county_officer", _("County civil affairs officer")
    DIRECTOR = "director", _("Institution director")
    CAREGIVER = "caregiver", _("Caregiver")
    DOCTOR = "doctor", _("Doctor")
    THERAPIST = "therapist", _("Rehabilitation therapist")
    TEACHER = "teacher", _("Teacher")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PROTECTION_WORKER = "protection_worker", _("Protection worker")
    CHILD_SUPERVISOR = "child_supervisor", _("Township child supervisor")
    CHILD_DIRECTOR = "child_director", _("Village child director")
    PARTNER_VIEWER = "partner_viewer", _("Partner department viewer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


class ScopeKind(StrEnum):
    NATIONAL = "national"  # everything in the country
    DIVISION = "division"  # records whose division code starts with the user's prefix
    INSTITUTION = "institution"  # records of the user's own institution
    NONE = "none"  # no records through ordinary lists
    # A partner department's account: only records addressed to its department inside its
    # area (a rule with a `department` path, cwis.partners); nothing else (ADR 0018).
    PARTNER = "partner"


class PartnerDepartment(models.TextChoices):
    """The departments civil affairs works with (policy 四(二)); a partner account belongs
    to one of them (User.partner_department) and to an area (User.division)."""

    PUBLIC_SECURITY = "public_security", _("Public security")
    EDUCATION = "education", _("Education")
    MEDICAL_INSURANCE = "medical_insurance", _("Medical insurance")
    DISABLED_FEDERATION = "disabled_federation", _("Disabled persons' federation")
    HEALTH = "health", _("Health")
    HUMAN_RESOURCES = "human_resources", _("Human resources and social security")
    HOUSING = "housing", _("Housing and urban-rural development")
    CONSCRIPTION = "conscription", _("Conscription office")
    FIRE_SERVICE = "fire_service", _("Fire and rescue service")
    MARKET_REGULATION = "market_regulation", _("Market regulation")


class Perm(StrEnum):
    DIVISION_MANAGE = "division.manage"
    INSTITUTION_VIEW = "institution.view"
    INSTITUTION_CREATE = "institution.create"
    INSTITUTION_EDIT = "institution.edit"
    TRANSFORMATION_PLAN = "transformation.plan"
    TRANSFORMATION_RUN = "transformation.run"
    CHILD_VIEW = "child.view"
    CHILD_VIEW_ID_NUMBER = "child.view_id_number"
    CHILD_REGISTER = "child.register"
    CHILD_EDIT = "child.edit"
    CHILD_LEAVE_CARE = "child.leave_care"
    CHILD_CORRECT = "child.correct"
    TRANSFER_DRAFT = "transfer.draft"
    TRANSFER_APPROVE = "transfer.approve"
    TRANSFER_RECEIVE = "transfer.receive"
    AUDIT_VIEW = "audit.view"
    REPORT_EDIT = "report.edit"
    REPORT_REVIEW = "report.review"
    EVALUATION_RECORD = "evaluation.record"
    # Partner departments (cwis.partners, policy 四(二)): civil affairs offices send lists of
    # children to a department; the department's accounts read the lists addressed to them
    # (PARTNER_LISTS) and answer each child (PARTNER_ANSWER); civil affairs reads the answers
    # and the data-quality findings of its jurisdiction (DATA_QUALITY).
    PARTNER_LISTS = "partner.lists"
    PARTNER_ANSWER = "partner.answer"
    PARTNER_SEND = "partner.send"
    PARTNER_REQUESTS_VIEW = "partner.requests_view"
    DATA_QUALITY = "data_quality.view"
    # The community children registry (摸底排查、登记建档、动态更新): register, edit and
    # remove a community file; record visits. Overseers see it through CHILD_VIEW.
    COMMUNITY_REGISTER = "community.register"
    COMMUNITY_VISIT = "community.visit"
    # Screening campaigns (cwis.screening): the county's officers and protection workers
    # open a campaign and import its workbooks; whoever sees the county reads them.
    SCREENING_RUN = "screening.run"
    # Supervisors and directors (policy 三(二)): who covers which township and village, and
    # the county institution's training of them (业务培训). The county records the training;
    # the county, the township supervisor and the offices above read the coverage.
    REGISTRY_COVERAGE = "community.coverage"
    TRAINING_RECORD = "community.training"
    # The three administrators (三员分立, docs/security.md): the system administrator keeps
    # the accounts, the security administrator their roles and sign-in locks, the audit
    # administrator reads every log. None holds another's permission.
    ACCOUNT_MANAGE = "account.manage"
    ROLE_ASSIGN = "role.assign"
    LOCKOUT_MANAGE = "lockout.manage"
    SECURITY_LOG_VIEW = "security_log.view"
    AUDIT_VIEW_ALL = "audit.view_all"  # the whole access log, not a jurisdiction's
    # Care services (cwis.care, policy 二(二)-(四), (六), (七)): each profession writes its own
    # line; the director approves plans and reads every line's clinical records; caregivers
    # read the plans and sessions they carry out; the offices above read counts and the lists
    # of children without a plan, never a clinical note (minimum necessary).
    CARE_VIEW = "care.view"  # plans and sessions: what is to be done and what was done
    CARE_VIEW_CLINICAL = "care.view_clinical"  # every line's assessments, diagnoses, costs
    CARE_MEDICAL = "care.medical"  # write medical care (and read its clinical records)
    CARE_REHABILITATION = "care.rehabilitation"
    CARE_EDUCATION = "care.education"
    CARE_SOCIAL_WORK = "care.social_work"
    CARE_APPROVE = "care.approve"  # approve plans, open services to children outside
    CARE_FIGURES = "care.figures"  # counts, and lists of children without a plan
    # The child's side agrees that another institution serves the child (policy 二(七)):
    # the county office of a community child, the director of a child in care.
    CARE_OUTSIDE_AGREE = "care.outside_agree"
    # Adoption (policy 二(一)): the institution's director and social workers record the
    # applications, matches and visits; the adopters' data is read by them and by the
    # officers of the office that runs the institution (ScopeRule.office_only); the offices
    # above it count (CARE_FIGURES).
    ADOPTION_RECORD = "care.adoption_record"
    ADOPTION_VIEW = "care.adoption_view"
    # Family foster care and family-style couples (家庭寄养, 二(一)), and adulthood plans
    # (成年后安置, 二(五)): the social worker and the director write them.
    CARE_FAMILY = "care.family"
    CARE_ADULTHOOD = "care.adulthood"
    # County protection casework (cwis.protection cases, policy 三(二)): the county's
    # protection workers and officers read and write their county's cases; the county
    # officer confirms guardianship assessments; the prefecture and province open a case only
    # with a stated reason (access log); the offices above read counts; village and township
    # workers learn only that a child has an open case.
    CASE_VIEW = "case.view"
    CASE_WRITE = "case.write"
    CASE_CONFIRM_ASSESSMENT = "case.confirm_assessment"
    CASE_VIEW_WITH_REASON = "case.view_with_reason"
    CASE_COUNTS = "case.counts"
    CASE_BADGE = "case.badge"  # that a child has an open case, nothing of its content
    # The follow-up visits after a child went home from a case: the county's case workers and
    # the village and township workers of the child's area record them (the visit only).
    CASE_FOLLOW_UP = "case.follow_up"
    # The county's own follow-up period, the default of every exit (the county officer).
    CASE_SETTINGS = "case.settings"
    # The county institution's work around the cases (policy 三(二)): policy talks and the
    # township protection workstations with its guidance visits. The county's protection
    # workers and officers write; a township supervisor reads their own township's
    # workstation; the offices above read counts per area (COUNTY_WORK_FIGURES).
    TALK_RECORD = "talk.record"
    WORKSTATION_MANAGE = "workstation.manage"
    WORKSTATION_VIEW = "workstation.view"
    COUNTY_WORK_FIGURES = "county_work.figures"
    # Safety of institutions (cwis.safety, policy 四(二), 四(三)): inspections, hazards to
    # closure, plans and drills, food safety. Institution staff read their institution's;
    # the director and the county officer record (a fix is checked by someone else than
    # who recorded it); the offices above read them and the overdue hazards per area.
    SAFETY_VIEW = "safety.view"
    SAFETY_RECORD = "safety.record"
    SAFETY_FIGURES = "safety.figures"
    # Incidents (policy 四(三)), visible as protection cases are: the institution's director
    # and the county's officers read and record them, children included; the prefecture and
    # province open one only with a stated reason (access log) and get the serious ones on
    # their to-do list at once; the ministry reads counts.
    INCIDENT_VIEW = "incident.view"
    INCIDENT_RECORD = "incident.record"
    INCIDENT_VIEW_WITH_REASON = "incident.view_with_reason"
    INCIDENT_COUNTS = "incident.counts"
    # Social organisations and volunteers (policy 三(三)): the county officer and the
    # director register them and their engagements; staff read them (a care session's
    # provider); the offices above read them and the figures per area.
    ORG_VIEW = "organisation.view"
    ORG_MANAGE = "organisation.manage"
    ORG_FIGURES = "organisation.figures"


# Which jurisdiction a role sees. Institution staff see their own institution only;
# officers and community workers see a division and everything below it.
SCOPE: dict[str, ScopeKind] = {
    Role.MINISTRY_OFFICER: ScopeKind.NATIONAL,
    Role.PROVINCE_OFFICER: ScopeKind.DIVISION,
    Role.PREFECTURE_OFFICER: ScopeKind.DIVISION,
    Role.COUNTY_OFFICER: ScopeKind.DIVISION,
    Role.DIRECTOR: ScopeKind.INSTITUTION,
    Role.CAREGIVER: ScopeKind.INSTITUTION,
    Role.DOCTOR: ScopeKind.INSTITUTION,
    Role.THERAPIST: ScopeKind.INSTITUTION,
    Role.TEACHER: ScopeKind.INSTITUTION,
    Role.SOCIAL_WORKER: ScopeKind.INSTITUTION,
    Role.PROTECTION_WORKER: ScopeKind.DIVISION,
    Role.CHILD_SUPERVISOR: ScopeKind.DIVISION,
    Role.CHILD_DIRECTOR: ScopeKind.DIVISION,
    Role.PARTNER_VIEWER: ScopeKind.PARTNER,
    # Divisions are the system administrator's settings (division_create checks the scope);
    # it holds no child permission, so national scope shows it no child's file.
    Role.SYSTEM_ADMIN: ScopeKind.NATIONAL,
    # The security and audit administrators see no records at all through ordinary lists
    # (fail closed); the audit administrator reads the logs through AUDIT_VIEW_ALL.
    Role.SECURITY_ADMIN: ScopeKind.NONE,
    Role.AUDIT_ADMIN: ScopeKind.NONE,
}

_OVERSEER = {Perm.INSTITUTION_VIEW, Perm.CHILD_VIEW, Perm.AUDIT_VIEW,
             Perm.PARTNER_REQUESTS_VIEW, Perm.DATA_QUALITY, Perm.REGISTRY_COVERAGE}
_INSTITUTION_STAFF = {Perm.INSTITUTION_VIEW, Perm.CHILD_VIEW, Perm.CHILD_EDIT,
                      Perm.SAFETY_VIEW, Perm.ORG_VIEW}
_COMMUNITY_WORK = {Perm.COMMUNITY_REGISTER, Perm.COMMUNITY_VISIT}
_SCREENING = {Perm.SCREENING_RUN}
_CARE_STAFF = {Perm.CARE_VIEW}
_CASE_WORK = {Perm.CASE_VIEW, Perm.CASE_WRITE, Perm.CASE_COUNTS, Perm.CASE_BADGE,
              Perm.CASE_FOLLOW_UP}
_CASE_ABOVE = {Perm.CASE_COUNTS, Perm.CASE_VIEW_WITH_REASON}
_COUNTY_WORK = {Perm.TALK_RECORD, Perm.WORKSTATION_MANAGE, Perm.WORKSTATION_VIEW,
                Perm.COUNTY_WORK_FIGURES, Perm.TRAINING_RECORD, Perm.REGISTRY_COVERAGE}
_SAFETY_ABOVE = {Perm.SAFETY_VIEW, Perm.SAFETY_FIGURES, Perm.INCIDENT_COUNTS, Perm.ORG_VIEW,
                 Perm.ORG_FIGURES}
_INCIDENT_WORK = {Perm.INCIDENT_VIEW, Perm.INCIDENT_RECORD, Perm.INCIDENT_COUNTS,
                  Perm.ORG_MANAGE}

PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.MINISTRY_OFFICER: frozenset(
        _OVERSEER | {Perm.REPORT_REVIEW, Perm.EVALUATION_RECORD, Perm.CARE_FIGURES,
                     Perm.CASE_COUNTS, Perm.COUNTY_WORK_FIGURES, *_SAFETY_ABOVE}
    ),
    Role.PROVINCE_OFFICER: frozenset(
        _OVERSEER
        | {
            Perm.CARE_FIGURES,
            Perm.ADOPTION_VIEW,
            *_CASE_ABOVE,
            Perm.COUNTY_WORK_FIGURES,
            *_SAFETY_ABOVE,
            Perm.INCIDENT_VIEW_WITH_REASON,
            Perm.PARTNER_SEND,
            Perm.INSTITUTION_CREATE,
            Perm.INSTITUTION_EDIT,
            Perm.TRANSFORMATION_PLAN,
            Perm.TRANSFORMATION_RUN,
            Perm.REPORT_EDIT,
            Perm.DIVISION_MANAGE,
        }
    ),
    Role.PREFECTURE_OFFICER: frozenset(
        _OVERSEER
        | {
            Perm.CARE_FIGURES,
            Perm.ADOPTION_VIEW,
            *_CASE_ABOVE,
            Perm.COUNTY_WORK_FIGURES,
            *_SAFETY_ABOVE,
            Perm.INCIDENT_VIEW_WITH_REASON,
            # inspects the prefecture's own institutions and checks their hazards' fixes
            Perm.SAFETY_RECORD,
            Perm.PARTNER_SEND,
            Perm.INSTITUTION_CREATE,
            Perm.INSTITUTION_EDIT,
            Perm.TRANSFORMATION_RUN,
            Perm.DIVISION_MANAGE,
        }
    ),
    Role.COUNTY_OFFICER: frozenset(
        _OVERSEER
        | {
            Perm.CARE_FIGURES,
            Perm.CARE_OUTSIDE_AGREE,
            Perm.INSTITUTION_CREATE,
            Perm.INSTITUTION_EDIT,
            Perm.TRANSFORMATION_RUN,
            Perm.CHILD_VIEW_ID_NUMBER,
            Perm.TRANSFER_DRAFT,
            Perm.TRANSFER_APPROVE,
            Perm.DIVISION_MANAGE,
            *_COMMUNITY_WORK,
            *_SCREENING,
            *_CASE_WORK,
            Perm.CASE_CONFIRM_ASSESSMENT,
            Perm.CASE_SETTINGS,
            *_COUNTY_WORK,
            *_SAFETY_ABOVE,
            Perm.SAFETY_RECORD,
            *_INCIDENT_WORK,
            Perm.PARTNER_SEND,
        }
    ),
    Role.DIRECTOR: frozenset(
        _INSTITUTION_STAFF
        | {
            Perm.CHILD_VIEW_ID_NUMBER,
            Perm.CHILD_REGISTER,
            Perm.CHILD_LEAVE_CARE,
            Perm.CHILD_CORRECT,
            Perm.INSTITUTION_EDIT,
            Perm.TRANSFER_DRAFT,
            Perm.TRANSFER_APPROVE,
            Perm.TRANSFER_RECEIVE,
            Perm.AUDIT_VIEW,
            *_CARE_STAFF,
            Perm.CARE_VIEW_CLINICAL,
            Perm.CARE_APPROVE,
            Perm.CARE_FIGURES,
            Perm.CARE_OUTSIDE_AGREE,
            Perm.ADOPTION_RECORD,
            Perm.ADOPTION_VIEW,
            Perm.CARE_FAMILY,
            Perm.CARE_ADULTHOOD,
            Perm.SAFETY_RECORD,
            *_INCIDENT_WORK,
        }
    ),
    Role.CAREGIVER: frozenset(_INSTITUTION_STAFF | _CARE_STAFF | {Perm.CHILD_REGISTER}),
    Role.DOCTOR: frozenset(_INSTITUTION_STAFF | _CARE_STAFF | {Perm.CARE_MEDICAL}),
    Role.THERAPIST: frozenset(_INSTITUTION_STAFF | _CARE_STAFF | {Perm.CARE_REHABILITATION}),
    Role.TEACHER: frozenset(_INSTITUTION_STAFF | _CARE_STAFF | {Perm.CARE_EDUCATION}),
    Role.SOCIAL_WORKER: frozenset(
        _INSTITUTION_STAFF | _CARE_STAFF
        | {Perm.CHILD_REGISTER, Perm.CHILD_VIEW_ID_NUMBER, Perm.CARE_SOCIAL_WORK,
           Perm.ADOPTION_RECORD, Perm.ADOPTION_VIEW, Perm.CARE_FAMILY, Perm.CARE_ADULTHOOD}
    ),
    # TRANSFER_DRAFT: a child of the case moves to the long-term institution by a transfer
    # the worker drafts and sends, from the county's protection institution only
    # (cwis.transfers.services.rules.may_send_from); the county officer approves it.
    Role.PROTECTION_WORKER: frozenset(
        {Perm.INSTITUTION_VIEW, Perm.CHILD_VIEW, Perm.CHILD_VIEW_ID_NUMBER, Perm.CHILD_EDIT,
         *_COMMUNITY_WORK, *_SCREENING, *_CASE_WORK, *_COUNTY_WORK, Perm.TRANSFER_DRAFT,
         Perm.ORG_VIEW}  # refers children to the registry's organisations
    ),
    Role.CHILD_SUPERVISOR: frozenset(
        {Perm.CHILD_VIEW, Perm.CHILD_EDIT, *_COMMUNITY_WORK, Perm.CASE_BADGE,
         Perm.CASE_FOLLOW_UP, Perm.WORKSTATION_VIEW, Perm.REGISTRY_COVERAGE}),
    Role.CHILD_DIRECTOR: frozenset(
        {Perm.CHILD_VIEW, Perm.CHILD_EDIT, *_COMMUNITY_WORK, Perm.CASE_BADGE,
         Perm.CASE_FOLLOW_UP}),
    Role.PARTNER_VIEWER: frozenset({Perm.PARTNER_LISTS, Perm.PARTNER_ANSWER}),
    Role.SYSTEM_ADMIN: frozenset(
        {Perm.ACCOUNT_MANAGE, Perm.INSTITUTION_VIEW, Perm.DIVISION_MANAGE}
    ),
    Role.SECURITY_ADMIN: frozenset({Perm.ROLE_ASSIGN, Perm.LOCKOUT_MANAGE}),
    Role.AUDIT_ADMIN: frozenset({Perm.AUDIT_VIEW, Perm.AUDIT_VIEW_ALL, Perm.SECURITY_LOG_VIEW}),
}

# The three administrators: they reach the Django admin (cwis.accounts.admin_site), sign in
# with a second factor by default (CWIS_TWO_FACTOR_REQUIRED_ROLES) and nobody changes their
# own role or account.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# What each administrator may do in the Django admin, as Django model permissions
# ("app_label.action_model"); cwis.accounts.backends grants them by role, and no account is
# a superuser. Field by field limits (the system administrator cannot touch a role) are in
# cwis.accounts.admin.
ADMIN_MODEL_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        "accounts.view_apitoken", "accounts.change_apitoken",
        "core.view_division", "core.add_division", "core.change_division",
        "institutions.view_institution",
    }),
    Role.SECURITY_ADMIN: frozenset({
        "accounts.view_user", "accounts.change_user",
        "core.view_division", "institutions.view_institution",
    }),
    Role.AUDIT_ADMIN: frozenset({
        "accounts.view_user", "accounts.view_securityevent", "accounts.view_apitoken",
        "core.view_accesslog",
    }),
}

# Roles whose work happens inside one institution: an account of these needs one.
INSTITUTION_ROLES = frozenset(r for r, kind in SCOPE.items() if kind == ScopeKind.INSTITUTION)
# Roles that see a division: an account of these needs a division of the right level.
ROLE_DIVISION_LEVEL: dict[str, str] = {
    Role.PROVINCE_OFFICER: "province",
    Role.PREFECTURE_OFFICER: "prefecture",
    Role.COUNTY_OFFICER: "county",
    Role.PROTECTION_WORKER: "county",
    Role.CHILD_SUPERVISOR: "township",
    Role.CHILD_DIRECTOR: "village",
}


def has_perm(user: "User", perm: Perm) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return perm in PERMISSIONS.get(user.role, frozenset())


def require(user: "User", perm: Perm) -> None:
    """Raise PermissionDeniedError unless the user's role grants `perm`."""
    if not has_perm(user, perm):
        raise PermissionDeniedError()

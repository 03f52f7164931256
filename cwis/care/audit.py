"""How the access log names care records (cwis.core.audit_records): the child's name and
what the record is, linked to the record (or to the child's care tab when the record has no
page of its own), one query per record type on a page of the log."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cwis.care.choices import CareLine
from cwis.core.audit_records import Describe, int_ids, register_access_action, register_record_kind


def _records(model_name: str, *, detail: str | None = None, line: str | None = None
             ) -> Describe:
    """A care record by its child's name, linked to `detail` (a URL name taking its id) or
    to the child's tab of `line` (its own line when None)."""

    def describe(ids: list[str]) -> dict[str, tuple[str, str | None]]:
        from django.apps import apps

        model = apps.get_model("care", model_name)
        fields = ("pk", "child_id", "child__name")
        has_line = any(f.name == "line" for f in model._meta.get_fields())
        rows = model.objects.filter(pk__in=int_ids(ids)).values_list(
            *fields, *(("line",) if has_line else ()))
        named = {}
        for pk, child_id, name, *rest in rows:
            if detail:
                url = reverse(detail, args=[pk])
            else:
                url = reverse("care_tab", kwargs={"child_id": child_id,
                                                  "line": line or rest[0]})
            named[str(pk)] = (name, url)
        return named

    return describe


def _lines(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    return {line: (str(CareLine(line).label), reverse("care_without_plan") + f"?line={line}")
            for line in ids if line in CareLine.values}


def _figures(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    from cwis.care.figures import FIGURES

    return {key: (str(FIGURES[key].label), reverse("care_figure", args=[key]))
            for key in ids if key in FIGURES}


def register() -> None:
    register_record_kind("care_assessment", _("Care assessment"),
                         _records("CareAssessment", detail="care_assessment_detail"))
    register_record_kind("care_plan", _("Care plan"),
                         _records("CarePlan", detail="care_plan_detail"))
    register_record_kind("care_session", _("Care session"),
                         _records("CareSession", detail="care_session_detail"))
    register_record_kind("care_review", _("Care plan review"),
                         _records("CareReview", detail="care_review_detail"))
    register_record_kind("care_outside_service", _("Care service outside the institution"),
                         _records("OutsideService", detail="care_outside_detail"))
    register_record_kind("care_medical_visit", _("Medical visit"),
                         _records("MedicalVisit", line=CareLine.MEDICAL))
    register_record_kind("care_health_check", _("Health check"),
                         _records("HealthCheck", line=CareLine.MEDICAL))
    register_record_kind("care_assistance", _("Rehabilitation assistance"),
                         _records("RehabAssistance", line=CareLine.REHABILITATION))
    register_record_kind("care_without_plan", _("Children without a care plan"), _lines)
    register_record_kind("care_figure", _("Care figure's children"), _figures)
    for line, label in CareLine.choices:
        register_access_action(f"care_{line}",
                               format_lazy(_("Viewed the care tab: {line}"), line=label))
    register_access_action("school_report", _("Listed in a school-age report"))
    _register_adoption()


def _unnamed(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """Records the log names by type and number only (adopters' data, lists)."""
    return {}


def _register_adoption() -> None:
    register_record_kind("care_upbringing", _("Upbringing assessment"),
                         _records("UpbringingAssessment", detail="care_upbringing_detail"))
    register_record_kind("care_adoption_case", _("Child's adoption"),
                         _records("AdoptionCase", detail="care_adoption_case"))
    register_record_kind("care_adoption_match", _("Adoption match"), _unnamed)
    register_record_kind("care_adoption_application", _("Adoption application"), _unnamed)
    register_record_kind("care_adoption_follow_up", _("Visit after an adoption"), _unnamed)
    register_record_kind("care_adoption_applications", _("Adoption applications"), _unnamed)
    register_record_kind("care_without_upbringing",
                         _("Children with no current upbringing assessment"), _unnamed)
    register_access_action("upbringing", _("Viewed the upbringing assessment tab"))

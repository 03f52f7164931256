"""How foster care and adulthood plans plug into the other apps (from hooks.register()):
closing with the child's file, the path taken on leaving care at 18, the file's tab, the
access log's names, the to-do providers, the dashboard panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cwis.core.permissions import Perm


def _records(model_name: str, url_name: str):
    def describe(ids: list[str]) -> dict[str, tuple[str, str | None]]:
        from django.apps import apps

        from cwis.core.audit_records import int_ids

        model = apps.get_model("care", model_name)
        rows = model.objects.filter(pk__in=int_ids(ids)).values_list("pk", "child__name")
        return {str(pk): (name, reverse(url_name, args=[pk])) for pk, name in rows}
    return describe


def _lists(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    from cwis.care.choices_family import PathKind

    labels = {"all": _("Children approaching adulthood"), **dict(PathKind.choices)}
    return {key: (str(labels[key]), reverse("care_adulthood_list")) for key in ids
            if key in labels}


def register() -> None:
    from cwis.care import oversight_family, todo_family  # noqa: F401 - registers providers
    from cwis.care.services.adulthood import adulthood_close_with_file, adulthood_left_care
    from cwis.care.services.foster import foster_close_with_file
    from cwis.children.services.closing import register_file_closed, register_left_care
    from cwis.children.tabs import FileTab, register_file_tab
    from cwis.core.audit_records import register_access_action, register_record_kind

    register_file_closed(foster_close_with_file)
    register_file_closed(adulthood_close_with_file)
    register_left_care(adulthood_left_care)
    register_file_tab(FileTab(key="care_family", label=_("Family care and adulthood"),
                              url_name="care_family_tab",
                              perms=(Perm.CARE_VIEW, Perm.CARE_FIGURES)))
    register_record_kind("care_foster_placement", _("Foster placement"),
                         _records("FosterPlacement", "care_foster_placement"))
    register_record_kind("care_adulthood_plan", _("Adulthood plan"),
                         _records("AdulthoodPlan", "care_adulthood_plan"))
    register_record_kind("care_adulthood_list", _("Children approaching adulthood"), _lists)
    register_access_action("care_family", _("Viewed the family care and adulthood tab"))
    oversight_family.register()

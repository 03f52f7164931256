"""Every read of institutions and their records, already scoped to the actor; one module per
task (registry, staff, residences, layout, transformation), every name importable from here."""

from cwis.institutions.selectors.layout import (
    CountyRow,
    ProvinceLayoutView,
    county_row,
    prefectures_of,
    province_choices,
    province_get,
    province_layout_get,
    province_layout_view,
    receiver_choices,
)
from cwis.institutions.selectors.progress import (
    behind_plan_q,
    transformation_progress,
    transformations_behind_plan,
)
from cwis.institutions.selectors.registry import (
    FILTERS,
    founding_division_choices,
    institution_for_edit,
    institution_get,
    institution_list,
    licence_get,
    licences_of,
    merge_target_choices,
    record_history,
    transformation_of,
)
from cwis.institutions.selectors.residences import residence_get, residents_by_residence
from cwis.institutions.selectors.staff import (
    PostRow,
    post_table,
    social_work_summary,
    staff_get,
    staff_list,
    transfer_destination_choices,
)
from cwis.institutions.selectors.transformation import (
    TransformationView,
    fact_get,
    transformation_view,
)

__all__ = [
    "FILTERS",
    "CountyRow",
    "PostRow",
    "ProvinceLayoutView",
    "TransformationView",
    "behind_plan_q",
    "county_row",
    "fact_get",
    "founding_division_choices",
    "institution_for_edit",
    "institution_get",
    "institution_list",
    "licence_get",
    "licences_of",
    "merge_target_choices",
    "post_table",
    "prefectures_of",
    "province_choices",
    "province_get",
    "province_layout_get",
    "province_layout_view",
    "receiver_choices",
    "record_history",
    "residence_get",
    "residents_by_residence",
    "social_work_summary",
    "staff_get",
    "staff_list",
    "transfer_destination_choices",
    "transformation_of",
    "transformation_progress",
    "transformation_view",
    "transformations_behind_plan",
]

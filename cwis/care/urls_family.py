"""Pages of family foster care, family-style couples and adulthood plans (included by
cwis/care/urls.py)."""

from django.urls import path

from cwis.care.views import adulthood, family, foster

urlpatterns = [
    path("family/child/<int:child_id>/", family.family_tab, name="care_family_tab"),
    path("foster/", foster.family_list, name="care_foster_families"),
    path("foster/new/", foster.family_new, name="care_foster_family_new"),
    path("foster/<int:pk>/", foster.family_detail, name="care_foster_family"),
    path("foster/<int:pk>/edit/", foster.family_edit, name="care_foster_family_edit"),
    path("foster/<int:pk>/<str:action>/", foster.family_action,
         name="care_foster_family_action"),
    path("foster/place/<int:child_id>/", foster.place_child, name="care_foster_place"),
    path("foster/placements/<int:pk>/", foster.placement_detail,
         name="care_foster_placement"),
    path("foster/placements/<int:pk>/<str:action>/", foster.placement_action,
         name="care_foster_placement_action"),
    path("residences/", foster.residence_list, name="care_residences"),
    path("residences/<int:pk>/", foster.residence_detail, name="care_residence"),
    path("residences/<int:residence_id>/couple/", foster.couple_new, name="care_couple_new"),
    path("couples/<int:pk>/", foster.couple_detail, name="care_couple"),
    path("couples/<int:pk>/<str:action>/", foster.couple_action, name="care_couple_action"),
    path("adulthood/", adulthood.adulthood_list, name="care_adulthood_list"),
    path("adulthood/export.xlsx", adulthood.adulthood_list_export,
         name="care_adulthood_export"),
    path("adulthood/child/<int:child_id>/new/", adulthood.plan_new, name="care_adulthood_new"),
    path("adulthood/<int:pk>/", adulthood.plan_detail, name="care_adulthood_plan"),
    path("adulthood/<int:pk>/edit/", adulthood.plan_edit, name="care_adulthood_edit"),
    path("adulthood/<int:pk>/<str:action>/", adulthood.plan_action,
         name="care_adulthood_action"),
    path("adulthood/paths/<int:pk>/<str:action>/", adulthood.path_action,
         name="care_adulthood_path_action"),
    path("adulthood/steps/<int:pk>/done/", adulthood.step_done,
         name="care_adulthood_step_done"),
    path("adulthood/follow-ups/<int:pk>/", adulthood.follow_up_record,
         name="care_adulthood_follow_up"),
]

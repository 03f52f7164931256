from django.urls import path

from cwis.protection import views_county_work as views

urlpatterns = [
    path("children/new/", views.child_register_for_case, name="child_register_for_case"),
    path("talks/", views.talk_list, name="talk_list"),
    path("talks/export.xlsx", views.talk_export, name="talk_export"),
    path("talks/new/", views.talk_new, name="talk_new"),
    path("talks/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("talks/<int:pk>/edit/", views.talk_edit, name="talk_edit"),
    path("workstations/", views.workstation_list, name="workstation_list"),
    path("workstations/export.xlsx", views.workstation_export, name="workstation_export"),
    path("workstations/new/", views.workstation_new, name="workstation_new"),
    path("workstations/<int:pk>/", views.workstation_detail, name="workstation_detail"),
    path("workstations/<int:pk>/edit/", views.workstation_edit, name="workstation_edit"),
    path("workstations/<int:pk>/guidance/", views.guidance_visit_new, name="guidance_visit_new"),
    path("guidance/", views.guidance_visit_list, name="guidance_visit_list"),
    path("guidance/export.xlsx", views.guidance_visit_export, name="guidance_visit_export"),
    path("guidance/<int:pk>/edit/", views.guidance_visit_edit, name="guidance_visit_edit"),
    path("figures/", views.county_work_figures, name="county_work_figures"),
]

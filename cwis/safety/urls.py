from django.urls import path

from cwis.safety.views import drills, hazards, incidents

urlpatterns = [
    path("inspections/", hazards.inspection_list, name="safety_inspection_list"),
    path("inspections/new/", hazards.inspection_new, name="safety_inspection_new"),
    path("inspections/<int:pk>/", hazards.inspection_detail, name="safety_inspection_detail"),
    path("inspections/<int:pk>/hazards/new/", hazards.hazard_new, name="safety_hazard_new"),
    path("hazards/", hazards.hazard_list, name="safety_hazard_list"),
    path("hazards/export.xlsx", hazards.hazard_export, name="safety_hazard_export"),
    path("hazards/<int:pk>/", hazards.hazard_detail, name="safety_hazard_detail"),
    path("hazards/<int:pk>/fix/", hazards.hazard_fix, name="safety_hazard_fix"),
    path("hazards/<int:pk>/check/", hazards.hazard_check, name="safety_hazard_check"),
    path("plans/", drills.plan_list, name="safety_plan_list"),
    path("plans/new/", drills.plan_new, name="safety_plan_new"),
    path("drills/", drills.drill_list, name="safety_drill_list"),
    path("drills/new/", drills.drill_new, name="safety_drill_new"),
    path("drills/<int:pk>/", drills.drill_detail, name="safety_drill_detail"),
    path("drills/<int:pk>/hazards/new/", drills.drill_hazard_new,
         name="safety_drill_hazard_new"),
    path("food/", drills.food, name="safety_food"),
    path("food/certificates/new/", drills.certificate_new, name="safety_certificate_new"),
    path("food/samples/new/", drills.sample_new, name="safety_sample_new"),
    path("incidents/", incidents.incident_list, name="safety_incident_list"),
    path("incidents/new/", incidents.incident_new, name="safety_incident_new"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="safety_incident_detail"),
    path("incidents/<int:pk>/report/", incidents.incident_report,
         name="safety_incident_report"),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="safety_incident_close"),
]

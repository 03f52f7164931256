from django.urls import path

from cwis.care.views import figures, pattern

urlpatterns = [
    path("child/<int:child_id>/<str:line>/", pattern.care_tab, name="care_tab"),
    path("child/<int:child_id>/<str:line>/assessments/new/", pattern.assessment_new,
         name="care_assessment_new"),
    path("child/<int:child_id>/<str:line>/plans/new/", pattern.plan_new, name="care_plan_new"),
    path("assessments/<int:pk>/", pattern.assessment_detail, name="care_assessment_detail"),
    path("assessments/<int:pk>/edit/", pattern.assessment_edit, name="care_assessment_edit"),
    path("plans/<int:pk>/", pattern.plan_detail, name="care_plan_detail"),
    path("plans/<int:pk>/edit/", pattern.plan_edit, name="care_plan_edit"),
    path("plans/<int:pk>/approve/", pattern.plan_approve, name="care_plan_approve"),
    path("plans/<int:pk>/withdraw/", pattern.plan_withdraw, name="care_plan_withdraw"),
    path("plans/<int:plan_id>/sessions/new/", pattern.session_new, name="care_session_new"),
    path("plans/<int:plan_id>/review/", pattern.review_new, name="care_review_new"),
    path("sessions/<int:pk>/", pattern.session_detail, name="care_session_detail"),
    path("sessions/<int:pk>/edit/", pattern.session_edit, name="care_session_edit"),
    path("sessions/<int:pk>/error/", pattern.session_error, name="care_session_error"),
    path("reviews/<int:pk>/", pattern.review_detail, name="care_review_detail"),
    path("without-plan/", figures.without_plan, name="care_without_plan"),
]

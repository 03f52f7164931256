from django.urls import path

from cwis.protection import views_cases as views
from cwis.protection import views_casework as casework
from cwis.protection import views_exits

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("child/<int:child_id>/", views.case_tab, name="case_tab"),
    path("open/<int:child_id>/", views.case_open, name="case_open"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/assess/", views.assessment_record, name="case_assess"),
    path("<int:pk>/conference/", views.conference_record, name="case_conference"),
    path("decisions/<int:pk>/done/", views.decision_done, name="case_decision_done"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="case_assessment_edit"),
    path("assessments/<int:pk>/confirm/", views.assessment_confirm,
         name="case_assessment_confirm"),
    path("<int:pk>/refer/", casework.referral_send, name="case_refer"),
    path("<int:pk>/care/", casework.care_session_record, name="case_care_session"),
    path("<int:pk>/plan/", casework.intervention_plan_make, name="case_plan"),
    path("referrals/<int:pk>/answer/", casework.referral_answer, name="case_referral_answer"),
    path("referrals/<int:pk>/deliver/", casework.referral_deliver,
         name="case_referral_deliver"),
    path("referrals/<int:pk>/close/", casework.referral_close, name="case_referral_close"),
    path("plans/<int:pk>/review/", casework.intervention_plan_review, name="case_plan_review"),
    path("<int:pk>/exit/", views_exits.case_exit, name="case_exit"),
    path("<int:pk>/long-term/", views_exits.case_long_term, name="case_long_term"),
    path("<int:pk>/long-term/redraft/", views_exits.case_long_term_redraft,
         name="case_long_term_redraft"),
    path("follow-up-period/", views_exits.follow_up_period, name="case_follow_up_period"),
    path("follow-ups/<int:pk>/", views_exits.follow_up, name="case_follow_up"),
    path("long-term-intake/", views_exits.long_term_intake_list,
         name="case_long_term_intake_list"),
    path("long-term-intake/<int:pk>/", views_exits.long_term_intake,
         name="case_long_term_intake"),
]

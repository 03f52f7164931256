from django.urls import path

from cwis.oversight import views

urlpatterns = [
    path("todo/", views.todo_page, name="todo"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/attachments/<int:pk>/", views.plan_attachment_download,
         name="plan_attachment_download"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/export.<str:fmt>", views.report_download, name="report_download"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("corrections/<int:pk>/<str:action>/", views.correction_action,
         name="correction_action"),
]

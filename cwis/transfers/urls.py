from django.urls import path

from cwis.transfers import views

urlpatterns = [
    path("", views.transfer_list, name="transfer_list"),
    path("arriving/", views.transfer_arriving, name="transfer_arriving"),
    path("batch/", views.transfer_batch, name="transfer_batch"),
    path("steps/", views.transfer_steps, name="transfer_steps"),
    path("hukou.xlsx", views.hukou_export, name="transfer_hukou_export"),
    path("school.xlsx", views.school_export, name="transfer_school_export"),
    path("<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("<int:pk>/plan/", views.transfer_plan, name="transfer_plan"),
    path("<int:pk>/archives/", views.transfer_archive_add, name="transfer_archive_add"),
    path("<int:pk>/hukou/", views.transfer_hukou, name="transfer_hukou"),
    path("<int:pk>/handover/", views.transfer_handover, name="transfer_handover"),
    path("<int:pk>/<str:action>/", views.transfer_action, name="transfer_action"),
]

from django.urls import path

from cwis.partners import views, views_quality

urlpatterns = [
    path("requests/", views.request_list, name="partner_request_list"),
    path("requests/new/", views.request_new, name="partner_request_new"),
    path("requests/<int:pk>/", views.request_detail, name="partner_request_detail"),
    path("requests/<int:pk>/export.xlsx", views.request_export, name="partner_request_export"),
    path("requests/<int:pk>/upload/", views.request_upload, name="partner_request_upload"),
    path("items/<int:pk>/answer/", views.item_answer, name="partner_item_answer"),
    path("quality/", views_quality.quality, name="data_quality"),
    path("quality/scan/", views_quality.quality_scan, name="data_quality_scan"),
]

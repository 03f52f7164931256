from django.urls import path

from cwis.screening import views

urlpatterns = [
    path("", views.campaign_list, name="screening_list"),
    path("new/", views.campaign_new, name="screening_new"),
    path("<int:pk>/", views.campaign_detail, name="screening_detail"),
    path("<int:pk>/template.xlsx", views.campaign_template, name="screening_template"),
    path("<int:pk>/upload/", views.campaign_upload, name="screening_upload"),
    path("<int:pk>/not-seen/", views.campaign_not_seen, name="screening_not_seen"),
    path("imports/<int:pk>/", views.batch_detail, name="screening_batch"),
    path("imports/<int:pk>/commit/", views.batch_commit, name="screening_commit"),
]

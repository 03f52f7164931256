from django.urls import path

from cwis.protection import views

urlpatterns = [
    path("", views.community_list, name="community_list"),
    path("export.xlsx", views.community_export, name="community_export"),
    path("new/", views.community_register, name="community_register"),
    path("<int:pk>/", views.community_detail, name="community_detail"),
    path("<int:pk>/edit/", views.community_edit, name="community_edit"),
    path("<int:pk>/visit/", views.community_visit, name="community_visit"),
    path("<int:pk>/remove/", views.community_remove, name="community_remove"),
    path("<int:pk>/into-care/", views.community_take_into_care,
         name="community_take_into_care"),
]

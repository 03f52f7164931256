from django.urls import path

from cwis.protection import views, views_registry

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
    path("<int:pk>/close-category/", views_registry.category_close,
         name="community_category_close"),
    path("return/<int:pk>/", views_registry.community_return, name="community_return"),
    path("flags/", views_registry.community_flags, name="community_flags"),
    path("coverage/", views_registry.community_coverage, name="community_coverage"),
    path("training/", views_registry.training_list, name="training_list"),
    path("training/new/", views_registry.training_new, name="training_new"),
    path("training/<int:pk>/", views_registry.training_detail, name="training_detail"),
    path("training/<int:pk>/edit/", views_registry.training_edit, name="training_edit"),
    path("training/<int:pk>/attend/", views_registry.training_attend, name="training_attend"),
    path("people/<int:pk>/", views_registry.person_training, name="person_training"),
    path("partners/", views_registry.partner_lists, name="community_partner_lists"),
    path("partners/education.xlsx", views_registry.partner_education_export,
         name="community_partner_education"),
    path("partners/disability.xlsx", views_registry.partner_disability_export,
         name="community_partner_disability"),
]

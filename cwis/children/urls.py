from django.urls import path

from cwis.children import views

urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("export.xlsx", views.child_export, name="child_export"),
    path("new/", views.child_register, name="child_register"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/print/", views.child_print, name="child_print"),
    path("<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("<int:pk>/leave/", views.child_leave, name="child_leave"),
    path("<int:pk>/move/", views.child_move, name="child_move"),
    path("<int:pk>/merge/", views.child_merge, name="child_merge"),
    path("<int:pk>/entered-in-error/", views.child_entered_in_error,
         name="child_entered_in_error"),
    path("<int:pk>/photo/", views.child_photo, name="child_photo"),
    path("<int:pk>/documents/add/", views.child_document_add, name="child_document_add"),
    path("<int:pk>/documents/<int:document_id>/", views.child_document_file,
         name="child_document_file"),
    path("<int:pk>/documents/<int:document_id>/withdraw/", views.child_document_withdraw,
         name="child_document_withdraw"),
]

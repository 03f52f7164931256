from django.urls import path

from cwis.institutions import views

urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("<int:pk>/", views.institution_detail, name="institution_detail"),
]

from django.urls import path

from methods import views

app_name = "methods"

urlpatterns = [
    path("", views.method_list, name="list"),
    path("dataset.json", views.dataset_download, name="dataset"),
    path("<slug:slug>/", views.method_detail, name="detail"),
    path("<slug:slug>/cite.<str:fmt>", views.method_citation, name="citation"),
]

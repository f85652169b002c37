"""The project's URLs plus three pages to compare ours against (see views.py and admin.py)."""

from django.urls import path

from config.urls import urlpatterns as project_urls

from .admin import bench_admin
from .views import ok, reference_list

urlpatterns = [
    path("bench/ok/", ok, name="bench_ok"),
    path("bench/reference/", reference_list, name="bench_reference"),
    path("bench-admin/", bench_admin.urls),
    *project_urls,
]

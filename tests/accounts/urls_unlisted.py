"""A URLconf for test_matrix's negative control: the project's routes plus a
page and an API view that have no row in the matrix, and the schema."""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


class UnlistedView(APIView):
    @extend_schema(responses={200: None})
    def get(self, request):
        return Response({})

    @extend_schema(request=None, responses={201: None})
    def post(self, request):
        return Response({}, status=201)


# First, so that no catch-all of the project's shadows them.
urlpatterns = [
    path("unlisted/", lambda request: HttpResponse("x"), name="unlisted-page"),
    path("api/unlisted/", UnlistedView.as_view(), name="unlisted-api"),
    path("api/schema/", SpectacularAPIView.as_view(), name="unlisted-schema"),
    *project_urlpatterns,
]

"""Lists: {"count", "next", "previous", "results"}, 50 a page (DESIGN 6)."""

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    """Page numbers as DRF counts them, except that `?page=` with no number is a
    field error rather than quietly the first page."""

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: ["Give a page number."]})
        return super().get_page_number(request, paginator)

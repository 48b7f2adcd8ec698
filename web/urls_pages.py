"""Pages that show: role home pages, the note page, the watchlist."""

from django.urls import path, register_converter

from web.views import pages


class NoteIdConverter:
    """A note id in a path: at most 18 digits, so it fits a 64-bit key (longer is a 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(NoteIdConverter, "note_id")

urlpatterns = [
    path("", pages.home, name="home"),
    path("notes/<note_id:pk>/", pages.note_detail, name="note"),
    path("notes/<note_id:pk>/balance/", pages.note_balance, name="note-balance"),
    path("notes/<note_id:pk>/instrument/", pages.note_instrument, name="note-instrument"),
    path("watchlist/", pages.watchlist_page, name="watchlist"),
    path("favicon.ico", pages.favicon, name="favicon"),
]

"""Pages that do: payment entry, lender and servicer actions, statements.

Every route here has a row in tests/accounts/test_matrix.py; every POST is CSRF-checked
(tests/accounts/test_csrf.py).
"""

from django.urls import path

from web.views import actions, payments, statements

urlpatterns = [
    path("notes/<int:pk>/payments/new/", payments.payment_new, name="web-payment-new"),
    path("payments/<int:pk>/receipt/", payments.receipt, name="web-payment-receipt"),
    path("payments/<int:pk>/confirm/", payments.confirm, name="web-payment-confirm"),
    path("payments/<int:pk>/reverse/", payments.reversal, name="web-payment-reverse"),
    path("notes/<int:pk>/charges/new/", actions.charge_new, name="web-charge-new"),
    path("notes/<int:pk>/notices/new/", actions.notice_new, name="web-notice-new"),
    path("notes/<int:pk>/events/new/", actions.event_new, name="web-event-new"),
    path("notes/new/", actions.board, name="web-note-board"),
    path("notes/<int:pk>/statements/", statements.note_statements, name="web-note-statements"),
    path("statements/", statements.statements, name="web-statements"),
]

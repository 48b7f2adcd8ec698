"""Free text in the API: control characters and bidirectional overrides are
refused with a field error naming the character and its position (counted from
1 by hand below); newline and tab pass where text has several lines."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from loans.models import Party
from loans.validators import plain_line, plain_text
from payments.models import Charge, NoteEvent, Payment

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Check\u202egpj.exe" displays as "Checkexe.jpg"


@pytest.mark.parametrize(
    "value",
    ["", "Check 1042", "Zoë Ångström, 5 rue de l'Église", "\u05e9\u05dc\u05d5\u05dd", "a\u200bb"],
)
def test_ordinary_text_of_any_script_passes_both(value: str) -> None:
    plain_line(value)
    plain_text(value)


@pytest.mark.parametrize("value", ["line one\nline two", "a\tb", "windows\r\nline"])
def test_newline_and_tab_pass_in_several_lines_only(value: str) -> None:
    plain_text(value)
    with pytest.raises(ValidationError, match="this field is one line"):
        plain_line(value)


@pytest.mark.parametrize(
    ("value", "code_point", "position"),
    [
        ("Check\u202egpj.exe", "U+202E", 6),  # C-h-e-c-k is 1..5
        ("\u202aLTR embedding", "U+202A", 1),
        ("pop\u202c", "U+202C", 4),
        ("isolate \u2066x\u2069", "U+2066", 9),  # "isolate " is 8 characters
        ("first strong \u2068", "U+2068", 14),
        ("bell\x07", "U+0007", 5),
        ("\x1b[31mred", "U+001B", 1),
        ("del\x7f", "U+007F", 4),
        ("c1 \x85 next line", "U+0085", 4),
        ("a lone\rcarriage return", "U+000D", 7),
        ("form\x0cfeed", "U+000C", 5),
    ],
)
def test_controls_and_overrides_are_refused_everywhere(
    value: str, code_point: str, position: int
) -> None:
    for validator in (plain_text, plain_line):
        with pytest.raises(ValidationError) as refused:
            validator(value)
        assert f"Contains {code_point}," in refused.value.messages[0]
        assert f"at position {position}." in refused.value.messages[0]


# --- through the API ------------------------------------------------------------

PAYMENT = {"received_on": "2006-02-01", "amount": "1911.67", "method": "check"}


def payments_url(cast: Any) -> str:
    return f"/api/notes/{cast.note.pk}/payments/"


def test_an_override_in_a_memo_is_a_field_error_and_records_nothing(cast: Any) -> None:
    response = cast["borrower_staff"].post(
        payments_url(cast), {**PAYMENT, "memo": f"Check{RLO}gpj.exe"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {
            "memo": [
                "Contains U+202E, a bidirectional override, which makes text display out of "
                "order, at position 6. Newline and tab are allowed."
            ]
        },
    }
    assert Payment.objects.count() == 0


def test_a_memo_of_several_lines_with_a_tab_is_recorded(cast: Any) -> None:
    memo = "Check 1042\nDrawn on:\tFirst National"
    response = cast["borrower_staff"].post(
        payments_url(cast), {**PAYMENT, "memo": memo}, format="json"
    )
    assert response.status_code == 201
    assert Payment.objects.get().memo == memo


def test_a_reference_is_one_line(cast: Any) -> None:
    response = cast["borrower_staff"].post(
        payments_url(cast), {**PAYMENT, "reference": "CHK\n1042"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "reference": [
            "Contains U+000A, a line break or tab, and this field is one line, at position 4."
        ]
    }


def test_an_escape_sequence_in_a_party_name_is_refused(cast: Any) -> None:
    response = cast["servicer"].post(
        "/api/parties/", {"name": "\x1b[2JACME", "kind": "organization"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert not Party.objects.filter(name__contains="ACME").exists()


def test_a_charge_description_and_an_event_description_are_checked(cast: Any) -> None:
    charge = cast["lender"].post(
        f"/api/notes/{cast.note.pk}/charges/",
        {
            "incurred_on": "2006-01-20",
            "amount": "250.00",
            "kind": "collection_cost",
            "description": f"Invoice {RLO}fdp.exe",
        },
        format="json",
    )
    event = cast["lender"].post(
        f"/api/notes/{cast.note.pk}/events/",
        {"kind": "judgment", "date": "2006-03-01", "description": "Judgment\x08\x08\x08"},
        format="json",
    )
    assert charge.status_code == 400 and list(charge.json()["errors"]) == ["description"]
    assert event.status_code == 400 and list(event.json()["errors"]) == ["description"]
    assert Charge.objects.count() == 0 and NoteEvent.objects.count() == 0


def test_a_reversal_reason_is_checked(cast: Any) -> None:
    paid = cast["borrower_staff"].post(payments_url(cast), PAYMENT, format="json").json()
    response = cast["servicer"].post(
        f"/api/payments/{paid['id']}/reverse/",
        {"reversed_on": "2006-02-09", "reason": f"NSF{RLO}"},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["reason"]
    assert not hasattr(Payment.objects.get(), "reversal")

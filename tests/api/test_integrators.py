"""What a client generated from the schema relies on (docs/api.md): optional fields
have the server's defaults, amounts are exactly what the schema's pattern says,
unknown fields are refused by name, nested errors are plain strings, the schema is
JSON on request and names its enums once."""

import json
import re
from typing import Any

import pytest
import yaml

from loans.engine.money import AMOUNT_PATTERN, MoneyError, parse_amount_text, parse_money
from loans.models import Note

REQUIRED_TERMS = {
    "reference": "REQUIRED-ONLY-1",
    "principal": "12000.00",
    "annual_rate": "12.000",
    "dated": "2006-01-01",
    "first_payment_date": "2006-02-01",
    "maturity_date": "2008-01-01",
    "repayment": "interest_only",
}


def note_body(cast: Any, **changes: Any) -> dict[str, Any]:
    lender = cast.note.lender_shares.order_by("pk")[0].party
    body = {
        **REQUIRED_TERMS,
        "borrower": cast.note.borrower_id,
        "lenders": [{"party": lender.pk, "share": "100"}],
    }
    return {**body, **changes}


def post_json(client: Any, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_note_boarded_with_only_the_required_terms_gets_the_defaults(cast: Any) -> None:
    response = post_json(cast["servicer"], "/api/notes/", note_body(cast))

    assert response.status_code == 201, response.json()
    note = response.json()
    assert note["day_count"] == "30/360"
    assert note["accrual_start"] == "2006-01-01"  # the date the note is dated
    assert (note["payment_frequency_months"], note["interest_only_periods"]) == (1, 0)
    assert (note["notice_required"], note["cure_days"], note["grace_days"]) == (True, 10, 0)
    assert (note["acceleration"], note["installment_amount"]) == ("automatic", None)
    # 12,000.00 x 12 % / 12 = 120.00 in each 30/360 month.
    rows = cast["servicer"].get(f"/api/notes/{note['id']}/schedule/").json()
    assert {row["interest"] for row in rows} == {"120.00"}


def test_the_schema_names_every_default_the_server_applied(cast: Any) -> None:
    schema = yaml.safe_load(cast["servicer"].get("/api/schema/").content)
    terms = schema["components"]["schemas"]["NoteRequest"]
    defaults = {k: v["default"] for k, v in terms["properties"].items() if "default" in v}
    note = post_json(cast["servicer"], "/api/notes/", note_body(cast)).json()

    assert set(terms["required"]) == {*REQUIRED_TERMS, "borrower", "lenders"}
    assert defaults == {field: note[field] for field in defaults}
    assert {"day_count", "cure_days", "acceleration"} <= set(defaults)


ACCEPTED = ["1850", "1850.5", "1850.00", "0.01", ".5", "000123.45", "999999999999.99"]
REFUSED = [
    1850,  # a JSON number
    1850.5,
    True,
    None,
    "",
    "0",
    "0.00",
    "-5.00",
    "+5.00",
    " 5.00",
    "5.00 ",
    "1_000",
    "1e-2",
    "1E3",
    "1,000.00",
    "1.001",
    "1.",
    "NaN",
    "Infinity",
    "١٢٣",  # Arabic-Indic digits, which Decimal() would read
    "\uff11\uff12",  # fullwidth digits
    "1000000000000.00",  # 13 digits before the point
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_the_amount_pattern_and_the_parser_accept_the_same_text(text: str) -> None:
    assert re.fullmatch(AMOUNT_PATTERN, text, re.ASCII)
    assert parse_amount_text(text) == parse_money(text)


@pytest.mark.parametrize("value", REFUSED)
def test_the_amount_pattern_and_the_parser_refuse_the_same_text(value: Any) -> None:
    assert not (isinstance(value, str) and re.fullmatch(AMOUNT_PATTERN, value, re.ASCII))
    with pytest.raises(MoneyError):
        parse_amount_text(value)


@pytest.mark.parametrize("value", [1850, "1e-2", "1_000", "١٢٣", "-5.00"])
def test_an_amount_the_pattern_refuses_is_a_400_and_records_nothing(cast: Any, value: Any) -> None:
    before = cast.note.payments.count()
    body = {"received_on": "2007-03-15", "amount": value, "method": "wire"}

    response = post_json(cast["borrower_staff"], f"/api/notes/{cast.note.pk}/payments/", body)

    assert response.status_code == 400
    [message] = response.json()["errors"]["amount"]
    assert "digits" in message
    assert cast.note.payments.count() == before


def test_the_schema_declares_the_pattern_the_server_applies(cast: Any) -> None:
    schema = yaml.safe_load(cast["servicer"].get("/api/schema/").content)
    amount = schema["components"]["schemas"]["PaymentCreateRequest"]["properties"]["amount"]

    assert amount["type"] == "string"
    assert amount["pattern"] == f"^{AMOUNT_PATTERN}$"


def test_an_unknown_field_is_a_400_naming_it(cast: Any) -> None:
    body = {"received_on": "2007-03-15", "amount": "10.00", "method": "wire", "ammount": "9"}

    response = post_json(cast["borrower_staff"], f"/api/notes/{cast.note.pk}/payments/", body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ammount"]
    assert cast.note.payments.count() == 0


def test_nested_errors_are_plain_strings_keyed_by_their_path(cast: Any) -> None:
    body = note_body(cast, lenders=[{"party": cast.note.borrower_id, "share": "x", "extra": 1}])

    response = post_json(cast["servicer"], "/api/notes/", body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["lenders.0.extra"]  # unknown names first, before values
    body["lenders"] = [{"party": cast.note.borrower_id, "share": "x"}]
    errors = post_json(cast["servicer"], "/api/notes/", body).json()["errors"]
    assert set(errors) == {"lenders.0.share"}
    assert all(isinstance(m, str) for messages in errors.values() for m in messages)
    assert not Note.objects.filter(reference=REQUIRED_TERMS["reference"]).exists()


def test_the_schema_is_json_when_asked(cast: Any) -> None:
    response = cast["servicer"].get("/api/schema/?format=json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(response.content)["openapi"].startswith("3.0")
    assert cast["servicer"].get("/api/schema/?format=xml").status_code == 404


def test_the_schema_as_a_generator_reads_it(cast: Any) -> None:
    schema = yaml.safe_load(cast["servicer"].get("/api/schema/").content)
    components = schema["components"]["schemas"]
    operations = [
        (method, path, op) for path, ops in schema["paths"].items() for method, op in ops.items()
    ]

    # Path ids are integers, like every id property.
    ids = [p for _, _, op in operations for p in op.get("parameters", []) if p["name"] == "id"]
    assert ids and {p["schema"]["type"] for p in ids} == {"integer"}
    # Each enum once, with named members; parameters refer to the same components.
    for name in ("NoteStatusEnum", "PaymentKindEnum", "JournalBookEnum", "DayCountEnum"):
        assert components[name]["x-enum-varnames"]
    assert components["DayCountEnum"]["x-enum-varnames"][0] == "D30_360"
    enums = [frozenset(c["enum"]) for c in components.values() if "enum" in c]
    assert len(enums) == len(set(enums))
    # The token is an API key in the Authorization header, prefix documented.
    token = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "Authorization")
    assert '"Token"' in token["description"]
    # Nullable references as strict OpenAPI 3.0.3 reads them.
    payment = components["Payment"]["properties"]
    for field in ("reversal", "allocation"):
        assert {"type": "object", "nullable": True, "enum": [None]} in payment[field]["oneOf"]
    # Every operation described in its own words; every body may answer 415.
    descriptions = [op["description"] for _, _, op in operations if op.get("description")]
    assert len(descriptions) == len(operations)
    assert not any("NoteScopedView" in d or "note_actions" in d for d in descriptions)
    for method, path, op in operations:
        if "requestBody" in op:
            assert "415" in op["responses"], f"{method} {path}"


def test_a_statement_file_route_answers_its_own_media_type(cast: Any) -> None:
    url = f"/api/notes/{cast.note.pk}/statements/payoff"
    as_json = cast["lender"].get(f"{url}/?to=2007-03-15")
    as_csv = cast["lender"].get(f"{url}/csv/?to=2007-03-15")

    assert as_json["Content-Type"] == "application/json"
    assert as_csv["Content-Type"].startswith("text/csv")
    assert as_json.json()["payoff_amount"] in as_csv.content.decode()
    assert cast["lender"].get(f"/api/notes/{cast.note.pk}/statements/nope/csv/").status_code == 404


def test_text_sent_as_a_number_is_a_400(cast: Any) -> None:
    body = {"name": "Numbered Party LLC", "kind": "organization", "tax_id": 0}

    response = post_json(cast["servicer"], "/api/parties/", body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["tax_id"]


def test_a_statement_file_refuses_a_bad_date_it_declares(cast: Any) -> None:
    url = f"/api/notes/{cast.note.pk}/statements/payoff/csv/?from=2007-02-30"

    response = cast["lender"].get(url)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["from"]

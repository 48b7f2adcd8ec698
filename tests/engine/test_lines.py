"""The blocks of lines a frozen walk keeps its payment ids and split texts in
(loans/engine/lines.py) behave as the list and the dict they replace, across freezes."""

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loans.engine.lines import IdLines, LineMap

IDS = st.text(alphabet="0123456789-ab", min_size=1, max_size=5)
TEXTS = st.text(alphabet="0123456789. ", min_size=1, max_size=12)


def _thawed(value):
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


@given(st.lists(st.tuples(IDS, st.booleans()), max_size=40), st.lists(IDS, max_size=10))
def test_ids_are_the_list_they_replace_across_freezes(steps, probes):
    """Each step appends an id, and freezes and thaws the lines when its flag says so."""
    lines, model = IdLines(), []
    for payment_id, freeze in steps:
        lines.append(payment_id)
        model.append(payment_id)
        if freeze:
            lines = _thawed(lines)
        assert list(lines) == model and len(lines) == len(model)
    for payment_id in [*probes, *model]:
        assert (payment_id in lines) == (payment_id in model)


def test_an_id_is_found_whole_not_as_part_of_another():
    lines = IdLines()
    for payment_id in ("100", "2001", "7"):
        lines.append(payment_id)
    lines = _thawed(lines)
    assert tuple(lines) == ("100", "2001", "7")
    assert all(part not in lines for part in ("10", "00", "200", "001", "0", ""))
    assert "7" in lines and "2001" in lines and "100" in lines


@given(
    st.lists(st.tuples(st.lists(st.tuples(IDS, TEXTS), max_size=6), st.booleans()), max_size=12),
    st.lists(IDS, max_size=10),
)
def test_texts_are_the_dict_they_replace_across_freezes(steps, probes):
    """Each step adds some texts (an id added again takes its new text and keeps its
    place, as in a dict), then freezes and thaws the map when its flag says so."""
    texts, model = LineMap(), dict[str, str]()
    for items, freeze in steps:
        before, before_model = texts, dict(model)
        texts = texts.plus(items)
        model.update(items)
        assert dict(before.items()) == before_model  # adding made a new map
        if freeze:
            texts = _thawed(texts)
        assert list(texts.items()) == list(model.items())
        assert (len(texts), bool(texts)) == (len(model), bool(model))
    for payment_id in [*probes, *model]:
        assert texts.get(payment_id) == model.get(payment_id)


def test_a_frozen_map_is_two_blocks_of_lines():
    texts = LineMap().plus([("11", "0.00 53.11 0.00 0.00 0.00"), ("12", "1.00 2.00 0 0 0")])
    assert texts.__getstate__() == ("11\n12\n", "0.00 53.11 0.00 0.00 0.00\n1.00 2.00 0 0 0\n")
    thawed = _thawed(texts.plus([("13", "5 0 0 0 0")]))
    assert thawed["13"] == "5 0 0 0 0" and thawed["11"] == "0.00 53.11 0.00 0.00 0.00"
    with pytest.raises(KeyError):
        thawed["14"]


def test_a_newline_is_refused():
    with pytest.raises(ValueError, match="newline"):
        IdLines().append("1\n2")
    with pytest.raises(ValueError, match="newline"):
        LineMap().plus([("1", "0 0\n0 0 0")])

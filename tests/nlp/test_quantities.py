from eventwatch.nlp.quantities import find_quantities


def first(text: str):
    found = find_quantities(text)
    assert found, text
    return found[0]


def test_counts_with_qualifiers_and_units():
    q = first("North Korea fired more than 70 ballistic missiles in 2022.")
    assert (q.value, q.unit, q.qualifier) == (70, "missile", "more than")
    q = first("It fired two short-range ballistic missiles on Thursday.")
    assert (q.value, q.unit, q.qualifier) == (2, "missile", None)
    q = first("The missile flew about 350 kilometers before landing.")
    assert (q.value, q.unit, q.qualifier) == (350, "km", "about")
    q = first("Russia massed tens of thousands of troops near the border.")
    assert (q.value, q.unit) == (20000, "troops")
    q = first("Police said 1,200 protesters marched on parliament.")
    assert q.value == 1200


def test_units_and_qualifiers_are_normalised():
    q = first("The drone flew roughly 40 kilometres inland.")
    assert (q.value, q.unit, q.qualifier) == (40, "km", "about")
    q = first("Officials counted over 300 rockets fired overnight.")
    assert (q.value, q.unit, q.qualifier) == (300, "rocket", "more than")
    q = first("As many as 12 warships joined the drill.")
    assert (q.value, q.unit, q.qualifier) == (12, "warship", "up to")
    q = first("Russia massed tens of thousands of troops near the border.")
    assert q.qualifier == "at least"
    q = first("Hundreds of protesters gathered outside parliament.")
    assert (q.value, q.unit, q.qualifier) == (200, "protester", "at least")


def test_offsets_match_text():
    text = "Officials said at least 12 drones were shot down."
    q = first(text)
    assert text[q.start:q.end] == q.text == "at least 12 drones"


def test_no_quantity_in_plain_prose():
    assert find_quantities("The talks collapsed without agreement.") == []

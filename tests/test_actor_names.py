"""Actor names → codes (actor_names): what `--actor` and `?actor=` accept besides codes."""

from __future__ import annotations

import pytest

from eventwatch.actor_names import ActorNameError, resolve_actor, search_actors


@pytest.mark.parametrize(("value", "code"), [
    ("North Korea", "PRK"), ("north korea", "PRK"), ("  South   Korea ", "KOR"), ("DPRK", "PRK"),
    ("the United States", "USA"), ("US", "USA"), ("United Nations", "IGOUNO"), ("U.N.", "IGOUNO"),
    ("Kim Jong Un", "PRKGOV"), ("Kim Jong-un", "PRKGOV"), ("Korean People’s Army", "PRKMIL"), ("KPA", "PRKMIL"),
])
def test_a_name_or_alias_of_one_actor_is_its_code(value: str, code: str) -> None:
    assert resolve_actor(value) == code


@pytest.mark.parametrize("value", ["PRK", "prk", "PRKMIL", "IGO", "IGOUNOIAE", "IR", "SYRREB"])
def test_a_code_stays_a_code(value: str) -> None:
    assert resolve_actor(value) == value.upper()


def test_korea_alone_is_ambiguous_and_suggests_both_koreas_first() -> None:
    with pytest.raises(ActorNameError) as raised:
        resolve_actor("Korea")
    assert raised.value.ambiguous and [s.code for s in raised.value.suggestions[:2]] == ["PRK", "KOR"]
    assert "PRK       North Korea" in str(raised.value) and "KOR       South Korea" in str(raised.value)


def test_a_name_the_dictionary_marks_ambiguous_is_not_guessed() -> None:
    with pytest.raises(ActorNameError, match="several countries use"):
        resolve_actor("Joint Chiefs of Staff")


def test_an_unknown_name_suggests_names_spelt_like_it() -> None:
    with pytest.raises(ActorNameError) as raised:
        resolve_actor("Nroth Korea")
    assert not raised.value.ambiguous and raised.value.suggestions[0].code == "PRK"
    with pytest.raises(ActorNameError, match="eventwatch actors"):
        resolve_actor("Atlantis")


def test_search_ranks_exact_then_word_starts_then_the_rest() -> None:
    found = search_actors("korea")
    assert [a.code for a in found[:2]] == ["PRK", "KOR"]
    assert {a.kind for a in found} >= {"country", "organisation"}
    assert search_actors("kim jong un")[0].name == "Kim Jong Un"
    assert all("kim jong" in " ".join((a.name, *a.aliases)).lower() for a in search_actors("Kim Jong"))
    assert search_actors("IGOUNOIAE")[0].name == "International Atomic Energy Agency"

"""Who did it to whom, read off the dependency parse: subjects, agents, victims, complements, event nouns."""

from pipeline_helpers import run_text


def coded(text: str, published: str = "2025-09-17") -> set[tuple]:
    """(source country, type, target country) of every coded event."""
    return {(e.source_actor[:3], e.plover_type, (e.target_actor or "")[:3] or None) for e in run_text(
        text, published).events}


def test_the_killed_are_the_target_never_the_source():
    got = coded("YEREVAN — Azerbaijani troops fired mortars across the border on Tuesday, killing two Armenian "
                "soldiers, the defence ministry in Yerevan said.")
    assert ("AZE", "ASSAULT", "ARM") in got
    assert not any(source == "ARM" and kind == "ASSAULT" for source, kind, _ in got)


def test_the_agent_of_a_passive_is_the_source():
    got = coded("Three rockets were fired at the town of Metula by Hezbollah on Sunday, Israeli officials said.")
    assert any(source == "LBN" and kind == "ASSAULT" for source, kind, _ in got)


def test_a_complement_takes_the_subject_of_the_verb_that_governs_it():
    result = run_text("MOSCOW — Russia's Foreign Ministry vowed on Monday to retaliate against Finland for "
                      "closing the border.", "2025-09-17")
    threats = [e for e in result.events if e.plover_type == "THREATEN"]
    assert threats and threats[0].source_actor.startswith("RUS") and threats[0].target_actor.startswith("FIN")


def test_an_event_noun_takes_its_possessor_and_its_object():
    got = coded("The anniversary of Russia's invasion of Ukraine was marked in Kyiv on Monday.")
    assert ("RUS", "ASSAULT", "UKR") in got


def test_talks_between_two_parties_are_coded_both_ways():
    got = coded("BAKU — Talks between Armenia and Azerbaijan resumed in Washington on Thursday.")
    assert {("ARM", "CONSULT", "AZE"), ("AZE", "CONSULT", "ARM")} <= got


def test_coordinated_subjects_give_one_event_each():
    got = coded("Britain and France condemned the strike on the hospital on Monday.")
    sources = {source for source, kind, _ in got if kind == "ACCUSE"}
    assert sources == {"GBR", "FRA"}


def test_the_reporter_is_not_the_source():
    result = run_text("SEOUL — North Korea fired a ballistic missile into the sea on Friday, Japan's defence "
                      "ministry said.", "2025-09-19")
    launch = next(e for e in result.events if e.plover_type == "MOBILIZE")
    assert launch.source_actor.startswith("PRK") and launch.reported_by.startswith("JPN")
    assert not any(e.source_actor.startswith("JPN") for e in result.events)


def test_a_weapon_that_is_only_described_is_no_event():
    assert coded("The new drones are designed to strike targets deep behind the front line, analysts said.") == set()


def test_a_threat_on_a_condition_is_a_threat_to_whom_the_condition_is_put():
    got = coded("CARACAS — Venezuela will seize the offshore platforms if Guyana goes ahead with the drilling, "
                "the vice president said on Tuesday.")
    assert ("VEN", "THREATEN", "GUY") in got
    assert not any(kind == "COERCE" for _, kind, _ in got)


def test_the_date_is_the_one_attached_to_the_event_verb():
    result = run_text("KYIV — More than 200 soldiers have died in the sector since September 2022, when the "
                      "offensive began, officials said on Monday. Russian forces shelled Kherson on Sunday, the "
                      "governor said on Monday.", "2025-09-16")
    shelling = next(e for e in result.events if e.plover_type == "ASSAULT")
    assert shelling.date_label == "2025-09-14"


def test_a_refusal_to_accept_is_a_rejection():
    got = coded("ISLAMABAD — Pakistan will not accept the ceasefire proposal put forward by India, the foreign "
                "office said on Wednesday.")
    assert any(source == "PAK" and kind == "REJECT" for source, kind, _ in got)
    assert not any(kind == "AGREE" for _, kind, _ in got)


def test_a_conditional_statement_is_a_threat_whatever_its_verb():
    got = coded("BEIJING — China will not sit idly by if the Philippines keeps sending boats to the shoal, a foreign "
                "ministry spokesman said on Monday.")
    assert ("CHN", "THREATEN", "PHL") in got


def test_a_warning_of_a_catastrophe_is_no_threat():
    got = coded("GENEVA — U.N. agencies warned on Tuesday of a humanitarian catastrophe in Darfur as fighting spread.")
    assert not any(kind == "THREATEN" for _, kind, _ in got)

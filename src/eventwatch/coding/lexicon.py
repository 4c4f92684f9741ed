"""The trigger lexicon (data/coding/lexicon.yaml) and the cue words (data/coding/cues.yaml, and the verbs that
report or cite from data/attribution.yaml, which the quote scanner shares), matched on lemmas.

An entry names a lemma (a verb, a phrasal verb such as "call on", or a noun such as "war game"), its PLOVER type
and mode, and the conditions under which it codes: a word class in its own phrase (``needs``), a preposition
(``preps``), a named target (``needs_target``), objects that cancel it (``unless``). Several entries may share a
lemma; the first whose conditions hold wins, so specific readings come first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from eventwatch.datafiles import data_mapping
from eventwatch.errors import DictionaryError
from eventwatch.model import MODALITIES, PLOVER_TYPES

POS = ("verb", "noun")
_FLAGS = ("symmetric", "counterpart", "absorbs", "victim", "needs_target")


@dataclass(frozen=True)
class Entry:
    lemma: str  # as written: "call on", "war game"
    pos: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    needs: frozenset[str] = frozenset()  # words of the class named by `needs`
    needs_class: str | None = None
    preps: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    needs_target: bool = False
    symmetric: bool = False
    counterpart: bool = False
    absorbs: bool = False
    victim: bool = False
    joint: str | None = None
    future: str | None = None
    civilian_type: str | None = None
    modality: str | None = None

    @property
    def head(self) -> str:
        """The word the lemma of a token is compared with: a phrasal verb's verb, a compound noun's last word."""
        words = self.lemma.split()
        return words[0] if self.pos == "verb" else words[-1]

    @property
    def extra(self) -> tuple[str, ...]:
        """Particles of a phrasal verb ("call on" → on), words before a compound noun's head ("war game" → war)."""
        words = self.lemma.split()
        return tuple(words[1:]) if self.pos == "verb" else tuple(words[:-1])


@dataclass(frozen=True)
class Cues:
    reporting: frozenset[str]  # lemmas of verbs that attribute ("say", "report")
    citing: frozenset[str]
    negating: frozenset[str]  # governing verbs that negate their complement ("refuse to")
    planning: frozenset[str]  # governing verbs and adjectives that make it planned ("plan to", "vow to")
    hypothetical: frozenset[str]  # modals, governing verbs and adjectives of possibility
    ordering: frozenset[str]  # "ordered his military to …": the orderer is the source
    light: frozenset[str]  # verbs that carry an event noun ("held talks"): the noun is the event
    joint_words: frozenset[str]
    introducing: frozenset[str] = frozenset()  # first words of phrases that introduce a source ("according")


@dataclass
class Lexicon:
    entries: dict[tuple[str, str], list[Entry]]  # (head lemma, pos) → entries in order
    classes: dict[str, frozenset[str]]
    forms: frozenset[str]  # every lower-case surface form a trigger head may take, to skip sentences cheaply
    cues: Cues
    things: frozenset[str] = frozenset()  # event nouns: a subject they head names no actor
    event_nouns: dict[str, str] = field(default_factory=dict)  # noun lemma → the type of its last-listed reading

    lemmas: dict[str, frozenset[str]] = field(default_factory=dict)  # surface form → heads it may inflect

    def candidates(self, lemma: str, pos: str, form: str = "") -> list[Entry]:
        """Entries for a word; when the model's lemma is unknown to the lexicon (it lemmatizes "staged" as
        "stag"), the forms the lexicon generates for its own heads decide."""
        found = self.entries.get((lemma, pos), [])
        if found or not form:
            return found
        return [e for head in sorted(self.lemmas.get(form, ())) for e in self.entries.get((head, pos), [])]

    def may_hold_event(self, words: list[str]) -> bool:
        return any(w in self.forms for w in words)


def _words(items) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items or ())


def _entry(raw: dict, defaults: dict, classes: dict[str, frozenset[str]], where: str) -> Entry:
    merged = {**defaults.get(raw.get("type"), {}), **raw}
    kind = merged.get("type")
    if kind not in PLOVER_TYPES:
        raise DictionaryError(f"{where}: unknown PLOVER type {kind!r}")
    if merged.get("pos") not in POS:
        raise DictionaryError(f"{where}: pos must be one of {POS}")
    for key in ("joint", "future", "civilian_type"):
        if merged.get(key) and merged[key] not in PLOVER_TYPES:
            raise DictionaryError(f"{where}: {key} {merged[key]!r} is not a PLOVER type")
    if merged.get("modality") and merged["modality"] not in MODALITIES:
        raise DictionaryError(f"{where}: unknown modality {merged['modality']!r}")
    needs = merged.get("needs")
    if needs and needs not in classes:
        raise DictionaryError(f"{where}: needs names no class: {needs!r}")
    return Entry(
        lemma=str(merged["lemma"]).lower().strip(), pos=merged["pos"], type=kind, mode=merged.get("mode"),
        cameo=str(merged["cameo"]) if merged.get("cameo") else None,
        needs=classes.get(needs, frozenset()), needs_class=needs,
        preps=_words(merged.get("preps")), unless=_words(merged.get("unless")),
        joint=merged.get("joint"), future=merged.get("future"), civilian_type=merged.get("civilian_type"),
        modality=merged.get("modality"), **{flag: bool(merged.get(flag)) for flag in _FLAGS},
    )


def inflections(word: str, pos: str, irregular: dict[str, list[str]]) -> set[str]:
    """Surface forms of a lemma, generous on purpose: they only decide which sentences are worth parsing."""
    forms = {word, *irregular.get(word, [])}
    stem = word[:-1]
    if word.endswith("e"):
        forms |= {word + "s", word + "d", stem + "ing"}
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {stem + "ies", stem + "ied", word + "ing"}
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {word + "es", word + "ed", word + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing", word + word[-1] + "ed", word + word[-1] + "ing"}
    if pos == "noun":
        forms |= {word + "s", word + "es"}
    return {f for f in forms if f}


def _cues(raw: dict) -> Cues:
    return Cues(
        reporting=_words(raw.get("reporting")), citing=_words(raw.get("citing")),
        negating=_words(raw.get("negating")), planning=_words(raw.get("planning")),
        hypothetical=_words(raw.get("hypothetical")), ordering=_words(raw.get("ordering")),
        light=_words(raw.get("light")), joint_words=_words(raw.get("joint_words")),
        introducing=_words(raw.get("introducing")),
    )


def _attribution(data: dict) -> dict[str, list[str]]:
    """The coder's view of data/attribution.yaml: which lemmas report, which cite, what opens an introducer."""
    return {"reporting": [*data["reporting"], *data["claims"], *data["citing"]],
            "citing": [*data["citing"], *data["citing_words"]],
            "introducing": [str(phrase).split()[0] for phrase in data["introducers"]]}


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    cues = {**data_mapping("coding", "cues.yaml"), **_attribution(data_mapping("attribution.yaml"))}
    return build_lexicon(data_mapping("coding", "lexicon.yaml"), cues)


def build_lexicon(data: dict, cue_data: dict) -> Lexicon:
    """A lexicon from the parsed YAML of lexicon.yaml and the cues (cues.yaml with the attribution verbs; tests
    build small ones)."""
    classes = {name: _words(words) for name, words in (data.get("classes") or {}).items()}
    defaults = data.get("types") or {}
    irregular = {k: [str(f).lower() for f in v] for k, v in (cue_data.get("irregular") or {}).items()}
    entries: dict[tuple[str, str], list[Entry]] = {}
    forms: set[str] = set()
    lemmas: dict[str, set[str]] = {}
    for index, raw in enumerate(data.get("entries") or []):
        entry = _entry(raw, defaults, classes, f"lexicon.yaml entry {index} ({raw.get('lemma')!r})")
        entries.setdefault((entry.head, entry.pos), []).append(entry)
        for form in inflections(entry.head, entry.pos, irregular):
            forms.add(form)
            lemmas.setdefault(form, set()).add(entry.head)
    if not entries:
        raise DictionaryError("lexicon.yaml has no entries")
    forms |= {"if", "unless"}  # a conditional statement may be a threat whatever its verb (triggers.py)
    for found in entries.values():
        # The most specific reading first: phrasal verbs and compounds, then entries with conditions.
        found.sort(key=lambda e: (not e.extra, not (e.preps or e.needs)))
    things = frozenset(e.head for found in entries.values() for e in found if e.pos == "noun")
    event_nouns = {e.head: e.type for found in entries.values() for e in found if e.pos == "noun" and not e.extra}
    return Lexicon(entries, classes, frozenset(forms), _cues(cue_data), things, event_nouns,
                   {form: frozenset(heads) for form, heads in lemmas.items()})

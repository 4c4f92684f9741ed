"""``GET /api/facets``: the dashboard's type and modality choices with how many events of the current filter
each would give."""

from __future__ import annotations

from fastapi import APIRouter

from eventwatch.api import models
from eventwatch.api.reading import AnswersDep, Filter, StoreDep

router = APIRouter()


@router.get("/facets", response_model=models.Facets,
            summary="Events per PLOVER type and per modality for the filters (each facet without its own filter)")
def get_facets(store: StoreDep, answers: AnswersDep, where: Filter) -> models.Facets:
    counts = answers.get(("facets", where), lambda: store.facets(where))
    return models.Facets(**{name: [models.FacetValue(value=v, events=n) for v, n in values]
                            for name, values in counts.items()})

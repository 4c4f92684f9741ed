"""An article ingested through the API raises the alerts of the store's watches."""

import json
import shutil

from fastapi.testclient import TestClient

from eventwatch.api import create_app
from eventwatch.store import open_store
from eventwatch.store import watches as state
from eventwatch.watch.spec import parse_watch


def test_an_article_posted_to_the_api_alerts_matching_watches(demo_db, tmp_path, api_token):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    sink = tmp_path / "alerts.jsonl"
    with open_store(str(db)) as store:
        spec = parse_watch({"name": "yellow-sea", "actors": ["PRK"], "places": ["Yellow Sea"],
                            "channels": [{"jsonl": str(sink)}]})
        state.add_watch(store, spec.name, spec.model_dump(mode="json"))
    client = TestClient(create_app(str(db), token=api_token))
    article = {"text": "SEOUL — North Korea fired two cruise missiles over the Yellow Sea on Monday, the Joint "
                       "Chiefs of Staff said.\n\nSource link", "url": "https://api.example.org/alert",
               "published": "2024-05-07", "source": "API Wire"}
    response = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {api_token}"})
    assert response.status_code == 200 and response.json()["results"][0]["stored"]
    sent = [json.loads(line) for line in sink.read_text().splitlines()]
    assert len(sent) == 1
    assert sent[0]["event"]["place"]["name"] == "Yellow Sea" and sent[0]["event"]["date"] == "2024-05-06"

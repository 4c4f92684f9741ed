"""The README's first-hour section runs as written: every command in it, in order, in a fresh folder, with the
articles it names written there; `make demo` is the Makefile's own demo recipe, and `serve` answers on the
dashboard, the API and /docs before it is stopped. A README that drifts from the CLI fails here."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
MAX_LINES = 40
ARTICLES = {
    "seoul-launch.txt": (
        "SEOUL — North Korea fired two short-range ballistic missiles toward its eastern waters on Tuesday, "
        "South Korea's Joint Chiefs of Staff said, days after Pyongyang warned of 'overwhelming' action "
        "against joint drills.\n\nThe missiles flew about 350 kilometres, the military said.\n"),
    "tokyo-protest.html": (
        "<html><head><title>Japan protests launch</title>"
        "<meta property='article:published_time' content='2026-11-18T09:00:00+09:00'></head><body><article>"
        "<p>TOKYO — Japan lodged a protest with North Korea through its embassy in Beijing on Wednesday after "
        "the launch, the government's chief spokesman told reporters.</p></article></body></html>\n"),
    "wire.jsonl": (
        '{"url": "https://example.org/un-council", "published": "2026-11-19", "title": "Council meets", '
        '"text": "NEW YORK — The United Nations Security Council met behind closed doors on Thursday to discuss '
        'the launches, diplomats said."}\n'),
}


def first_hour() -> list[str]:
    """The commands of the README's first-hour section, continuation lines joined and comments dropped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Your first hour\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "the README opens with a '## Your first hour' section"
    assert len(section.group(1).strip().splitlines()) <= MAX_LINES
    block = re.search(r"```bash\n(.*?)```", section.group(1), re.S)
    assert block, "the first-hour section holds a bash block"
    commands, pending = [], ""
    for raw in block.group(1).splitlines():
        line = re.sub(r"\s+#.*$", "", raw).rstrip() if not raw.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        if (pending + line).strip():
            commands.append((pending + line).strip())
        pending = ""
    return commands


def demo_recipe() -> str:
    recipe = re.search(r"^demo:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe
    return recipe.group(1).replace("$(BIN)/", "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(command: str, cwd: Path, env: dict[str, str]) -> None:
    port = free_port()
    server = subprocess.Popen([*shlex.split(command), "--port", str(port)], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail(f"{command!r} did not answer within 60 s")
        assert httpx.get(f"{base}/docs").status_code == 200
        events = httpx.get(f"{base}/api/events", params={"limit": 5})
        assert events.status_code == 200 and events.json()["total"] > 0, events.text
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_every_command_of_the_first_hour_works_as_written(tmp_path: Path):
    folder = tmp_path / "my-articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWATCH_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    ran = []
    for command in first_hour():
        if command == ". .venv/bin/activate":
            continue  # the tests already run inside the project's virtual environment
        if command.startswith("export "):
            name, _, value = command.removeprefix("export ").partition("=")
            env[name] = value
            continue
        if command == "make demo":
            command = demo_recipe()
        if command.startswith("eventwatch serve"):
            serve(command, tmp_path, env)
        else:
            done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                                  timeout=600)
            assert done.returncode == 0, f"{command!r} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        ran.append(command.split()[:2])
    assert ["eventwatch", "ingest"] in ran and ["eventwatch", "events"] in ran

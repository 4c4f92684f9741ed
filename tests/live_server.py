"""For browser tests: where Chromium is (or skip), its flags, and the app served on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI

CHROMIUM = os.environ.get("EVENTWATCH_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's services, which a closed network refuses.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def chromium_or_skip() -> None:
    """Skip the calling test module when there is no Chromium (an error when CI says there must be one)."""
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("EVENTWATCH_REQUIRE_BROWSER"):
            raise RuntimeError(f"EVENTWATCH_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium)", allow_module_level=True)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Yields the base URL while the server runs; stops it afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    assert instance.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)

"""`eventwire serve` as a user starts it: a separate process on loopback, read-only without a token."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from service import free_port


def test_api_serve_command_starts_a_read_only_service_on_loopback(api_db):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(api_db), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        assert httpx.get(f"{base}/version").json()["writable"] is False
        assert httpx.post(f"{base}/articles", json={"text": "x"}).status_code == 403
        assert httpx.get(f"{base}/", follow_redirects=True).headers["content-type"].startswith("text/html")
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert f"at http://127.0.0.1:{port}/" in stderr and "read-only" in stderr

"""Webhook delivery from the store's outbox: each queued (alert, url) is POSTed as JSON until a receiver
answers 2xx.

    report = deliver(store, options.alerts)      # DeliveryReport(delivered=3, waiting=1)

A failed POST (connection refused, timeout, a non-2xx answer) is tried again after `backoff` seconds,
doubled each time, up to `retries` tries in this run; a delivery still failing then stays in the outbox
with its attempts, last error and the time of its next try, and the next run (the next ingest, or
`eventwire alerts --deliver`) takes it up again. The outbox row is marked delivered only after the 2xx,
so an alert is never lost while a receiver is down (a receiver may see one twice if its 2xx is lost on the
way back: the payload's `key` tells duplicates apart).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from eventwire import __version__
from eventwire.options import Alerts


@dataclass(slots=True)
class DeliveryReport:
    delivered: int = 0
    waiting: int = 0  # still in the outbox after this run
    errors: list[str] = field(default_factory=list)


def post(url: str, body: dict, timeout: float) -> None:
    """One JSON POST; raises OSError (urllib's errors included) unless the answer is 2xx."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": f"eventwire/{__version__}",
        "X-Eventwire-Alert": str(body.get("key", ""))})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # non-2xx raises HTTPError
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def deliver(store, options: Alerts, *, retries: int | None = None, sleep=time.sleep) -> DeliveryReport:
    """POST every due outbox row; `retries` (default `options.retries`) tries per row in this run."""
    tries = max(1, options.retries if retries is None else retries)
    report = DeliveryReport()
    due = store.outbox_due(_stamp())
    for alert_id, url, attempts, body in due:
        wait, error = options.backoff, None
        for attempt in range(tries):
            attempts += 1
            try:
                post(url, body, options.timeout)
                error = None
                break
            except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
                error = f"{type(exc).__name__}: {exc}"
                if attempt + 1 < tries:
                    sleep(wait)
                    wait *= 2
        if error is None:
            report.waiting = store.record_delivery(alert_id, url, attempts, delivered_at=_stamp())
            report.delivered += 1
        else:
            later = _stamp(options.backoff * 2 ** min(attempts, 16))
            report.waiting = store.record_delivery(alert_id, url, attempts, error=error, next_at=later)
            report.errors.append(f"{url}: {error}")
    if not due:
        report.waiting = len(store.outbox_due("9999"))
    return report


def _stamp(after_seconds: float = 0.0) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=after_seconds)).isoformat(timespec="seconds")

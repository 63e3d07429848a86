"""Alerts as an Atom feed (RFC 4287) file, newest first, one entry per alert.

    write_atom(store.alerts(), "alerts.xml", title="eventwire alerts")
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

ATOM = "http://www.w3.org/2005/Atom"


def write_atom(alerts: list[dict], path: str | os.PathLike, title: str = "eventwire alerts",
               feed_id: str = "urn:eventwire:alerts") -> Path:
    """Write the feed atomically (a temporary file renamed over `path`), so a reader never sees half."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    updated = max((a["created_at"] for a in alerts), default=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "eventwire"
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:eventwire:alert:{alert['key']}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = alert["title"]
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = alert["created_at"]
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert["kind"], label=alert["watchlist"])
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = json.dumps(alert["payload"], ensure_ascii=False, indent=1)
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    ET.ElementTree(feed).write(temporary, encoding="utf-8", xml_declaration=True)
    os.replace(temporary, target)
    return target

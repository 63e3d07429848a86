"""`petrarch-unittest`: PETRARCH-2's unit-test records (fictional Tolkien-world actors).

The expected codes use actors (ARN, GON, ...) that exist only in the suite's own dictionaries
(PETR.Validate.actors/agents.txt). Scoring needs those dictionaries as the actor source, which
eventwire's actor stage cannot load yet (actors issue), so the suite reports itself unsupported.
"""

from __future__ import annotations

import re

from . import Context, SuiteResult, suite
from .plover_gsr import missing

RECORDS_FILE = "PETR.UnitTest.records.xml"
UNSUPPORTED = "not supported yet: needs the suite's actor/agent dictionaries as the actor source (actors issue)"


@suite("petrarch-unittest", "petrarch2-unittest")
def score_petrarch_unittest(ctx: Context) -> SuiteResult:
    path = ctx.data / RECORDS_FILE
    if not path.is_file():
        return missing("petrarch-unittest", path)
    sentences = len(re.findall(r"<Sentence\b", path.read_text(encoding="utf-8")))
    return SuiteResult(
        suite="petrarch-unittest", metrics={}, n=sentences, headline="", supported=False, notes=[UNSUPPORTED]
    )

"""Events stage: PLOVER events from triggers in the lexicon (`lexicon`), their arguments on the dependency
parse (`arguments`), factuality (`factuality`), assembled by `build`.

Reads: the Doc and every earlier stage's records (actors, places, times, quotes). Writes: `Event` records."""

from eventwire.events.build import extract_events
from eventwire.events.lexicon import Lexicon, load_lexicon

__all__ = ["Lexicon", "extract_events", "load_lexicon"]

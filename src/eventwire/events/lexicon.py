"""The PLOVER trigger lexicon and the factuality cues: data files in, lookup tables out.

`data/plover_lexicon.jsonl` maps trigger lemmas (verbs and nominalisations) to a PLOVER category,
mode and CAMEO code, with conditions (required object, preposition, words in the sentence). Users add
entries in `$EVENTWIRE_DATA_DIR/plover_lexicon.jsonl`; their entries are tried before ours.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from eventwire.datafiles import data_files, read_json, read_jsonl


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry, as the event coder uses it."""

    type: str
    pos: frozenset[str]
    mode: str | None = None
    cameo: str | None = None
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    recipient_slots: tuple[str, ...] = ("dobj",)
    reciprocal: bool = False
    needs_recipient: bool = False
    needs_actor: bool = False
    of_is_actor: bool = False
    actor_prep: str | None = None  # "the town fell to the rebels": the doer is this preposition's object
    armed_subject: bool = False
    requires_words: frozenset[str] = frozenset()
    not_with_words: frozenset[str] = frozenset()
    requires_prep: frozenset[str] = frozenset()
    requires_object: bool = False  # "called X" is a phone call; "called on X to" is not
    particles: dict[str, str] = field(default_factory=dict)
    governors: frozenset[str] = frozenset()
    mode_by_lemma: dict[str, str] = field(default_factory=dict)
    mode_by_object: dict[str, str] = field(default_factory=dict)
    mode_by_words: dict[str, str] = field(default_factory=dict)
    type_by_lemma: dict[str, str] = field(default_factory=dict)

    def type_for(self, lemma: str) -> str:
        return self.type_by_lemma.get(lemma, self.type)


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One row of data/codebook_rewrites.json (see its schema)."""

    rule: str
    factuality: str | None
    types_cue: str
    when: str
    type: str
    keep_mode: bool
    to_factuality: str
    source: str = ""  # file it came from, for error messages


@dataclass(slots=True)
class Lexicon:
    """Triggers indexed by (lemma, coarse POS), the coding cue lists, and the codebook rewrites."""

    triggers: dict[tuple[str, str], list[Trigger]]
    cues: dict[str, Any]
    rewrites: tuple[Rewrite, ...] = ()
    sources: tuple[str, ...] = ()

    def lookup(self, lemma: str, pos: str) -> list[Trigger]:
        return self.triggers.get((lemma.lower(), pos), [])

    def cue(self, name: str) -> frozenset[str]:
        """A cue list of data/coding_cues.json; a name the files do not define is a bug, not an empty list."""
        try:
            return frozenset(self.cues[name])
        except KeyError:
            raise KeyError(f"no coding cue {name!r} in {', '.join(self.sources) or 'coding_cues.json'}") from None


def _trigger(record: dict[str, Any]) -> Trigger:
    slots = record.get("recipient", "dobj")
    return Trigger(
        type=record["type"],
        pos=frozenset(record["pos"]),
        mode=record.get("mode"),
        cameo=record.get("cameo"),
        objects=frozenset(o.lower() for o in record.get("objects", ())),
        not_objects=frozenset(o.lower() for o in record.get("not_objects", ())),
        recipient_slots=tuple(s for s in slots.split("|") if s),
        reciprocal=record.get("reciprocal", False),
        needs_recipient=record.get("needs_recipient", False),
        needs_actor=record.get("needs_actor", False),
        of_is_actor=record.get("of_is_actor", False),
        actor_prep=record.get("actor_prep"),
        armed_subject=record.get("armed_subject", False),
        requires_words=frozenset(w.lower() for w in record.get("requires_words", ())),
        not_with_words=frozenset(w.lower() for w in record.get("not_with_words", ())),
        requires_prep=frozenset(record.get("requires_prep", ())),
        requires_object=record.get("requires_object", False),
        particles=dict(record.get("particles", {})),
        governors=frozenset(record.get("governors", ())),
        mode_by_lemma=dict(record.get("mode_by_lemma", {})),
        mode_by_object=dict(record.get("mode_by_object", {})),
        mode_by_words=dict(record.get("mode_by_words", {})),
        type_by_lemma=dict(record.get("type_by_lemma", {})),
    )


@functools.lru_cache(maxsize=4)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """Load and index the trigger lexicon and the factuality cues (cached)."""
    index: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    # User files come later in data_files(); reversed so their entries are tried first.
    for path in reversed(data_files("plover_lexicon.jsonl", extra)):
        # Within a file, entries with an object or particle condition ("struck a deal", "called off
        # the talks") are tried before the plain sense of the same lemma.
        records = sorted(read_jsonl(path, "plover_lexicon"), key=lambda r: not (r.get("objects") or r.get("particles")))
        for record in records:
            trigger = _trigger(record)
            for lemma in record["lemmas"]:
                for pos in record["pos"]:
                    index[(lemma.lower(), pos)].append(trigger)
    cues: dict[str, Any] = {}
    cue_files = data_files("coding_cues.json")
    for path in cue_files:
        cues.update(read_json(path, "coding_cues"))
    # The rewrite table is ordered (the first row that applies wins): the last file's table replaces it.
    table = data_files("codebook_rewrites.json")[-1]
    rewrites = tuple(Rewrite(**row, source=str(table)) for row in read_json(table, "codebook_rewrites")["rewrites"])
    return Lexicon(triggers=dict(index), cues=cues, rewrites=rewrites, sources=tuple(str(p) for p in cue_files))

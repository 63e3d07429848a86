"""PETRARCH / TABARI / Phoenix actor and agent dictionaries as an extra actor source.

Users of the older coders have years of dictionary work in this format; `load_petrarch_dictionaries`
reads it into an `ActorKB` (merged with ours, or alone) so the rest of the pipeline uses it unchanged.

Actor files (`*.actors.txt`)::

    ARNOR_  [ARN]                      a name (words joined by `_`), its code in brackets
    +ARNORIAN                          `+` lines are aliases of the entry above
    GOLLUM  # comment                  codes may follow on their own (indented) lines,
        [HOB < 950601]                 restricted to dates: before, between, after
        [HOBGOV 19950601 - 19990815]   (YYMMDD or YYYYMMDD)
        [HOBREB > 990816]
    THE_SHIRE  [FRO/BIL/SAM]           `/` separates several actors named together

Agent files (`*.agents.txt`)::

    !PERSON! = MAN, MEN, WOMAN, WOMEN  substitution set, used as `CONGRESS!PERSON!`
    CLERIC  [~REL]                     generic noun -> role code attached to a nearby country
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   explicit plurals; `{}` means no plural

`#` starts a comment, `<!-- ... -->` blocks are skipped, and lines that cannot be read are skipped
(the files in circulation carry many small irregularities). A CAMEO code becomes our (country,
sector): the first three letters are the country (or IGO/NGO/IMG...), the first later three-letter
block that is a PLOVER sector is the sector (CAMEO `MED` is PLOVER `JRN`, `HRI` is `SOC`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from eventwire.actors.kb import Actor, ActorKB, Agent, Role, load_kb

# PLOVER sector codes (the actors schema's list) and the CAMEO role codes PLOVER renamed.
PLOVER_SECTORS = frozenset({"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR",
                            "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL",
                            "SOC"})
CAMEO_SECTOR_RENAMES = {"MED": "JRN", "HRI": "SOC", "CIV": "CVL", "NGO": "SOC", "MOD": None, "RAD": None}
NO_ACTOR = frozenset({"---", "+++", "###"})  # PETRARCH's "known, but do not code" markers
OPEN_START = "0001-01-01"  # a code valid "before" a date has no start

_HTML_COMMENT = re.compile(r"<!?\s*-+.*?-->", re.S)
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_PLURALS = re.compile(r"\{([^}]*)\}")
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_DATE_RANGE = re.compile(r"^(\d{6,8})\s*-\s*(\d{6,8})$")
# Grammatical words written in lower case inside names ("Prince of Dol Amroth", "Army of the Pure").
_LOWER_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "de", "du", "des", "la", "le", "del"})


@dataclass(frozen=True, slots=True)
class DictCode:
    """One code of an entry, valid from `start` (inclusive) to `end` (exclusive); None = unbounded."""

    code: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class DictActor:
    names: tuple[str, ...]  # phrases as written in the file ("MINAS_TIRITH"), the entry's name first
    codes: tuple[DictCode, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class DictAgent:
    names: tuple[str, ...]  # singular and plural phrases ("ATTORNEY_GENERAL", "ATTORNEYS_GENERAL")
    code: str  # role code without the `~` ("GOVFRM"); a prefix code (`NGO~`) keeps its letters
    prefix: bool = False  # `[NGO~]`: the code goes before the country (NGOARN), not after it


# ---- reading --------------------------------------------------------------------------------------
def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """(line number, text) of the lines that carry content: comments and blank lines dropped."""
    text = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        if line.strip() and not line.lstrip().startswith("<"):
            yield number, line


def parse_date(text: str) -> str | None:
    """YYMMDD (years before 30 are 20xx, as PETRARCH reads them) or YYYYMMDD -> YYYY-MM-DD; None if bad."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        return None


def _next_day(date: str) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()


def parse_code_block(block: str) -> list[DictCode] | None:
    """"HOBGOV 19950601 - 19990815" -> codes with dates (PETRARCH ends are inclusive, ours exclusive).

    None when the block cannot be read (an unreadable date is not silently widened to "always").
    """
    parts = block.strip().split(None, 1)
    if not parts:
        return None
    codes, restriction = parts[0].upper(), (parts[1].strip() if len(parts) > 1 else "")
    start = end = None
    if restriction:
        symbol, rest = restriction[0], restriction[1:].strip()
        if symbol == "<":
            end = parse_date(rest)
            if end is None:
                return None
        elif symbol == ">":
            start = parse_date(rest)
            if start is None:
                return None
        else:
            match = _DATE_RANGE.match(restriction)
            first, last = (parse_date(match.group(1)), parse_date(match.group(2))) if match else (None, None)
            if first is None or last is None:
                return None
            start, end = first, _next_day(last)
    return [DictCode(code, start, end) for code in codes.split("/") if code]


def parse_actor_dictionary(text: str) -> list[DictActor]:
    """Entries of an actor file, in file order (see the module docstring for the format)."""
    entries: list[DictActor] = []
    names: list[str] = []
    codes: list[DictCode] = []
    line_no = 0

    def flush() -> None:
        if names and codes:
            entries.append(DictActor(tuple(names), tuple(codes), line_no))

    for number, line in _lines(text):
        body = line.strip()
        blocks = _CODE_BLOCK.findall(body)
        name = _CODE_BLOCK.sub("", body).strip()
        if body.startswith("["):  # a code line under the current entry
            for block in blocks:
                codes.extend(parse_code_block(block) or ())
            continue
        if name.startswith("+"):
            if names:
                names.append(name[1:].strip())
                for block in blocks:
                    codes.extend(parse_code_block(block) or ())
            continue
        flush()
        names, codes, line_no = ([name] if name else []), [], number
        for block in blocks:
            codes.extend(parse_code_block(block) or ())
    flush()
    return entries


def parse_agent_dictionary(text: str) -> list[DictAgent]:
    """Entries of an agent file with substitution sets expanded and plurals listed."""
    sets: dict[str, list[str]] = {}
    agents: list[DictAgent] = []
    for _, line in _lines(text):
        body = line.strip()
        match = _SUBSTITUTION.match(body)
        if match:
            sets[match.group(1)] = [w.strip() for w in match.group(2).split(",") if w.strip()]
            continue
        block = _CODE_BLOCK.search(body)
        if block is None:
            continue
        code = block.group(1).strip().upper()
        head = body[:block.start()]
        plural_match = _PLURALS.search(head)
        phrase = _PLURALS.sub("", head).strip()
        if not phrase or "~" not in code:
            continue
        plurals = None if plural_match is None else [p for p in plural_match.group(1).split() if p]
        for name in _expand(phrase, sets):
            names = [name] + (_regular_plurals(name) if plurals is None else plurals)
            agents.append(DictAgent(tuple(names), code.replace("~", "").strip(), code.endswith("~")))
    return agents


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    """"CONGRESS!PERSON!" -> ["CONGRESSMAN", "CONGRESSMEN", ...] (each set member in its place)."""
    for marker, words in sets.items():
        if marker in phrase:
            return [p for word in words for p in _expand(phrase.replace(marker, word, 1), sets)]
    return [phrase]


def _regular_plurals(name: str) -> list[str]:
    """PETRARCH adds regular plurals itself: the last word takes -s, -es or -ies."""
    stem = name.rstrip("_")
    if not stem or not stem[-1].isalpha():
        return []
    if stem.endswith("Y") and stem[-2:-1] not in "AEIOU":
        return [stem[:-1] + "IES"]
    if stem.endswith(("S", "X", "Z", "CH", "SH")):
        return [stem + "ES"]
    return [stem + "S"]


# ---- names and codes ------------------------------------------------------------------------------
def phrase_words(phrase: str) -> list[str]:
    """"MINAS_TIRITH_" -> ["MINAS", "TIRITH"]: `_` and spaces join words, a trailing `_` ends the phrase."""
    return [w for w in re.split(r"[_\s]+", phrase.strip("+ ")) if w]


def surface_forms(phrase: str) -> list[str]:
    """How a dictionary phrase is written in copy: "Minas Tirith"; short words kept upper ("the AU")."""
    words = phrase_words(phrase)
    if not words:
        return []
    titled = ["-".join(p.capitalize() for p in w.split("-")) if w.replace("-", "").isalpha() else w
              for w in words]  # "Barad-Dur"; "U.N." stays as written
    titled = [t.lower() if i and t.lower() in _LOWER_WORDS else t for i, t in enumerate(titled)]
    if titled[0] == "The" and len(titled) > 1:
        titled[0] = "the"
    acronyms = [w if len(w) <= 3 and w.isupper() and w.lower() not in _LOWER_WORDS else t
                for w, t in zip(words, titled)]
    if acronyms[0] == "THE" and len(acronyms) > 1:
        acronyms[0] = "the"
    return list(dict.fromkeys([" ".join(titled), " ".join(acronyms)]))


def split_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code -> (country or international family, PLOVER sector): "HOBGOV" -> ("HOB", "GOV")."""
    code = code.upper().strip()
    if len(code) < 3 or code[:3] in NO_ACTOR:
        return None, _sector(code[3:])
    return code[:3], _sector(code[3:])


def _sector(rest: str) -> str | None:
    for i in range(0, len(rest) - 2, 3):
        block = rest[i:i + 3]
        block = CAMEO_SECTOR_RENAMES.get(block, block)
        if block in PLOVER_SECTORS:
            return block
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "entry"


def dictionary_actors(entries: Iterable[DictActor], source: str = "petrarch") -> list[Actor]:
    """KB actors for dictionary entries. Dated codes become roles, so the code valid on the article's
    date is used (the later start wins where ranges overlap, like the narrower range PETRARCH lists
    first); with none valid, the undated code."""
    out: list[Actor] = []
    for entry in entries:
        aliases = [form for name in entry.names for form in surface_forms(name)]
        if not aliases:
            continue
        plain = [c for c in entry.codes if c.start is None and c.end is None]
        dated = [c for c in entry.codes if c not in plain]
        default = (plain or dated)[0]
        country, sector = split_code(default.code)
        # Several undated codes (`[FRO/BIL/SAM]`) name several actors at once: one KB actor carries
        # them all as `cameo:` tags, so a coder can expand it (`cameo_codes`).
        tags = tuple(f"cameo:{c.code}" for c in plain) or (f"cameo:{default.code}",)
        roles = tuple(Role(f"code:{c.code}", *_role_fields(c)) for c in dated)
        out.append(Actor(f"{source}-{_slug(entry.names[0])}-{entry.line}", aliases[0],
                         "person" if roles else "organization", country, sector,
                         tuple(aliases[1:]), None, tags, roles))
    return out


def _role_fields(code: DictCode) -> tuple[str | None, str | None, str, str | None]:
    country, sector = split_code(code.code)
    return country, sector, code.start or OPEN_START, code.end


def dictionary_agents(entries: Iterable[DictAgent]) -> list[Agent]:
    """Agent nouns for dictionary entries: lower-case word sequences, sector from the role code."""
    agents = []
    for entry in entries:
        terms = tuple(dict.fromkeys(" ".join(phrase_words(n)).lower() for n in entry.names if phrase_words(n)))
        if terms:
            sector = _sector(entry.code) if not entry.prefix else "SOC"
            agents.append(Agent(terms, terms[0], sector, "group"))
    return agents


# ---- into a knowledge base ------------------------------------------------------------------------
def load_petrarch_dictionaries(actor_paths: Iterable[str | os.PathLike] = (),
                               agent_paths: Iterable[str | os.PathLike] = (),
                               base: ActorKB | None = None, standalone: bool = False) -> ActorKB:
    """An ActorKB with the dictionaries' actors and agents added to `base` (default: `load_kb()`).

    `standalone=True` uses the dictionaries alone (no countries, actors or agents of ours), which is
    what a test suite written for those dictionaries needs. The base KB is never modified: a new KB
    is returned, so dictionaries loaded for one coder do not leak into another.
    """
    actor_paths, agent_paths = [Path(p) for p in actor_paths], [Path(p) for p in agent_paths]
    actors: list[Actor] = []
    for path in actor_paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        actors += dictionary_actors(parse_actor_dictionary(text), source=_slug(path.stem))
    agents: list[Agent] = []
    for path in agent_paths:
        agents += dictionary_agents(parse_agent_dictionary(path.read_text(encoding="utf-8", errors="replace")))
    if standalone:
        return ActorKB({a.id: a for a in actors}, {}, agents, sources=tuple(str(p) for p in actor_paths + agent_paths))
    base = base if base is not None else load_kb()
    ours = {term for agent in base.agents for term in agent.terms}
    merged_agents = base.agents + [dataclasses.replace(a, terms=tuple(t for t in a.terms if t not in ours))
                                   for a in agents if any(t not in ours for t in a.terms)]
    return ActorKB({**base.actors, **{a.id: a for a in actors}}, dict(base.countries), merged_agents,
                   sources=base.sources + tuple(str(p) for p in actor_paths + agent_paths))


def cameo_codes(kb: ActorKB, kb_id: str | None, date: str | None) -> list[str]:
    """The dictionary's own codes for an actor on `date` (["HOBGOV"]; several for `[FRO/BIL/SAM]`)."""
    actor = kb.actors.get(kb_id or "")
    if actor is None:
        return []
    role = actor.role_on(date) if date else None
    if role is not None and role.office.startswith("code:"):
        return [role.office[5:]]
    return [tag[6:] for tag in actor.affiliations if tag.startswith("cameo:")]

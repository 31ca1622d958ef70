"""The shared skills vocabulary: canonical names, aliases, and key-skill extraction from job ads.

The vocabulary lives in `services/data/skills.json` (written for this product, shipped with it).
Every skill has a canonical display name, a category and the other ways people write it.
`normalize_skill` maps any of those to the canonical name; `extract_skills` finds the key skills
of a job description (vocabulary hits plus skill phrases the vocabulary does not know);
`skills_in` says which vocabulary skills a text mentions; `split_skills` and `join_skills`
convert the comma-separated `skills` / `key_skills` columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from services.text import BREAKS, STOP_WORDS, fold, scan, segments, stem, tidy, words

DATA_FILE = Path(__file__).parent / "data" / "skills.json"

# Words ignored when comparing a phrase with the vocabulary ("work in a team" = "work in team").
KEY_DROP = frozenset({"a", "an", "the", "and", "&"})
_KEY_DROP = KEY_DROP
_MAX_ALIAS_LEN = 8
# Fields of `Vocabulary.word` infos.
W_LOWER, W_FOLD, W_STEM, W_STARTS, W_STRONG, W_SIGNAL = 0, 1, 2, 3, 4, 5
W_STOP, W_DROP, W_TEXT, W_LOOSE = 6, 7, 8, 9
BREAK: tuple = ("",)  # the info of punctuation that ends a phrase


@dataclass(frozen=True, slots=True)
class Skill:
    """One vocabulary entry."""

    name: str
    category: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A vocabulary skill found in a text: where, how it was written, and how strongly."""

    skill: str
    start: int  # index of the first token
    end: int  # index after the last token
    surface: str
    strength: float  # 1.0 for a name or alias, lower for a mere signal word


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(fold(w) for w in words if w not in _KEY_DROP)


def _stem_key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words if w not in _KEY_DROP)


@dataclass
class Vocabulary:
    """The loaded vocabulary with its look-up tables."""

    skills: dict[str, Skill]
    exact: dict[tuple[str, ...], str] = field(default_factory=dict)  # folded words -> name
    stems: dict[tuple[str, ...], str] = field(default_factory=dict)  # stems (2+ words) -> name
    cased: dict[tuple[str, ...], str] = field(default_factory=dict)  # words as written -> name
    loose: dict[tuple[str, ...], str] = field(default_factory=dict)  # cased forms, any case
    signals: dict[tuple[str, ...], str] = field(default_factory=dict)  # weak hints -> name
    names: dict[str, str] = field(default_factory=dict)  # whole-name look-up for normalize
    pairs: set[tuple[str, ...]] = field(default_factory=set)  # two-word keys and prefixes
    stem_pairs: set[tuple[str, ...]] = field(default_factory=set)
    cased_pairs: set[tuple[str, ...]] = field(default_factory=set)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)  # of exact/loose/signal keys
    stem_prefixes: set[tuple[str, ...]] = field(default_factory=set)
    cased_prefixes: set[tuple[str, ...]] = field(default_factory=set)
    _winfo: dict[str, tuple] = field(default_factory=dict, repr=False)
    by_lower: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> Vocabulary:
        """Read the JSON vocabulary and build the look-up tables."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        vocab = cls(skills={})
        for entry in raw["skills"]:
            skill = Skill(
                name=entry["name"],
                category=entry["category"],
                aliases=tuple(entry.get("aliases", ())),
                broader=tuple(entry.get("broader", ())),
                signals=tuple(entry.get("signals", ())),
            )
            vocab.skills[skill.name] = skill
            vocab.by_lower[skill.name.lower()] = skill.name
            cased = list(entry.get("cased", ()))
            strong = list(skill.aliases)
            if entry.get("ambiguous"):
                cased.append(skill.name)
            else:
                strong.append(skill.name)
            for form in strong:
                vocab._add(vocab.exact, _key(words_of(form)), skill.name)
                w = words_of(form)
                if len([x for x in w if x not in _KEY_DROP]) >= 2:
                    vocab._add(vocab.stems, _stem_key(w), skill.name)
            for form in cased:
                toks = [w for seg in segments(form) for w in seg if w.lower() not in _KEY_DROP]
                vocab._add(vocab.cased, tuple(toks), skill.name)
                vocab._add(vocab.loose, _key(words_of(form)), skill.name)
            for form in skill.signals:
                vocab._add(vocab.signals, _key(words_of(form)), skill.name)
            for form in [skill.name, *skill.aliases, *cased]:
                vocab.names.setdefault(_name_key(form), skill.name)
        for tables, prefixes in (
            ((vocab.exact, vocab.loose, vocab.signals), vocab.prefixes),
            ((vocab.stems,), vocab.stem_prefixes),
            ((vocab.cased,), vocab.cased_prefixes),
        ):
            for table in tables:
                for k in table:
                    for cut in range(1, len(k)):
                        prefixes.add(k[:cut])
        for pairs, tables in (
            (vocab.pairs, (vocab.exact, vocab.loose, vocab.signals)),
            (vocab.stem_pairs, (vocab.stems,)),
            (vocab.cased_pairs, (vocab.cased,)),
        ):
            for table in tables:
                pairs.update(k[:2] for k in table if len(k) >= 2)
        return vocab

    @staticmethod
    def _add(table: dict[tuple[str, ...], str], key: tuple[str, ...], name: str) -> None:
        if key and len(key) <= _MAX_ALIAS_LEN:
            table.setdefault(key, name)

    def word(self, w: str) -> tuple:
        """Facts about one word as written, cached: see the W_* indexes (BREAK for punctuation
        that ends a phrase)."""
        info = self._winfo.get(w)
        if info is not None:
            return info
        if len(w) == 1 and w in BREAKS:
            self._winfo[w] = BREAK
            return BREAK
        lw = w.lower()
        f = fold(lw)
        st = stem(lw)
        starts = (
            (1 if (f,) in self.prefixes else 0)
            | (2 if (w,) in self.cased_prefixes else 0)
            | (4 if (st,) in self.stem_prefixes else 0)
        )
        info = (
            lw,
            f,
            st,
            starts,
            self.cased.get((w,)) or self.exact.get((f,)),
            self.signals.get((f,)),
            lw in STOP_WORDS or lw.isdigit(),
            lw in _KEY_DROP,
            w,
            self.loose.get((f,)),
        )
        if len(self._winfo) > 500_000:
            self._winfo.clear()
        self._winfo[w] = info
        return info

    def phrases(self, text: str) -> list[list[tuple]]:
        """A text as phrases of word infos (articles and "and" dropped), split at punctuation."""
        out: list[list[tuple]] = []
        cur: list[tuple] = []
        get = self._winfo.get
        word = self.word
        for tok in scan(text):
            info = get(tok) or word(tok)
            if info is BREAK:
                if cur:
                    out.append(cur)
                    cur = []
            elif not info[W_DROP]:
                cur.append(info)
        if cur:
            out.append(cur)
        return out

    def _longest(
        self, infos: list[tuple], i: int, signals: bool, any_case: bool
    ) -> tuple[str, int, float] | None:
        """The longest vocabulary phrase starting at word i: (skill, length, strength)."""
        n = len(infos)
        first = infos[i]
        best: tuple[str, int, float] | None = None
        if first[W_STRONG] is not None:
            best = (first[W_STRONG], 1, 1.0)
        elif any_case and first[W_LOOSE] is not None:
            best = (first[W_LOOSE], 1, 1.0)
        elif signals and first[W_SIGNAL] is not None:
            best = (first[W_SIGNAL], 1, 0.5)
        starts = first[W_STARTS]
        if starts & 1:
            # plain keys (folded words); signals and any-case forms share the prefixes
            key: tuple[str, ...] = (first[W_FOLD],)
            j = i + 1
            while j < n:
                key = (*key, infos[j][W_FOLD])
                j += 1
                name = self.exact.get(key)
                if name is not None:
                    best = (name, j - i, 1.0)
                else:
                    name = self.loose.get(key) if any_case else None
                    if name is not None:
                        best = (name, j - i, 1.0)
                    elif signals:
                        name = self.signals.get(key)
                        if name is not None and (best is None or best[1] < j - i):
                            best = (name, j - i, 0.5)
                if key not in self.prefixes:
                    break
        if starts & 2:
            # forms matched only as written
            key = (first[W_TEXT],)
            j = i + 1
            while j < n:
                key = (*key, infos[j][W_TEXT])
                j += 1
                name = self.cased.get(key)
                if name is not None and (best is None or best[1] < j - i or best[2] < 1.0):
                    best = (name, j - i, 1.0)
                if key not in self.cased_prefixes:
                    break
        if starts & 4:
            # multi-word aliases in other word forms ("managed projects" ~ "manage projects")
            key = (first[W_STEM],)
            j = i + 1
            while j < n:
                key = (*key, infos[j][W_STEM])
                j += 1
                name = self.stems.get(key)
                if name is not None and (best is None or best[1] < j - i or best[2] < 1.0):
                    best = (name, j - i, 1.0)
                if key not in self.stem_prefixes:
                    break
        return best

    def mentions(
        self, phrases: list[list[tuple]], *, signals: bool = False, any_case: bool = False
    ) -> list[Mention]:
        """Vocabulary skills named in a text split by `phrases`, longest match first.

        Positions count the words of the text without articles and "and"."""
        out: list[Mention] = []
        offset = 0
        for infos in phrases:
            n = len(infos)
            i = 0
            while i < n:
                hit = self._hit_at(infos, i, signals, any_case)
                if hit is None:
                    i += 1
                    continue
                name, length, strength = hit
                surface = " ".join(x[W_TEXT] for x in infos[i : i + length])
                out.append(Mention(name, offset + i, offset + i + length, surface, strength))
                i += length
            offset += n
        return out

    def _may_extend(self, info: tuple, nxt: tuple) -> bool:
        """Whether a vocabulary phrase can start with these two words."""
        starts = info[W_STARTS]
        return bool(
            (starts & 1 and (info[W_FOLD], nxt[W_FOLD]) in self.pairs)
            or (starts & 2 and (info[W_TEXT], nxt[W_TEXT]) in self.cased_pairs)
            or (starts & 4 and (info[W_STEM], nxt[W_STEM]) in self.stem_pairs)
        )

    def _hit_at(
        self, infos: list[tuple], i: int, signals: bool, any_case: bool
    ) -> tuple[str, int, float] | None:
        info = infos[i]
        if info[W_STARTS] and i + 1 < len(infos) and self._may_extend(info, infos[i + 1]):
            return self._longest(infos, i, signals, any_case)
        if info[W_STRONG] is not None:
            return (info[W_STRONG], 1, 1.0)
        if any_case and info[W_LOOSE] is not None:
            return (info[W_LOOSE], 1, 1.0)
        if signals and info[W_SIGNAL] is not None:
            return (info[W_SIGNAL], 1, 0.5)
        return None

    def skill_hits(self, text: str, *, signals: bool = False) -> dict[str, float]:
        """Skill -> strongest evidence in a text: 1.0 named (name or alias), 0.5 hinted."""
        return self.hits_in(self.phrases(text), signals=signals)

    def hits_in(self, phrases: list[list[tuple]], *, signals: bool = False) -> dict[str, float]:
        """`skill_hits` on a text already split by `phrases`."""
        found: dict[str, float] = {}
        for infos in phrases:
            n = len(infos)
            i = 0
            while i < n:
                info = infos[i]
                starts = info[W_STARTS]
                if (
                    starts
                    and i + 1 < n
                    and (
                        (starts & 1 and (info[W_FOLD], infos[i + 1][W_FOLD]) in self.pairs)
                        or (starts & 2 and (info[W_TEXT], infos[i + 1][W_TEXT]) in self.cased_pairs)
                        or (starts & 4 and (info[W_STEM], infos[i + 1][W_STEM]) in self.stem_pairs)
                    )
                ):
                    hit = self._longest(infos, i, signals, False)
                    if hit is None:
                        i += 1
                        continue
                    name, length, strength = hit
                    if found.get(name, 0.0) < strength:
                        found[name] = strength
                    i += length
                    continue
                name = info[W_STRONG]
                if name is not None:
                    found[name] = 1.0
                elif signals:
                    name = info[W_SIGNAL]
                    if name is not None and name not in found:
                        found[name] = 0.5
                i += 1
        return found

    def broader_closure(self, name: str) -> set[str]:
        """The wider skills a skill is evidence for (transitively), not including itself."""
        seen: set[str] = set()
        stack = list(self.skills[name].broader) if name in self.skills else []
        while stack:
            b = stack.pop()
            if b not in seen and b in self.skills:
                seen.add(b)
                stack.extend(self.skills[b].broader)
        return seen


def words_of(text: str) -> list[str]:
    """Lowercased words of a phrase."""
    return words(text)


def _name_key(text: str) -> str:
    return " ".join(_key(words_of(text)))


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (loaded once)."""
    return Vocabulary.load()


def get_skill(name: str) -> Skill | None:
    """The vocabulary entry for a skill name or alias, if it is in the vocabulary."""
    vocab = vocabulary()
    canonical = normalize_skill(name)
    return vocab.skills.get(canonical)


_EDGE_PUNCT = " \t\r\n,;:.!?*•·-–—|/\\\"'()[]{}"
_PARENS_RE = re.compile(r"\s*\([^)]*\)\s*")


@lru_cache(maxsize=20_000)
def normalize_skill(name: str) -> str:
    """Alias or any casing -> canonical name; unknown names come back tidied."""
    text = tidy(name or "")
    if not text:
        return ""
    vocab = vocabulary()
    hit = vocab.names.get(_name_key(text))
    if hit:
        return hit
    bare = tidy(_PARENS_RE.sub(" ", text))
    if bare and bare != text:
        hit = vocab.names.get(_name_key(bare))
        if hit:
            return hit
    stems_hit = vocab.stems.get(_stem_key(words_of(text)))
    if stems_hit:
        return stems_hit
    cleaned = text.strip(_EDGE_PUNCT)
    if cleaned != text and cleaned:
        hit = vocab.names.get(_name_key(cleaned))
        if hit:
            return hit
        if cleaned.count("(") == cleaned.count(")"):
            return tidy(cleaned)
    return text


def split_skills(csv: str | None) -> list[str]:
    """A comma-separated skills column -> canonical names, deduplicated, order kept."""
    if not csv:
        return []
    out: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[,;\n]", csv):
        skill = normalize_skill(part)
        if skill and skill.lower() not in seen:
            seen.add(skill.lower())
            out.append(skill)
    return out


def join_skills(skills: Iterable[str]) -> str:
    """Skill names -> the comma-separated column value, normalised and deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for s in skills:
        skill = normalize_skill(s).replace(",", " ").strip()
        skill = tidy(skill)
        if skill and skill.lower() not in seen:
            seen.add(skill.lower())
            out.append(skill)
    return ", ".join(out)


def skills_in(text: str) -> set[str]:
    """Canonical vocabulary skills a text names (by name or alias)."""
    if not text:
        return set()
    vocab = vocabulary()
    return {m.skill for m in vocab.mentions(vocab.phrases(text))}


# --- Key-skill extraction ---------------------------------------------------------------------

_HEADER_MAX_WORDS = 8
_SECTION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "skip",
        re.compile(
            r"\b(benefits?|perks|what we offer|we offer|our offer|why (join|work)|company description|"
            r"about (us|the company|the team|the employer)|who we are|our company|our culture|salary|"
            r"compensation|remuneration|how to apply|application|apply|contact|equal opportunit|"
            r"diversity|what do we do|life at|working at|location|date posted|likes|job type|"
            r"company (size|type)|experience level|terms of employment|further information)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "requirements",
        re.compile(
            r"\b(requirements?|qualifications?|who (you are|we are looking for)|what we('re| are)? looking for|"
            r"about you|your (profile|background|skills|qualifications|experience|competencies)|"
            r"you (have|bring|are|will need)|what you (need|bring|have|will need)|we expect|"
            r"must[- ]haves?|nice[- ]to[- ]haves?|desired|preferred|ideal candidate|skills?|"
            r"competenc(e|ies)|experience|technologies|tech(nology)? stack|tools|knowledge|"
            r"essential|desirable|candidate profile|person specification|minimum|bonus points)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "duties",
        re.compile(
            r"\b(responsibilit(y|ies)|what you('ll| will)? do|your (role|tasks|challenges|mission|day)|"
            r"the role|duties|key tasks|tasks|job description|role description|the job|"
            r"what the job involves|day to day|you will)\b",
            re.IGNORECASE,
        ),
    ),
]
_SECTION_WEIGHT = {"requirements": 1.0, "duties": 0.85, "neutral": 0.8, "skip": 0.0}
_TAG_HEADER_RE = re.compile(
    r"^\s*(technologies|tech(nology)? stack|tags|keywords|key skills|skills( required)?|"
    r"industry|industries|stack)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BOILERPLATE_RE = re.compile(
    r"(equal opportunit|regardless of|without regard|apply (now|online|here|today)|send (us )?your|"
    r"application deadline|applications? (must|should|will)|please (submit|send|contact|attach|visit)|"
    r"for more information|further information|salary|benefits package|cover letter|click|"
    r"is an equal|we are an equal|all qualified applicants|background check|"
    r"<contact>|phone|e-?mail|@)",
    re.IGNORECASE,
)

# Phrases that introduce a skill: "experience with X", "knowledge of X", "fluent in X".
_CUE_RE = re.compile(
    r"\b(?:experience|experienced|expertise|expert|background|proficiency|proficient|skills?|skilled|"
    r"knowledge|knowledgeable|understanding|familiarity|familiar|competence|competent|competency|"
    r"fluency|fluent|grounding|exposure|degree|diploma|qualifications?|qualified|certifications?|"
    r"certified|track record|know-how|command|specialisation|specialization|specialist|"
    r"specialized|specialised|focus|interest|passion|abilities|ability|capabilities|strong|"
    r"studies|education|literate|literacy|versed|adept|comfortable|mastery)"
    r"\s+(?:(?:working|work|hands-on|practical|professional|deep|solid|strong|good|proven)\s+)?"
    r"(?:of|in|with|within|on|using|around|across|for)\s+(?P<phrase>[^.;:!?()\[\]\n]+)",
    re.IGNORECASE,
)
_LIST_CUE_RE = re.compile(
    r"(?:\bsuch as|\be\.?\s?g\.?|\bincluding|\blike|\bparticularly|\bespecially|\bpreferably|"
    r"\bone or more of|\bany of|\bat least one of)\s*:?\s+(?P<phrase>[^.;:!?()\[\]\n]+)",
    re.IGNORECASE,
)
_SUFFIX_CUE_RE = re.compile(
    r"(?P<phrase>(?:[\w#+./&-]+\s+){0,3}[\w#+./&-]+)\s+"
    r"(?:experience|skills|skill|knowledge|expertise|background|proficiency|know-how|"
    r"competence|competencies|abilities|degree|certification|fluency|principles|methodologies|"
    r"methodology|practices|techniques|frameworks?)\b",
    re.IGNORECASE,
)
_CUE_WORDS = frozenset(
    [
        "experience",
        "experienced",
        "expertise",
        "expert",
        "background",
        "proficiency",
        "proficient",
        "skill",
        "skills",
        "skilled",
        "knowledge",
        "knowledgeable",
        "understanding",
        "familiarity",
        "familiar",
        "competence",
        "competent",
        "competency",
        "fluency",
        "fluent",
        "grounding",
        "exposure",
        "degree",
        "diploma",
        "qualification",
        "qualifications",
        "qualified",
        "certification",
        "certifications",
        "certified",
        "track",
        "know",
        "command",
        "specialisation",
        "specialization",
        "specialist",
        "specialized",
        "specialised",
        "focus",
        "interest",
        "passion",
        "abilities",
        "ability",
        "capabilities",
        "strong",
        "studies",
        "education",
        "literate",
        "literacy",
        "versed",
        "adept",
        "comfortable",
        "mastery",
    ]
)
_LIST_CUE_WORDS = frozenset(
    [
        "such",
        "e",
        "eg",
        "e.g",
        "including",
        "like",
        "particularly",
        "especially",
        "preferably",
        "one",
        "any",
        "at",
    ]
)
_SUFFIX_CUE_WORDS = frozenset(
    [
        "experience",
        "skills",
        "skill",
        "knowledge",
        "expertise",
        "background",
        "proficiency",
        "know",
        "competence",
        "competencies",
        "abilities",
        "degree",
        "certification",
        "fluency",
        "principles",
        "methodologies",
        "methodology",
        "practices",
        "techniques",
        "framework",
        "frameworks",
    ]
)
# Where a skill phrase ends.
_PHRASE_STOP = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "should",
        "could",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "to",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "as",
        "if",
        "than",
        "then",
        "so",
        "because",
        "since",
        "although",
        "though",
        "but",
        "etc",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "is",
        "a",
        "plus",
        "would",
        "be",
        "nice",
        "advantage",
        "advantageous",
        "preferred",
        "preferable",
        "preferably",
        "required",
        "desirable",
        "desired",
        "ideally",
        "beneficial",
        "bonus",
        "plus",
        "helpful",
        "useful",
        "essential",
        "mandatory",
        "necessary",
        "needed",
        "also",
        "including",
        "include",
        "includes",
        "such",
        "like",
        "you",
        "we",
        "they",
        "our",
        "your",
        "their",
        "its",
        "it",
        "this",
        "these",
        "those",
        "there",
        "here",
        "for",
        "from",
        "at",
        "by",
        "into",
        "through",
        "over",
        "under",
        "about",
        "after",
        "before",
        "between",
        "during",
        "without",
        "within",
        "toward",
        "towards",
        "upon",
        "years",
        "year",
        "months",
        "experience",
        "knowledge",
        "understanding",
        "skills",
        "ability",
        "with",
        "using",
        "via",
        "across",
        "around",
        "particularly",
        "especially",
        "in",
        "on",
        "having",
    ]
)
_PHRASE_STRIP_LEAD = frozenset(
    [
        "a",
        "an",
        "the",
        "some",
        "any",
        "all",
        "good",
        "great",
        "strong",
        "solid",
        "excellent",
        "deep",
        "advanced",
        "basic",
        "proven",
        "relevant",
        "hands-on",
        "hands",
        "on",
        "working",
        "practical",
        "extensive",
        "in-depth",
        "thorough",
        "sound",
        "broad",
        "modern",
        "various",
        "several",
        "previous",
        "prior",
        "professional",
        "demonstrable",
        "demonstrated",
        "significant",
        "high",
        "level",
        "expert",
        "outstanding",
        "exceptional",
        "fundamental",
        "fundamentals",
        "general",
        "commercial",
        "recent",
        "current",
        "at",
        "least",
        "one",
        "or",
        "more",
        "of",
        "both",
        "either",
        "full",
        "overall",
        "very",
        "highly",
        "well",
        "and",
        "or",
        "in",
        "with",
        "of",
        "first",
        "similar",
        "other",
        "related",
        "key",
        "main",
        "core",
        "typical",
        "common",
        "the",
        "most",
        "latest",
        "new",
        "existing",
        "multiple",
        "different",
        "diverse",
        "many",
        "most",
        "more",
        "less",
        "own",
        "heavy",
        "direct",
        "major",
        "minimum",
        "necessary",
        "proficient",
        "technical",
        "real",
        "world",
        "real-world",
        "total",
        "applicable",
        "considerable",
        "substantial",
        "little",
        "no",
        "much",
        "plus",
        "senior",
        "junior",
        "superb",
        "effective",
        "comprehensive",
        "detailed",
        "intermediate",
        "wide",
        "specific",
        "particular",
        "certain",
        "appropriate",
        "suitable",
        "comparable",
        "your",
        "our",
        "their",
        "his",
        "her",
        "excellent",
        "significant",
        "extensive",
        "relevant",
        "great",
        "nice",
        "additional",
        "further",
    ]
)
_GENERIC_PHRASES = frozenset(
    [
        "it",
        "this",
        "that",
        "them",
        "work",
        "job",
        "role",
        "team",
        "teams",
        "company",
        "field",
        "area",
        "areas",
        "similar",
        "equivalent",
        "related",
        "field",
        "fields",
        "other",
        "others",
        "etc",
        "things",
        "thing",
        "stuff",
        "tasks",
        "task",
        "way",
        "ways",
        "people",
        "environment",
        "environments",
        "position",
        "candidates",
        "candidate",
        "time",
        "years",
        "year",
        "level",
        "levels",
        "opportunity",
        "opportunities",
        "industry",
        "business",
        "organisation",
        "organization",
        "organizations",
        "organisations",
        "project",
        "projects",
        "product",
        "products",
        "one",
        "two",
        "three",
        "some",
        "all",
        "clients",
        "client",
        "customers",
        "customer",
        "users",
        "user",
        "solutions",
        "solution",
        "systems",
        "system",
        "services",
        "service",
        "technologies",
        "technology",
        "tools",
        "tool",
        "process",
        "processes",
        "range",
        "variety",
        "number",
        "lot",
        "part",
        "topics",
        "topic",
        "issues",
        "issue",
        "matters",
        "subject",
        "subjects",
        "domain",
        "domains",
        "practice",
        "practices",
        "experience",
        "knowledge",
        "skills",
        "skill",
        "ability",
        "abilities",
        "understanding",
        "background",
        "development",
        "application",
        "applications",
        "software",
        "data",
    ]
)
_NON_SKILL_ACRONYMS = frozenset(
    [
        "CV",
        "CEO",
        "CTO",
        "CFO",
        "COO",
        "CIO",
        "CMO",
        "VP",
        "SVP",
        "EVP",
        "USA",
        "US",
        "UK",
        "EU",
        "HQ",
        "FAQ",
        "ASAP",
        "FTE",
        "PTO",
        "NB",
        "PS",
        "OK",
        "TBD",
        "ETA",
        "ID",
        "NYC",
        "LA",
        "SF",
        "EMEA",
        "APAC",
        "DACH",
        "AM",
        "PM",
        "GMT",
        "CET",
        "UTC",
        "EST",
        "PST",
        "DE",
        "DK",
        "SE",
        "NO",
        "FI",
        "NL",
        "FR",
        "ES",
        "IT",
        "COVID",
        "OR",
        "AND",
        "THE",
        "NOT",
        "YOU",
        "WE",
        "II",
        "III",
        "IV",
        "BE",
        "IS",
        "ARE",
        "AT",
        "IN",
        "ON",
        "OF",
        "AN",
        "AS",
        "BY",
        "OUR",
        "ALL",
        "NEW",
        "NOW",
        "JOB",
        "TO",
        "MSc",
        "BSc",
        "PhD",
        "Mr",
        "Ms",
        "Dr",
        "Inc",
        "Ltd",
        "LLC",
        "AG",
        "GmbH",
        "AB",
        "AS",
        "ApS",
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H",
        "I",
        "J",
        "K",
        "L",
        "M",
        "N",
        "O",
        "P",
        "Q",
        "R",
        "S",
        "T",
        "U",
        "V",
        "W",
        "X",
        "Y",
        "Z",
    ]
)
_TECHY_RE = re.compile(
    r"^(?:[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*|[A-Za-z]+[0-9]+[A-Za-z0-9]*|[A-Za-z0-9]+(?:\.js|#|\+\+)|"
    r"\.[A-Za-z]+|[A-Z]{2,6}s?)$"
)


# Concrete, checkable skills first: broad personal qualities and credentials rank lower.
_CATEGORY_WEIGHT = {
    "Soft skills": 0.6,
    "Qualifications": 0.6,
    "Industry knowledge": 0.7,
    "Languages": 0.8,
}
_GENERIC_SKILLS = frozenset(
    {
        "Technical expertise",
        "Professional certification",
        "Information technology",
        "Engineering",
        "Software development",
        "Research",
        "Management consulting",
    }
)


@dataclass
class _Candidate:
    name: str
    score: float = 0.0
    first: int = 1_000_000
    known: bool = False


class _Extraction:
    """Collects weighted skill candidates while reading a job description."""

    def __init__(self) -> None:
        self.found: dict[str, _Candidate] = {}
        self.order = 0

    def add(self, name: str, weight: float, *, known: bool) -> None:
        if not name or weight <= 0:
            return
        key = name.lower()
        cand = self.found.get(key)
        if cand is None:
            cand = self.found[key] = _Candidate(name=name, known=known)
        cand.score += weight
        cand.first = min(cand.first, self.order)
        self.order += 1

    def ranked(self) -> list[str]:
        skills = vocabulary().skills

        def importance(c: _Candidate) -> float:
            entry = skills.get(c.name)
            if entry is None:
                return c.score
            if c.name in _GENERIC_SKILLS:
                return c.score * 0.5
            return c.score * _CATEGORY_WEIGHT.get(entry.category, 1.0)

        cands = sorted(self.found.values(), key=lambda c: (-importance(c), c.first))
        return [c.name for c in cands]


_BOILERPLATE_HINTS = (
    "equal",
    "regardless",
    "regard",
    "apply",
    "send",
    "application",
    "please",
    "information",
    "salary",
    "benefits",
    "cover letter",
    "click",
    "qualified applicants",
    "background check",
    "contact",
    "phone",
    "mail",
    "@",
)


def _looks_like_boilerplate(line: str) -> bool:
    """Application instructions, equal-opportunity statements, contact details."""
    low = line.lower()
    return any(h in low for h in _BOILERPLATE_HINTS) and bool(_BOILERPLATE_RE.search(line))


def _classify_header(line: str) -> str | None:
    """The section a header line opens, or None when the line is not a header.

    A header ends with a colon, or is a short line that starts with a header phrase
    ("Requirements", "What we offer", "About you")."""
    stripped = line.strip().strip("*#•-–").strip()
    colon = stripped.endswith(":")
    stripped = stripped.rstrip(":").strip()
    if not stripped:
        return None
    n_words = len(stripped.split())
    if n_words > (_HEADER_MAX_WORDS if colon else 4):
        return None
    for section, pattern in _SECTION_PATTERNS:
        found = pattern.search(stripped) if colon else pattern.match(stripped)
        if found:
            return section
    return None


def _clean_phrase(phrase: str) -> list[str]:
    """Split a captured phrase into skill-sized items and trim them."""
    items: list[str] = []
    for part in re.split(
        r",|;|\band/or\b|\bor\b|\band\b|&|/|\s\+\s|\bvs\.?\b|\bas well as\b", phrase
    ):
        words = part.split()
        # cut at the first word that ends a noun phrase
        cut: list[str] = []
        for w in words:
            lw = w.lower().strip("'’\"")
            if lw in _PHRASE_STOP or (lw.endswith(("'s", "’s")) and len(cut) == 0):
                break
            cut.append(w)
            if len(cut) >= 6:
                break
        while cut and cut[0].lower() in _PHRASE_STRIP_LEAD:
            cut.pop(0)
        while cut and cut[-1].lower() in _PHRASE_STRIP_LEAD:
            cut.pop()
        item = " ".join(cut).strip(_EDGE_PUNCT)
        if _is_skill_like(item):
            items.append(item)
    return items


def _is_skill_like(item: str) -> bool:
    if not item or len(item) < 2 or len(item) > 60:
        return False
    low = item.lower()
    if low in _GENERIC_PHRASES or low in STOP_WORDS:
        return False
    content = [w for w in words_of(item) if w not in STOP_WORDS]
    if not content or all(w.isdigit() for w in content):
        return False
    if all(w in _GENERIC_PHRASES for w in content):
        return False
    if any(w in _NOT_SKILL_WORDS for w in content):
        return False
    return not re.search(r"\d+\s*\+?\s*(years?|yrs)|covid|pandemic", low)


_NOT_SKILL_WORDS = frozenset(
    [
        "people",
        "person",
        "persons",
        "able",
        "requires",
        "require",
        "required",
        "bring",
        "brings",
        "talented",
        "ambitious",
        "humble",
        "looking",
        "join",
        "enjoy",
        "want",
        "wants",
        "love",
        "like",
        "acquired",
        "personalities",
        "candidates",
        "colleagues",
        "we",
        "you",
        "environments",
        "environment",
        "challenging",
        "opportunity",
        "opportunities",
        "roles",
        "role",
        "salary",
        "apply",
        "benefits",
        "offer",
        "offers",
        "please",
        "welcome",
        "years",
        "months",
    ]
)


def _is_name_like(item: str) -> bool:
    """A single word kept on its own only when it looks like a name: Jenkins, PostGIS, HTML5."""
    words = item.split()
    if len(words) > 1:
        return True
    w = words[0] if words else ""
    return bool(w) and (w[0].isupper() or any(c.isdigit() or c in "#+." for c in w))


def _add_phrase_items(ext: _Extraction, items: list[str], weight: float) -> None:
    for item in items:
        canonical = normalize_skill(item)
        known = canonical in vocabulary().skills
        if known:
            ext.add(canonical, weight, known=True)
            continue
        # an unknown phrase that contains vocabulary skills counts for those skills
        inner = vocabulary().mentions(vocabulary().phrases(item))
        covered = sum(m.end - m.start for m in inner)
        n_words = len([w for w in words_of(item) if w not in _KEY_DROP])
        for m in inner:
            ext.add(m.skill, weight * 0.5, known=True)
        if covered < n_words and _is_name_like(item) and len(item.split()) <= 4:
            ext.add(tidy(item), weight * 0.7, known=False)


def _tag_items(rest: str) -> list[str]:
    if "," in rest or ";" in rest:
        return [p.strip() for p in re.split(r"[,;]", rest) if p.strip()]
    return rest.split()


def extract_skills(text: str, *, limit: int | None = None) -> list[str]:
    """The key skills of a job description, canonical, most important first, deduplicated."""
    if not text or not text.strip():
        return []
    vocab = vocabulary()
    ext = _Extraction()
    section = "neutral"
    tag_mode = False
    lines = text.splitlines()
    for idx, raw_line in enumerate(lines):
        line = raw_line.strip()
        if not line:
            tag_mode = False
            continue
        header = _classify_header(line)
        tag_match = _TAG_HEADER_RE.match(line)
        if tag_match and len(line.split()) <= 12:
            rest = tag_match.group("rest").strip()
            if rest:
                _add_tags(ext, rest, 1.0)
                tag_mode = False
            else:
                tag_mode = True
            if header is None or header == "skip":
                continue
        elif tag_mode:
            _add_tags(ext, line, 1.0)
            tag_mode = False
            continue
        if header is not None:
            section = header
            if header == "skip" or line.rstrip().endswith(":"):
                continue
        weight = _SECTION_WEIGHT[section]
        if idx == 0:
            weight = max(weight, 0.9)  # the job title
        if weight <= 0 or _looks_like_boilerplate(line):
            continue
        _read_line(ext, vocab, line, weight)
    ranked = ext.ranked()
    return ranked[:limit] if limit is not None else ranked


def _add_tags(ext: _Extraction, rest: str, weight: float) -> None:
    """A list of tags ("python django aws" or "Python, Django, AWS")."""
    vocab = vocabulary()
    phrases = vocab.phrases(rest)
    mentions = vocab.mentions(phrases, any_case=True)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        ext.add(m.skill, weight * 1.2, known=True)
    # tags the vocabulary does not know, kept as written
    items = _tag_items(rest)
    if len(items) <= 1 and not covered:
        items = [rest]
    if len(covered) < sum(len(p) for p in phrases):
        for item in items:
            canonical = normalize_skill(item)
            if canonical not in vocab.skills and _is_skill_like(item):
                if vocab.mentions(vocab.phrases(item), any_case=True):
                    continue
                if item[:1].isupper() and " " not in rest.strip() and "," not in rest:
                    continue
                ext.add(tidy(item), weight * 0.8, known=False)


def _read_line(ext: _Extraction, vocab: Vocabulary, line: str, weight: float) -> None:
    phrases = vocab.phrases(line)
    if not phrases:
        return
    # vocabulary hits
    mentions = vocab.mentions(phrases)
    covered: set[int] = set()
    for m in mentions:
        ext.add(m.skill, weight, known=True)
        covered.update(range(m.start, m.end))
    # phrases after cue words
    line_words = {info[W_LOWER] for p in phrases for info in p}
    cues = (
        (_CUE_RE, 0.9, _CUE_WORDS),
        (_LIST_CUE_RE, 0.8, _LIST_CUE_WORDS),
    )
    for pattern, w, cue_words in cues:
        if line_words.isdisjoint(cue_words):
            continue
        for match in pattern.finditer(line):
            _add_phrase_items(ext, _clean_phrase(match.group("phrase")), weight * w)
    suffix_matches = (
        () if line_words.isdisjoint(_SUFFIX_CUE_WORDS) else _SUFFIX_CUE_RE.finditer(line)
    )
    for match in suffix_matches:
        phrase = match.group("phrase").split()
        # keep the trailing noun phrase only
        tail: list[str] = []
        for w in reversed(phrase):
            lw = w.lower()
            if lw in _PHRASE_STOP or lw in _PHRASE_STRIP_LEAD or lw in STOP_WORDS:
                break
            tail.insert(0, w)
        if tail:
            _add_phrase_items(ext, _clean_phrase(" ".join(tail)), weight * 0.7)
    # tech-looking words the vocabulary does not know (CircleCI, PostGIS, HTML5, JMS)
    kept = [info[W_TEXT] for p in phrases for info in p]
    alpha = [w for w in kept if w.isalpha()]
    if alpha and sum(w.isupper() for w in alpha) > 0.6 * len(alpha):
        return  # a line in capitals: every word would look like an acronym
    for i, w in enumerate(kept):
        if i in covered or len(w) < 2 or (w[1:].islower() and w.isalpha()):
            continue
        if w in _NON_SKILL_ACRONYMS:
            continue
        if _TECHY_RE.match(w) and not (w.isupper() and i == 0):
            ext.add(w, weight * 0.6, known=False)

"""Resume bullets from an achievement, with a confidence score that means one thing.

The confidence score (0-100) says how well a bullet is supported by the achievement's own facts
(its description, impact, skills, job title and company), and nothing else. `support_check` is
the one scoring function, used for every provider:

- every number (with its unit, percent or currency) not in the achievement costs 25 points,
- every proper name (a capitalised word or acronym past the first word) not in it costs 20,
- every claim word (first, record, award, doubled, largest, revenue...) not in it costs 15,
- and wording far from the achievement's own words costs up to 50 more (a quarter of the
  words may be new at no cost: paraphrase is fine, a bullet made of other facts is not).

The first three are listed as `unsupported` so the person sees what to check.

Bullet shape, for both providers: an action verb first, then what was done, then the measurable
result; past tense throughout (an achievement is something that happened, even in a current
role); one line of at most about 30 words; no trailing period.

The offline provider writes bullets from the achievement's own words only: it replaces weak
openings ("I was responsible for", "helped", "worked on") with strong verbs, puts the verb in
the past tense and the impact at the end, and trims. It never adds a number or a claim.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from services.ai import prompts
from services.ai.phrasing import is_past_tense, past_tense, present_participle, verb_base, verb_kind
from services.ai.provider import AIProvider, get_provider
from services.errors import AIUnavailable, ValidationFailed
from services.settings import get_settings
from services.skills import normalize_skill, split_skills
from services.text import STOP_WORDS, stem

log = logging.getLogger(__name__)

MAX_CANDIDATES = 3
MAX_WORDS = 32
MAX_CHARS = 220


@dataclass(frozen=True)
class AchievementFacts:
    """What a bullet may draw on: one achievement and the job it happened in."""

    description: str
    impact: str = ""
    skills: Sequence[str] | str = ()
    job_title: str = ""
    company: str = ""
    #: The caller's key for the achievement (e.g. its id); carried through batches untouched.
    achievement_id: str | None = None

    def __post_init__(self) -> None:
        skills = self.skills
        if isinstance(skills, str):
            skills = split_skills(skills)
        unique: dict[str, str] = {}
        for skill in skills:
            if skill and skill.strip():
                unique.setdefault(skill.strip().lower(), skill.strip())
        object.__setattr__(self, "skills", tuple(unique.values()))
        for name in ("description", "impact", "job_title", "company"):
            object.__setattr__(self, name, " ".join((getattr(self, name) or "").split()))

    @classmethod
    def of(cls, achievement: Any, experience: Any = None) -> AchievementFacts:
        """Facts from any objects with the schema's fields (an Achievement and its Experience)."""
        return cls(
            description=getattr(achievement, "description", "") or "",
            impact=getattr(achievement, "impact", "") or "",
            skills=getattr(achievement, "skills", "") or "",
            job_title=getattr(experience, "job_title", "") or "",
            company=getattr(experience, "company_name", "") or "",
            achievement_id=getattr(achievement, "id", None),
        )

    @property
    def source_text(self) -> str:
        """Everything a bullet may be supported by, as one text."""
        return " \n ".join(
            [self.description, self.impact, ", ".join(self.skills), self.job_title, self.company]
        )


@dataclass(frozen=True)
class BulletCandidate:
    """One suggested bullet; `unsupported` lists its numbers, names and claims not in the facts."""

    text: str
    confidence: int
    unsupported: list[str] = field(default_factory=list)


# -- the support check ------------------------------------------------------------------------

_SMALL_NUMBERS = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty
    """.split()  # noqa: SIM905
# Number words read as digits ("three engineers" = "3 engineers"); "one" is left alone, as it is
# rarely a count ("one of the").
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_SMALL_NUMBERS) if w != "one"} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "dozen": "12",
}
_NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)

_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "hundred": 1e2,
}
_TIME_UNITS = {
    "ms": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "s": "s",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "day": "d",
    "days": "d",
    "week": "w",
    "weeks": "w",
    "month": "mo",
    "months": "mo",
    "year": "y",
    "years": "y",
    "quarter": "q",
    "quarters": "q",
}
_NUMBER_RE = re.compile(
    r"""
    (?<![A-Za-z0-9_.\-])
    (?P<cur>[$€£¥])?\s?
    (?P<num>\d[\d,]*(?:\.\d+)?)
    (?:(?P<mult_attached>k|mm|mn|m|bn|b)\b|\s?(?P<mult_word>thousand|millions?|billions?|hundred)\b)?
    (?:\s?(?P<pct>%|percent\b|per\s?cent\b|pct\b))?
    (?:\s?(?P<times>x|×)(?![A-Za-z]))?
    (?:\s?(?P<curword>dollars|euros|pounds|usd|eur|gbp)\b)?
    (?:\s(?P<unit>[a-z]+)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_CLAIM_WORDS = frozenset(
    """
    first only sole solely single-handedly record record-breaking award awarded award-winning
    best top largest biggest fastest highest lowest greatest leading industry-leading
    market-leading world-class best-in-class unprecedented doubled tripled quadrupled halved
    tenfold tripling doubling promoted patent patented company-wide
    organization-wide organisation-wide enterprise-wide global globally international
    millions billions thousands hundreds dozens zero all every entire flawless perfect
    revenue profit profitability significantly dramatically substantially massively ever
    """.split()  # noqa: SIM905
)
_EXTRA_FILLER = frozenset(
    """
    resulting result results using across within while team teams successfully
    """.split()  # noqa: SIM905
)
_WORD_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9.+#&'/-]*[A-Za-z0-9+#]|[A-Za-z])")


@dataclass(frozen=True)
class _Number:
    text: str
    value: float
    kind: str  # percent, money, times or plain
    unit: str | None


def _numbers(text: str) -> list[_Number]:
    """Numbers with what they count: 35%, $1.2M, 3x, 12 weeks; number words read as digits."""
    text = _NUMBER_WORD_RE.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], text)
    found = []
    for m in _NUMBER_RE.finditer(text):
        try:
            value = float(m.group("num").replace(",", ""))
        except ValueError:
            continue
        mult = (m.group("mult_attached") or m.group("mult_word") or "").lower()
        if mult == "m" and not m.group("cur"):
            mult = "" if m.group("num").isdigit() and len(m.group("num")) > 3 else mult
        value *= _MULTIPLIERS.get(mult, 1)
        if m.group("pct"):
            kind = "percent"
        elif m.group("cur") or m.group("curword"):
            kind = "money"
        elif m.group("times"):
            kind = "times"
        else:
            kind = "plain"
        unit = _TIME_UNITS.get((m.group("unit") or "").lower())
        shown = m.group(0).strip()
        if m.group("unit") and not unit:
            shown = shown[: m.start("unit") - m.start()].strip()
        found.append(_Number(shown, round(value, 6), kind, unit))
    return found


def _number_supported(number: _Number, source: list[_Number]) -> bool:
    for known in source:
        if known.value != number.value:
            continue
        if number.kind != "plain" and known.kind != number.kind:
            continue
        if number.unit and known.unit and number.unit != known.unit:
            continue
        return True
    return False


def _stem(word: str) -> str:
    """A lowercased word's stem, through its base form for verbs (grew -> grow -> grow)."""
    if not word.isalpha():
        return word
    return stem(verb_base(word) or word)


def _stems_of(text: str) -> set[str]:
    out: set[str] = set()
    for word in _WORD_RE.findall(text.lower()):
        out.add(_stem(word))
        for part in re.split(r"[-/]", word):
            if part:
                out.add(_stem(part))
    return out


def _is_name(word: str, position: int) -> bool:
    """A proper name or acronym: capitalised past the first word, or with an inner capital."""
    if word == "I":
        return False
    inner_capital = any(c.isupper() for c in word[1:])
    if position == 0:
        return inner_capital and sum(c.isupper() for c in word) >= 2
    return word[0].isupper() or inner_capital


def support_check(bullet: str, achievement: AchievementFacts) -> tuple[int, list[str]]:
    """How well `bullet` is supported by the achievement's own facts (0-100), and what is not.

    See the module docstring for the scoring; the same function scores every provider's bullets.
    """
    if not bullet.strip():
        return 0, []
    source_text = achievement.source_text
    source_lower = source_text.lower()
    source_stems = _stems_of(source_text)
    source_words = set(_WORD_RE.findall(source_lower))
    source_skills = {normalize_skill(s) for s in achievement.skills}
    unsupported: list[str] = []
    penalty = 0

    def flag(item: str, cost: int) -> None:
        nonlocal penalty
        if item.lower() not in (u.lower() for u in unsupported):
            unsupported.append(item)
            penalty += cost

    source_numbers = _numbers(source_text)
    for number in _numbers(bullet):
        if not _number_supported(number, source_numbers):
            flag(number.text, 25)

    # Words, with sentence starts marked so a capitalised first word is not read as a name.
    word_matches = list(_WORD_RE.finditer(bullet))
    names: list[list[str]] = []
    content: list[str] = []
    previous_end = 0
    for index, m in enumerate(word_matches):
        word = m.group()
        gap = bullet[previous_end : m.start()]
        sentence_start = index == 0 or bool(re.search(r"[.!?:;]\s*$", gap))
        previous_end = m.end()
        if _is_name(word, 0 if sentence_start else index):
            if names and names[-1] and gap.strip() == "":
                names[-1].append(word)
            else:
                names.append([word])
            continue
        names.append([])
        lower = word.lower()
        if lower in _CLAIM_WORDS:
            if _stem(lower) not in source_stems and lower not in source_words:
                flag(word, 15)
            continue
        if index > 0 and lower not in STOP_WORDS and lower not in _EXTRA_FILLER and len(lower) > 2:
            content.append(lower)

    for phrase in (" ".join(p) for p in names if p):
        if _name_supported(phrase, source_lower, source_stems, source_skills):
            continue
        flag(phrase, 20)

    if content:
        missing = sum(1 for w in content if _stem(w) not in source_stems and w not in source_words)
        ratio = missing / len(content)
        penalty += round(max(0.0, ratio - 0.25) / 0.75 * 50)
    return max(0, min(100, 100 - penalty)), unsupported


def _name_supported(
    phrase: str, source_lower: str, source_stems: set[str], source_skills: set[str]
) -> bool:
    lower = phrase.lower()
    if re.search(rf"(?<![a-z0-9]){re.escape(lower)}(?![a-z0-9])", source_lower):
        return True
    if normalize_skill(phrase) in source_skills:
        return True
    return all(_stem(w) in source_stems for w in _WORD_RE.findall(lower))


# -- offline bullets --------------------------------------------------------------------------

_AGENT_NOUNS = frozenset(
    """
    team teams engineers developers colleagues customers clients users company business
    department manager managers staff students people members leadership sales marketing
    product operations ops organization organisation group partners stakeholders analysts
    designers
    """.split()  # noqa: SIM905
)
_SUBJECT_RE = re.compile(
    r"^(?:(?:together with|alongside|with) [^,]{1,60},\s*)?"
    r"(?:(?:i|we|my team and i|the team and i|our team|my team)\s+)"
    r"(?:(?:have|had|'ve)\s+)?",
    re.IGNORECASE,
)
_RESULT_MARKERS = re.compile(
    r"\s*(?:,\s*which|\s+which|,\s*resulting in|\s+resulting in|,\s*leading to|,\s*thereby"
    r"|,\s*so that|,\s*and as a result|;|\s+[-–—]\s+)\s*",
    re.IGNORECASE,
)
_LEADING_MARKERS = re.compile(r"^[\s\-*•·–—>]+|^\d+[.)]\s+")


# Endings of common nouns ("Revenue", "Migration", "Costs"); a capitalised word without one, and
# never written in lower case in the achievement, may be a name ("Stripe") and keeps its capital.
_COMMON_NOUN_ENDINGS = (
    "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ure", "ue", "ing", "s",
)  # fmt: skip


def _lower_first(text: str, known: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or acronym.

    `known` is the achievement's own text, as written.
    """
    if not text:
        return text
    first = text.split()[0]
    if not (first[:1].isupper() and first[1:].islower()):
        return text
    lower = re.sub(r"[^a-z'-]", "", first.lower())
    if (
        lower in STOP_WORDS
        or verb_base(lower)
        or is_past_tense(lower)
        or lower.endswith(_COMMON_NOUN_ENDINGS)
        or re.search(rf"\b{re.escape(lower)}\b", known)
    ):
        return text[0].lower() + text[1:]
    return text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,;:.!?%)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return text.strip(" ,;:.!-–—")


def _depersonalise(text: str) -> str:
    text = re.sub(r"\b(?:my|our)\b", "the", text)
    return re.sub(r"\b(?:My|Our)\b", "The", text)


_AUXILIARIES = frozenset(["was", "were", "is", "are", "has", "have", "had", "got"])
_DETERMINERS = frozenset(
    """
    the a an our my their its his her this these those all new existing several multiple key
    critical legacy
    """.split()  # noqa: SIM905
)
_FUNCTION_WORDS = STOP_WORDS | _DETERMINERS
# -ing words that usually name a thing when a noun follows: "onboarding flow", "billing system".
_NOUNISH_ING = frozenset(
    """
    onboarding planning testing training marketing recruiting budgeting forecasting
    reporting engineering programming monitoring scheduling hiring processing modeling
    modelling logging mentoring coaching consulting networking staffing pricing billing
    shipping accounting tracking auditing benchmarking screening sourcing purchasing routing
    learning publishing building operating
    """.split()  # noqa: SIM905
)


def _bare(word: str) -> str:
    return re.sub(r"[^A-Za-z'-]", "", word)


def _opening_verb(words: list[str]) -> str | None:
    """The base form of the first word when it is used as a verb here, else None.

    A base or -s form followed closely by a past-tense verb is a noun ("Support tickets dropped",
    "Deploys went"), and a noun-like -ing word before a noun is too ("Onboarding flow redesign").
    """
    if not words:
        return None
    head = _bare(words[0])
    base, kind = verb_base(head), verb_kind(head)
    if base is None or base in ("be", "have", "do"):
        return None
    if kind == "ing":
        following = _bare(words[1]).lower() if len(words) > 1 else ""
        if head.lower() in _NOUNISH_ING and following and following not in _FUNCTION_WORDS:
            return None
        return base
    if kind in ("base", "s"):
        for word in words[1:4]:
            lower = _bare(word).lower()
            if lower in ("and", "or") or word.endswith(","):
                break
            if lower in _AUXILIARIES or (verb_kind(lower) == "past" and lower != verb_base(lower)):
                return None
    return base


def _past_first(words: list[str]) -> list[str] | None:
    """Words with the first one, a verb in any form, put in the past tense; else None."""
    base = _opening_verb(words)
    if base is None or base in ("get", "make", "use", "help", "work"):
        return None
    return [_capitalise(past_tense(base)), *words[1:]]


def _coordinate(words: list[str], kinds: tuple[str, ...], form: Callable[[str], str]) -> list[str]:
    """After "and" or a comma, verbs in one of `kinds` take the same `form` as the first verb."""
    out = list(words)
    for i in range(1, len(out)):
        previous = out[i - 1]
        if previous.lower() == "and" or previous.endswith(","):
            word = _bare(out[i])
            if word and verb_kind(word) in kinds and (base := verb_base(word)):
                out[i] = out[i].replace(word, form(base), 1)
    return out


def _strong_opening(action: str, known: str) -> str:
    """The action with a strong past-tense verb first; weak openings are replaced."""
    action = _SUBJECT_RE.sub("", action.strip())
    low = action.lower()
    rest_of = lambda m: action[m.start(1) :]  # noqa: E731 - the original-case remainder

    def own(rest: str, fallback: str) -> str:
        words = rest.split()
        if words and verb_kind(_bare(words[0])) in ("ing", "base"):
            kind = verb_kind(_bare(words[0]))
            converted = _past_first(words)
            if converted:
                return " ".join(_coordinate(converted, (kind,), past_tense))
        return f"{fallback} {rest}"

    rules: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        (
            r"^(?:was|were|am|is|are)?\s*(?:the |a |an )?(?:lead|leader|owner|head)\s+(?:of|on|for)\s+(.*)",
            lambda m: f"Led {rest_of(m)}",
        ),
        (
            r"^(?:was |were |am |is |are |been )?(?:responsible|accountable) for\s+(.*)",
            lambda m: own(rest_of(m), "Owned"),
        ),
        (
            r"^(?:was |were |am |is |are |been )?(?:in charge of|tasked with|charged with)\s+(.*)",
            lambda m: own(rest_of(m), "Owned"),
        ),
        (
            r"^(?:had |took |have )?(?:the )?(?:responsibility|ownership) (?:for|of)\s+(.*)",
            lambda m: own(rest_of(m), "Owned"),
        ),
        (
            r"^(?:the )?(?:role|job|task|responsibility) was (?:to )?\s*(.*)",
            lambda m: own(rest_of(m), "Owned"),
        ),
        (
            r"^(?:helped|help|helps|helping|assisted|assist|assists|assisting)"
            r"(?: (?:with|in|on))?\s+(.*)",
            lambda m: _helped(rest_of(m), low[: m.start(1)]),
        ),
        (
            r"^(?:worked|work|works|working) (?:on|in)\s+(.*)",
            lambda m: own(rest_of(m), "Delivered"),
        ),
        (r"^(?:worked|work|works|working) with\s+(.*)", lambda m: f"Partnered with {rest_of(m)}"),
        (
            r"^(?:participated|participate|took part|was involved|were involved|got involved"
            r"|involved|contributed|contribute) (?:in|to)\s+(.*)",
            lambda m: f"Contributed to {rest_of(m)}",
        ),
        (r"^(?:was|were|am|is) (?:a )?part of\s+(.*)", lambda m: f"Contributed to {rest_of(m)}"),
        (
            r"^(?:managed|was able|were able|got) to\s+(.*)",
            lambda m: own(rest_of(m), "Delivered"),
        ),
        (r"^(?:tried|try|tries|trying) to\s+(.*)", lambda m: f"Worked to {rest_of(m)}"),
        (
            r"^(?:used|use|uses|using|utilized|utilised|utilize|utilise)\s+(.*)",
            lambda m: f"Applied {rest_of(m)}",
        ),
        (r"^(?:did|do|does|doing)\s+(.*)", lambda m: f"Completed {rest_of(m)}"),
        (r"^(?:made|make|makes|making)\s+(.*)", lambda m: f"Created {rest_of(m)}"),
        (r"^(?:was|were|am|is)\s+((?:a|an|the)\s+.*)", lambda m: f"Served as {rest_of(m)}"),
    ]
    for pattern, build in rules:
        m = re.match(pattern, low)
        if m:
            return _tidy(_depersonalise(build(m)))
    words = action.split()
    if len(words) > 1 and words[0].lower() in ("was", "were") and is_past_tense(words[1]):
        return _tidy(_depersonalise(" ".join([_capitalise(words[1]), *words[2:]])))
    kind = verb_kind(_bare(words[0])) if words else None
    converted = _past_first(words)
    if converted:
        kinds = (kind,) if kind in ("ing", "base", "s") else ()
        return _tidy(_depersonalise(" ".join(_coordinate(converted, kinds, past_tense))))
    return _tidy(_depersonalise(f"Delivered {_lower_first(action, known)}"))


def _helped(rest: str, opening: str) -> str:
    words = rest.split()
    if not words:
        return "Supported the team"
    if opening.rstrip().endswith(("with", "in", "on")):
        return f"Contributed to {rest}"
    if verb_kind(words[0]) == "base" and verb_base(words[0]) not in ("be", "have"):
        return f"Collaborated to {rest}"
    for j in range(1, min(len(words), 6)):
        word = words[j].lower()
        if word == "to" and j + 1 < len(words) and verb_kind(words[j + 1]) == "base":
            agent = words[:j]
            tail = words[j + 1 :]
        elif verb_kind(word) == "base":
            agent = words[:j]
            tail = words[j:]
        else:
            continue
        if agent and re.sub(r"\W", "", agent[-1].lower()) in _AGENT_NOUNS:
            return f"Partnered with {' '.join(agent)} to {' '.join(tail)}"
        break
    return f"Supported {rest}"


def _result_phrase(result: str, known: str) -> str:
    """The result as the bullet's ending: ", cutting X" / ", resulting in X" / "; X"."""
    result = _tidy(_SUBJECT_RE.sub("", result.strip()))
    result = re.sub(r"^(?:this|it|which|that|thereby)\s+", "", result, flags=re.IGNORECASE)
    if not result:
        return ""
    clauses = [c for c in re.split(r"(?<=[.!?])\s+(?=[A-Z])", result) if c.strip()]
    phrases = []
    for i, clause in enumerate(clauses):
        clause = _tidy(_depersonalise(clause))
        words = clause.split()
        base = _opening_verb(words)
        if base and verb_kind(_bare(words[0])) != "ing":
            words = _coordinate(words, ("past", "base"), present_participle)
            phrases.append(" ".join([present_participle(base), *words[1:]]))
        elif i == 0:
            phrases.append(None)  # type: ignore[arg-type]
            break
    if phrases and all(phrases):
        return ", " + " and ".join(phrases)
    first = _tidy(_depersonalise(clauses[0]))
    words = first.split()
    if words[0].lower() in ("by", "from", "to", "with", "for", "in", "across", "saving"):
        return ", " + _lower_first(first, known)
    if any(is_past_tense(_bare(w)) or _bare(w).lower() in _AUXILIARIES for w in words[1:]):
        return "; " + _lower_first(first, known)
    return ", resulting in " + _lower_first(first, known)


def _split_result(sentence: str) -> tuple[str, str]:
    """A sentence cut into what was done and the result it names ("..., which cut X")."""
    m = _RESULT_MARKERS.search(sentence)
    if not m or m.start() < 8:
        return sentence, ""
    marker = m.group(0).strip(" ,").lower()
    result = sentence[m.end() :]
    if marker.startswith(("resulting in", "leading to")):
        result = f"{marker} {result}"
        return sentence[: m.start()], result
    return sentence[: m.start()], result


def _trim(lead: str, ending: str) -> str:
    """Keep the bullet within MAX_WORDS / MAX_CHARS, cutting the action before the result."""

    def size(text: str) -> tuple[int, int]:
        return len(text.split()), len(text)

    bullet = lead + ending
    if size(bullet)[0] <= MAX_WORDS and size(bullet)[1] <= MAX_CHARS:
        return bullet
    lead = re.sub(r"\s*\([^)]*\)", "", lead)
    ending_words = ending.split()
    if len(ending_words) > 18:
        ending = " ".join(ending_words[:18])
        ending = _strip_dangling(ending)
    budget = max(8, MAX_WORDS - len(ending.split()))
    words = lead.split()
    if len(words) > budget:
        cut = " ".join(words[:budget])
        comma = cut.rfind(",")
        if comma > len(cut) // 2:
            cut = cut[:comma]
        lead = _strip_dangling(cut)
    bullet = lead + ending
    while len(bullet) > MAX_CHARS and len(lead.split()) > 4:
        lead = _strip_dangling(" ".join(lead.split()[:-1]))
        bullet = lead + ending
    return bullet


_DANGLING = frozenset(
    """
    a an the and or to of for with by in on at as from into via using including that which
    while so but
    """.split()  # noqa: SIM905
)


def _strip_dangling(text: str) -> str:
    words = text.rstrip(" ,;:-").split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-")


def _finish(text: str) -> str:
    return _capitalise(_tidy(text))


def offline_bullets(achievement: AchievementFacts) -> list[str]:
    """1 to 3 bullets from the achievement's own words (no model, deterministic)."""
    known = achievement.source_text
    text = _LEADING_MARKERS.sub("", achievement.description)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s.strip()]
    if not sentences:
        return []
    action, own_result = _split_result(_tidy(sentences[0]))
    if not own_result:
        # A later sentence with a number: its last clause with a number is the result.
        later = next((s for s in sentences[1:] if re.search(r"\d", s)), "")
        clauses = [c for c in re.split(r",?\s+and\s+|,\s+", later) if re.search(r"\d", c)]
        own_result = clauses[-1] if clauses else ""
    lead = _strong_opening(action, known)
    ending = _result_phrase(achievement.impact or own_result, known)

    candidates = [_trim(lead, ending)]
    lead_lower = lead.lower()
    missing_skills = [s for s in achievement.skills if s.lower() not in lead_lower + ending.lower()]
    if missing_skills:
        shown = missing_skills[:3]
        joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        joiner = " and " if re.search(r"\b(?:using|with)\s+\S+$", lead) else " using "
        candidates.append(_trim(f"{lead}{joiner}{joined}", ending))
    core = re.split(r",|\s+(?:in order to|so that|while|as part of)\s+", lead)[0]
    core_words = core.split()
    if len(core_words) > 12:
        core = _strip_dangling(" ".join(core_words[:12]))
    if len(core.split()) + 3 <= len(lead.split()):
        candidates.append(_trim(core, ending))
    out: list[str] = []
    for candidate in candidates:
        finished = _finish(candidate)
        if finished and finished.lower() not in (o.lower() for o in out):
            out.append(finished)
    return out[:MAX_CANDIDATES]


# -- with a model -----------------------------------------------------------------------------


class BulletDraft(BaseModel):
    """One bullet as the model writes it."""

    text: str


class BulletDrafts(BaseModel):
    """The model's answer: up to three bullets."""

    bullets: list[BulletDraft]


def tidy_bullet(text: str) -> str:
    """One bullet in the house shape: no list marker, quotes or trailing period; capitalised."""
    text = _LEADING_MARKERS.sub("", text or "")
    text = text.strip().strip("\"'“”‘’`").strip()
    return _finish(text)


def _check_facts(achievement: AchievementFacts) -> None:
    if not achievement.description:
        raise ValidationFailed(
            {"description": "Describe what you did in this achievement before asking for bullets."}
        )


def generate_bullets(
    achievement: AchievementFacts, *, provider: AIProvider | None = None
) -> list[BulletCandidate]:
    """1 to 3 bullets for an achievement, each scored by `support_check`, best first.

    Raises ValidationFailed without a description, and AIUnavailable when the model fails.
    """
    _check_facts(achievement)
    provider = provider or get_provider()
    if provider.is_offline:
        texts = offline_bullets(achievement)
    else:
        drafts = provider.complete_json(
            prompts.BULLETS_SYSTEM, prompts.bullets_user(achievement), BulletDrafts
        )
        texts = []
        for draft in drafts.bullets:
            text = tidy_bullet(draft.text)
            if text and text.lower() not in (t.lower() for t in texts):
                texts.append(text)
        texts = texts[:MAX_CANDIDATES]
    if not texts:
        raise AIUnavailable(
            "The AI service returned no usable bullets. Nothing was saved; try again."
        )
    candidates = []
    for text in texts:
        score, unsupported = support_check(text, achievement)
        candidates.append(BulletCandidate(text, score, unsupported))
    return sorted(candidates, key=lambda c: -c.confidence)


# -- many at once -----------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    """What a batch did: results and errors per item, items never started, and whether stopped."""

    results: list[tuple[AchievementFacts, list[BulletCandidate]]] = field(default_factory=list)
    errors: list[tuple[AchievementFacts, Exception]] = field(default_factory=list)
    not_started: list[AchievementFacts] = field(default_factory=list)
    stopped: bool = False


ResultCallback = Callable[[AchievementFacts, list[BulletCandidate] | Exception], None]


def generate_bullets_batch(
    items: Iterable[AchievementFacts],
    *,
    provider: AIProvider | None = None,
    concurrency: int | None = None,
    on_result: ResultCallback | None = None,
    stop_event: threading.Event | None = None,
) -> BatchOutcome:
    """Bullets for many achievements, at most `concurrency` at a time (settings by default).

    `on_result(item, candidates_or_error)` is called in the calling thread as each item
    finishes, so the caller can save each one as it arrives. One item's failure is passed to
    `on_result` and does not stop the others. Setting `stop_event` stops new items from
    starting; items already running finish (and are reported), the rest are `not_started`.
    Offline, items run one after another in the calling thread (it is quick, and CPU-bound).
    """
    items = list(items)
    provider = provider or get_provider()
    stop_event = stop_event or threading.Event()
    outcome = BatchOutcome()

    def report(item: AchievementFacts, result: list[BulletCandidate] | Exception) -> None:
        if isinstance(result, Exception):
            outcome.errors.append((item, result))
        else:
            outcome.results.append((item, result))
        if on_result is not None:
            try:
                on_result(item, result)
            except Exception as err:
                log.exception("Saving the bullets of one achievement failed")
                if not isinstance(result, Exception):
                    outcome.results.pop()
                    outcome.errors.append((item, err))

    if provider.is_offline:
        for index, item in enumerate(items):
            if stop_event.is_set():
                outcome.stopped = True
                outcome.not_started.extend(items[index:])
                break
            report(item, _one(item, provider))
        return outcome

    workers = max(1, int(concurrency or get_settings().ai_concurrency))
    pending = iter(items)
    running: dict[Future[list[BulletCandidate] | Exception], AchievementFacts] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bullets") as pool:
        while True:
            while len(running) < workers and not stop_event.is_set():
                item = next(pending, None)
                if item is None:
                    break
                running[pool.submit(_one, item, provider)] = item
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                report(running.pop(future), future.result())
    if stop_event.is_set():
        rest = list(pending)
        if rest:
            outcome.stopped = True
            outcome.not_started.extend(rest)
    return outcome


def _one(item: AchievementFacts, provider: AIProvider) -> list[BulletCandidate] | Exception:
    """One item's bullets, or the error it met (never raised, so others carry on)."""
    try:
        return generate_bullets(item, provider=provider)
    except (AIUnavailable, ValidationFailed) as err:
        return err
    except Exception as err:
        log.exception("Writing bullets for one achievement failed unexpectedly")
        return err

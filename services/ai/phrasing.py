"""English verb forms for resume bullets: which words are verbs, and their past and -ing forms."""

from __future__ import annotations

from functools import lru_cache

# Base forms of verbs that describe work. Irregular past forms are in _IRREGULAR_PAST.
_VERBS = """
    accelerate accept achieve acquire adapt add address adjust administer adopt advise advocate
    align allocate analyse analyze answer apply appoint approve architect arrange assemble
    assess assign assist attain attract audit author automate award balance benchmark boost
    brief broaden budget build calculate campaign catalogue champion change chair clarify
    classify close coach code collaborate collect combine commission communicate compile
    complete compose compute conceive conduct configure consolidate construct consult contribute
    control convert coordinate correct create cultivate curate cut debug decrease define
    delegate deliver demonstrate deploy design detect determine develop devise diagnose direct
    discover dispatch document double draft drive edit educate eliminate enable encourage
    engineer enhance ensure establish estimate evaluate examine exceed execute expand expedite
    explain extend facilitate file finalize finalise find fix forecast form formulate gain
    gather generate grow guide halve handle harden head help hire host identify implement
    improve increase influence inform initiate innovate inspect install institute instruct
    integrate interview introduce invent investigate launch lead lift lower maintain manage map
    market master measure mediate mentor merge migrate minimize minimise model moderate
    modernize modernise monitor motivate negotiate onboard open operate optimize optimise
    orchestrate organize organise oversee own partner perform pilot pioneer plan prepare present
    prevent prioritize prioritise process produce program programme promote propose prototype
    provide publish purchase raise rebuild recommend reconcile record recruit redesign reduce
    refactor refine regain remove reorganize reorganise repair replace report represent research
    resolve respond restore restructure retain revamp review revise revitalize run save scale
    schedule scope screen secure select sell serve set shape ship simplify solve source speak
    spearhead standardize standardise start streamline strengthen structure study supervise
    supply support survey sustain synthesize systematize tackle teach test track train transform
    translate triple troubleshoot tune turn uncover unify update upgrade use validate verify win
    work write go rise fall drop climb jump shrink come become stay hit reach surge soar decline
    """.split()  # noqa: SIM905

_IRREGULAR_PAST = {
    "be": "was",
    "go": "went",
    "rise": "rose",
    "fall": "fell",
    "come": "came",
    "become": "became",
    "shrink": "shrank",
    "hit": "hit",
    "build": "built",
    "cut": "cut",
    "do": "did",
    "drive": "drove",
    "find": "found",
    "get": "got",
    "give": "gave",
    "grow": "grew",
    "have": "had",
    "hold": "held",
    "keep": "kept",
    "lead": "led",
    "make": "made",
    "oversee": "oversaw",
    "put": "put",
    "rebuild": "rebuilt",
    "run": "ran",
    "sell": "sold",
    "set": "set",
    "speak": "spoke",
    "take": "took",
    "teach": "taught",
    "win": "won",
    "write": "wrote",
    "rewrite": "rewrote",
    "spend": "spent",
    "bring": "brought",
    "think": "thought",
    "begin": "began",
    "choose": "chose",
    "draw": "drew",
    "feed": "fed",
    "lay": "laid",
    "meet": "met",
    "pay": "paid",
    "send": "sent",
    "shut": "shut",
    "split": "split",
    "stand": "stood",
    "understand": "understood",
}

# Monosyllables and stressed endings that double their last consonant: plan -> planned.
_DOUBLING = frozenset(
    """
    plan ship stop drop scrap map chip tap trim slim spot scan cap top swap step prep tag log
    chat commit control program refer transfer occur regret omit patrol equip rebut run win cut
    set put get begin hit
    """.split()  # noqa: SIM905
)


def past_tense(base: str) -> str:
    """The simple past of a base verb: build -> built, reduce -> reduced, plan -> planned."""
    base = base.lower()
    if base in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    if base in _DOUBLING:
        return base + base[-1] + "ed"
    return base + "ed"


def present_participle(base: str) -> str:
    """The -ing form of a base verb: reduce -> reducing, plan -> planning, tie -> tying."""
    base = base.lower()
    if base == "be":
        return "being"
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if base in _DOUBLING:
        return base + base[-1] + "ing"
    return base + "ing"


def third_person(base: str) -> str:
    """The -s form: reduce -> reduces, fix -> fixes, apply -> applies."""
    base = base.lower()
    if base == "be":
        return "is"
    if base == "have":
        return "has"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, str]]:
    """Every known verb form -> (base, kind), kind one of base, past, ing, s."""
    table: dict[str, tuple[str, str]] = {}
    bases = set(_VERBS) | set(_IRREGULAR_PAST)
    for base in sorted(bases):
        for form, kind in (
            (present_participle(base), "ing"),
            (third_person(base), "s"),
            (past_tense(base), "past"),
            (base, "base"),
        ):
            table.setdefault(form, (base, kind))
        # The base wins where a form coincides (cut/cut, set/set): both read as a verb.
        table[base] = (base, "base")
    return table


def verb_base(word: str) -> str | None:
    """The base form if `word` is a known verb in any form (built -> build), else None."""
    entry = _forms().get(word.lower())
    return entry[0] if entry else None


def verb_kind(word: str) -> str | None:
    """base, past, ing or s for a known verb form, else None."""
    entry = _forms().get(word.lower())
    return entry[1] if entry else None


def is_past_tense(word: str) -> bool:
    """Whether `word` is a known verb's simple past (or an -ed word, which reads as one)."""
    kind = verb_kind(word)
    if kind == "past":
        return True
    if kind is None:
        return word.lower().endswith("ed") and len(word) > 4
    base = verb_base(word)
    return base is not None and past_tense(base) == word.lower()

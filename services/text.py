"""Text normalisation shared by skill extraction and matching: tokens, stems, stop words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A word, keeping the punctuation that belongs to technology names: "c++", "c#", ".net",
# "node.js", "asp.net". Slashes, hyphens and ampersands split words ("CI/CD" -> "ci", "cd").
TOKEN_RE = re.compile(r"\.net\b|[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*(?:\+\+|#)?", re.IGNORECASE)
_DOT_NET_RE = re.compile(r"(?<![\w.])\.\s+net\b", re.IGNORECASE)
# Characters between two words that end a phrase (a skill never spans them).
_BREAK_CHARS = frozenset(',;:!?()[]{}"•*|\n\t.·–—>')
_PLACEHOLDER_RE = re.compile(r"<[A-Z]+>")

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "again",
        "against",
        "all",
        "almost",
        "along",
        "also",
        "although",
        "always",
        "am",
        "among",
        "an",
        "and",
        "any",
        "anyone",
        "anything",
        "are",
        "aren",
        "around",
        "as",
        "at",
        "be",
        "became",
        "because",
        "become",
        "been",
        "before",
        "being",
        "below",
        "besides",
        "between",
        "beyond",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "either",
        "else",
        "etc",
        "even",
        "ever",
        "every",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "getting",
        "give",
        "given",
        "go",
        "goes",
        "going",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "ie",
        "eg",
        "e.g",
        "i.e",
        "if",
        "in",
        "including",
        "inside",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "like",
        "ll",
        "made",
        "make",
        "makes",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "near",
        "need",
        "needs",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "plus",
        "please",
        "quite",
        "rather",
        "re",
        "really",
        "s",
        "same",
        "see",
        "seem",
        "shall",
        "she",
        "should",
        "since",
        "so",
        "some",
        "something",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "throughout",
        "thus",
        "to",
        "together",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "use",
        "used",
        "using",
        "very",
        "via",
        "want",
        "was",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "ve",
        "d",
        "m",
        "t",
    ]
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: as written, lowercased, and whether a phrase break precedes it."""

    text: str
    lower: str
    start: int
    end: int
    breaks_before: bool


def clean_text(text: str) -> str:
    """Undo tokenisation artefacts (". net") and drop anonymisation placeholders."""
    if ". n" in text or ". N" in text:
        text = _DOT_NET_RE.sub(".net", text)
    if "<" in text:
        text = _PLACEHOLDER_RE.sub(" ", text)
    return text


def tokens(text: str) -> list[Token]:
    """Split a text into words, marking where punctuation or a new line breaks a phrase."""
    text = clean_text(text)
    out: list[Token] = []
    prev_end = 0
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        gap = text[prev_end:start]
        brk = not out or any(c in _BREAK_CHARS for c in gap)
        word = m.group()
        out.append(Token(word, word.lower(), start, end, brk))
        prev_end = end
    return out


# Punctuation that ends a phrase; a full stop only when a space or the end follows it.
_SEGMENT_RE = re.compile(r"[,;:!?()\[\]{}\"•*|\n\t·–—>]+|\.(?=\s|$)")


def segments(text: str) -> list[list[str]]:
    """The words of a text as written, grouped into phrases that punctuation separates."""
    text = clean_text(text)
    out = []
    for seg in _SEGMENT_RE.split(text):
        ws = TOKEN_RE.findall(seg)
        if ws:
            out.append(ws)
    return out


_BREAK_PATTERN = r"[,;:!?()\[\]{}\"•*|\n\t·–—>]|\.(?=\s|$)"
SCAN_RE = re.compile(
    r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*(?:\+\+|#)?|\.[Nn][Ee][Tt]\b|" + _BREAK_PATTERN
)
BREAKS = frozenset(',;:!?()[]{}"•*|\n\t·–—>.')


def scan(text: str) -> list[str]:
    """Words as written, with one-character phrase breaks (",", ".", new line...) between."""
    return SCAN_RE.findall(clean_text(text))


def words(text: str) -> list[str]:
    """Lowercased words of a text, in order (no stop-word removal)."""
    return [w.lower() for w in TOKEN_RE.findall(clean_text(text))]


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Light normal form of a lowercased word for vocabulary look-ups: plurals folded only."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os", "as")):
        return word[:-1]
    return word


# --- Porter stemmer (M. F. Porter, 1980) ----------------------------------------------------


def _is_cons(w: str, i: int) -> bool:
    c = w[i]
    if c in "aeiou":
        return False
    if c == "y":
        return i == 0 or not _is_cons(w, i - 1)
    return True


def _measure(stem: str) -> int:
    """Number of vowel-consonant sequences in a stem ([C](VC)^m[V])."""
    m = 0
    prev_cons = True  # as if a consonant stood before the first letter
    prev_vowel = False
    for i, c in enumerate(stem):
        if c in "aeiou":
            cons = False
        elif c == "y":
            cons = i == 0 or not prev_cons
        else:
            cons = True
        if cons and prev_vowel:
            m += 1
        prev_vowel = not cons
        prev_cons = cons
    return m


def _has_vowel(stem: str) -> bool:
    prev_cons = True
    for i, c in enumerate(stem):
        if c in "aeiou":
            return True
        if c == "y" and i > 0 and prev_cons:
            return True
        prev_cons = True
    return False


def _ends_double_cons(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _is_cons(w, len(w) - 1)


def _ends_cvc(w: str) -> bool:
    if len(w) < 3:
        return False
    return (
        _is_cons(w, len(w) - 3)
        and not _is_cons(w, len(w) - 2)
        and _is_cons(w, len(w) - 1)
        and w[-1] not in "wxy"
    )


_STEP2 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
)
_STEP2 = tuple(sorted(_STEP2, key=lambda p: -len(p[0])))
_STEP3 = (
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
)
_STEP3 = tuple(sorted(_STEP3, key=lambda p: -len(p[0])))
_STEP4 = tuple(
    sorted(
        [
            "al",
            "ance",
            "ence",
            "er",
            "ic",
            "able",
            "ible",
            "ant",
            "ement",
            "ment",
            "ent",
            "ion",
            "ou",
            "ism",
            "ate",
            "iti",
            "ous",
            "ive",
            "ize",
        ],
        key=len,
        reverse=True,
    )
)


def _by_last_letter(table: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Suffix rules grouped by their last letter (longest first within a group)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for suffix, repl in table:
        out.setdefault(suffix[-1], []).append((suffix, repl))
    return {k: tuple(v) for k, v in out.items()}


_STEP2_BY_LAST = _by_last_letter(_STEP2)
_STEP3_BY_LAST = _by_last_letter(_STEP3)
_STEP4_BY_LAST = _by_last_letter(tuple((sfx, "") for sfx in _STEP4))


def _replace_suffix(w: str, table: dict[str, tuple[tuple[str, str], ...]], min_m: int) -> str:
    for suffix, repl in table.get(w[-1:], ()):
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            return stem + repl if _measure(stem) > min_m else w
    return w


_ISE_RE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|er|ers|ation|ations)$")
_YSE_RE = re.compile(r"(?<=[a-z]{2})ys(e|ed|es|ing|er|ers)$")
_OUR_RE = re.compile(r"(?<=[bilnv])our(s|ed|ing|al)?$")


def _british_to_american(w: str) -> str:
    """One spelling for both sides of the Atlantic: "organise" -> "organize", "colour" -> "color"."""
    if "is" in w:
        w = _ISE_RE.sub(r"iz\1", w)
    if "ys" in w:
        w = _YSE_RE.sub(r"yz\1", w)
    if "our" in w:
        w = _OUR_RE.sub(r"or\1", w)
    return w


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of a lowercased word; words with digits or symbols are kept as they are."""
    w = word
    if len(w) <= 2 or not w.isalpha():
        return w
    w = _british_to_american(w)
    # Step 1a
    if w.endswith("sses") or w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("ss"):
        pass
    elif w.endswith("s"):
        w = w[:-1]
    # Step 1b
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    else:
        for suffix in ("ed", "ing"):
            if w.endswith(suffix) and _has_vowel(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif _ends_double_cons(w) and w[-1] not in "lsz":
                    w = w[:-1]
                elif _measure(w) == 1 and _ends_cvc(w):
                    w += "e"
                break
    # Step 1c
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    w = _replace_suffix(w, _STEP2_BY_LAST, 0)
    w = _replace_suffix(w, _STEP3_BY_LAST, 0)
    # Step 4
    for suffix, _ in _STEP4_BY_LAST.get(w[-1:], ()):
        if w.endswith(suffix):
            st = w[: -len(suffix)]
            if _measure(st) > 1 and (suffix != "ion" or st.endswith(("s", "t"))):
                w = st
            break
    # Step 5
    if w.endswith("e"):
        st = w[:-1]
        m = _measure(st)
        if m > 1 or (m == 1 and not _ends_cvc(st)):
            w = st
    if _measure(w) > 1 and _ends_double_cons(w) and w.endswith("l"):
        w = w[:-1]
    return w


def content_stems(text: str) -> list[str]:
    """Stems of the words of a text that carry meaning (stop words dropped), in order."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def tidy(text: str) -> str:
    """Strip and collapse white space."""
    return " ".join(text.split())

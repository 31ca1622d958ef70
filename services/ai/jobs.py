"""Reading a pasted job description: title, company, key skills and requirements, for review.

Offline, heuristics read the title (a "Job title:" field, or the first short line that names a
role), the company ("Company:", "About X", "X is hiring", "Title at X") and the requirements (the
lines under a Requirements / Qualifications / "What you'll need" heading, or sentences that ask
for experience, knowledge or a degree). Key skills come from `services.skills.extract_skills`.
With a model, the answer comes as structured output; its skills are normalised with
`normalize_skill` and merged with `extract_skills` on the text, so aliases are unified either way.
Nothing is saved here: the person reviews the result first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel

from services.ai import prompts
from services.ai.provider import AIProvider, get_provider
from services.errors import ValidationFailed
from services.skills import extract_skills, join_skills, normalize_skill

TITLE_MAX = 255  # job_descriptions.title is varchar(255)
COMPANY_MAX = 255  # job_descriptions.company is varchar(255)
MAX_REQUIREMENTS = 25
MAX_REQUIREMENT_CHARS = 300
MAX_SKILLS = 30


@dataclass(frozen=True)
class ParsedJob:
    """A job description as read, for the person to review before saving."""

    title: str
    company: str | None
    key_skills: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)

    @property
    def key_skills_text(self) -> str:
        """Key skills as stored (job_descriptions.key_skills)."""
        return join_skills(self.key_skills)

    @property
    def requirements_text(self) -> str:
        """Requirements as stored (job_descriptions.requirements): one a line."""
        return "\n".join(self.requirements)


class JobExtraction(BaseModel):
    """The model's reading of a job description."""

    title: str
    company: str
    key_skills: list[str]
    requirements: list[str]


def parse_job_description(text: str, *, provider: AIProvider | None = None) -> ParsedJob:
    """Title, company, key skills and requirements from a pasted job description.

    Raises ValidationFailed for an empty text, and AIUnavailable when the model fails.
    """
    if not text or not text.strip():
        raise ValidationFailed({"description": "Paste the job description first."})
    provider = provider or get_provider()
    offline = parse_job_offline(text)
    if provider.is_offline:
        return offline
    answer = provider.complete_json(prompts.JOB_SYSTEM, prompts.job_user(text), JobExtraction)
    skills = _unique(normalize_skill(s) for s in answer.key_skills if s and s.strip())
    skills = _unique([*skills, *extract_skills(text)])[:MAX_SKILLS]
    requirements = _unique(_clean_line(r) for r in answer.requirements)[:MAX_REQUIREMENTS]
    title = _clean_title(answer.title) or offline.title
    company = _clean_company(answer.company) or offline.company
    return ParsedJob(
        title=title[:TITLE_MAX],
        company=company[:COMPANY_MAX] if company else None,
        key_skills=skills,
        requirements=requirements or offline.requirements,
    )


def parse_job_offline(text: str) -> ParsedJob:
    """The heuristic reading used offline (and to fill gaps in a model's answer)."""
    lines = _lines(text)
    title, company_from_title = _find_title(lines)
    company = _find_company(lines, preferred=company_from_title)
    return ParsedJob(
        title=title[:TITLE_MAX],
        company=company[:COMPANY_MAX] if company else None,
        key_skills=_unique(extract_skills(text))[:MAX_SKILLS],
        requirements=_find_requirements(lines),
    )


# -- lines ------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"<[A-Z]+>")
_BULLET = re.compile(r"^\s*(?:[-*•·–—▪◦●■►>]+|\d{1,2}[.)]|\(?[a-z]\))\s*")


_DECORATION = re.compile(r"[=*_~#]{3,}|-{3,}")


def _lines(text: str) -> list[str]:
    text = _PLACEHOLDER.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _DECORATION.sub(" ", text)
    return [" ".join(line.split()) for line in text.split("\n")]


def _clean_line(line: str) -> str:
    """A requirement line without its list marker and tokeniser spacing (" ." -> ".")."""
    line = _BULLET.sub("", line or "")
    line = re.sub(r"\s+([,;:.!?)%])", r"\1", line)
    line = re.sub(r"([(])\s+", r"\1", line)
    line = " ".join(line.split()).strip(" ;")
    if len(line) > MAX_REQUIREMENT_CHARS:
        cut = line[:MAX_REQUIREMENT_CHARS].rsplit(" ", 1)[0]
        line = cut.rstrip(" ,;:") + "…"
    return line


def _unique(values) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.lower().strip() if value else ""
        if key and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return out


# -- title and company ------------------------------------------------------------------------

_ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|manager|analyst|designer|scientist|specialist|lead|"
    r"director|consultant|coordinator|administrator|architect|officer|assistant|associate|"
    r"intern|internship|professor|lecturer|researcher|postdoc|phd|nurse|technician|accountant|"
    r"executive|representative|advisor|adviser|writer|editor|head|owner|tester|sre|devops|"
    r"recruiter|operator|agent|strategist|marketer|teacher|trainee|apprentice|partner|"
    r"clerk|cook|chef|driver|supervisor|president|vp|cto|ceo|cfo)s?\b",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^(?P<label>job title|title|position|vacancy|position title|job role)\s*[:\-–]\s*"
    r"(?P<value>.*)$",
    re.IGNORECASE,
)
_WEAK_FIELD = re.compile(r"^(?P<label>role|job)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_COMPANY_FIELD = re.compile(
    r"^(?P<label>company|company name|employer|organi[sz]ation|hiring company|client)\s*[:\-–]\s*"
    r"(?P<value>.*)$",
    re.IGNORECASE,
)
_NOT_TITLE = re.compile(
    r"^(about|date posted|posted|likes|job description|job type|location|salary|apply|we |our |"
    r"who |what |the |this |you |in |at |as |are |do |join )",
    re.IGNORECASE,
)
_HIRING_PHRASE = re.compile(
    r"\b(?:looking for|hiring|seeking|recruiting|searching for|position as|role as|offering|"
    r"applications for)\s+(?:an?\s+|the\s+|our\s+next\s+|a\s+new\s+)?"
    r"(?P<title>(?:[A-Z][\w/&+.-]*\s*){1,6})",
)


def _clean_title(title: str | None) -> str:
    title = _PLACEHOLDER.sub(" ", title or "")
    title = re.sub(r"^[A-Za-z ]{2,20}:\s+", "", title)
    title = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", title)
    parts = [p for p in re.split(r"\s+[|•·]\s+|\s+[-–—]\s+(?=[A-Z<])", title) if p.strip()]
    title = next((p for p in parts if _ROLE_WORDS.search(p)), parts[0] if parts else "")
    title = re.sub(r"\b(?:m/f/d|m/w/d|f/m/d|h/f)\b", " ", title, flags=re.IGNORECASE)
    return " ".join(title.split()).strip(" ,;:-–—|")


def _clean_company(company: str | None) -> str:
    company = _PLACEHOLDER.sub(" ", company or "")
    company = " ".join(company.split()).strip(" ,;:.-–—|!")
    if company.lower() in ("", "unknown", "n/a", "none", "not specified", "us", "the company"):
        return ""
    return company


def _field_value(lines: list[str], index: int, pattern: re.Pattern[str]) -> str:
    """A "Label: value" field's value, or the next line's when the label stands alone."""
    m = pattern.match(lines[index])
    if not m:
        return ""
    value = m.group("value").strip()
    if value:
        return value
    for following in lines[index + 1 : index + 3]:
        if following:
            return following
    return ""


def _find_title(lines: list[str]) -> tuple[str, str]:
    """The job title, and a company named in the title line ("Engineer at Acme"), if any."""
    for i in range(min(len(lines), 40)):
        value = _field_value(lines, i, _FIELD)
        if value and _ROLE_WORDS.search(value):
            return _split_at_company(value)
    first_lines = [line for line in lines if line][:8]
    for line in first_lines:
        if _looks_like_title(line) and _ROLE_WORDS.search(line):
            return _split_at_company(line)
    for i in range(min(len(lines), 40)):
        value = _field_value(lines, i, _WEAK_FIELD)
        if value and _ROLE_WORDS.search(value):
            return _split_at_company(value)
    for m in _HIRING_PHRASE.finditer(" ".join(lines[:60])):
        candidate = _clean_title(m.group("title"))
        if _ROLE_WORDS.search(candidate):
            return candidate, ""
    for line in first_lines:
        if _looks_like_title(line):
            return _split_at_company(line)
    return "", ""


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 12
        and line[0].isalpha()
        and len(line) <= 120
        and not line.endswith((".", "?", "!"))
        and not _NOT_TITLE.match(line)
        and not line.endswith(":")
    )


def _split_at_company(line: str) -> tuple[str, str]:
    m = re.match(r"^(?P<title>.+?)\s+(?:at|@)\s+(?P<company>[A-Z][\w&.,' -]{1,60})$", line)
    if m:
        return _clean_title(m.group("title")), _clean_company(m.group("company"))
    m = re.match(r"^(?P<title>.+?)\s+[|•·]\s+(?P<company>[A-Z][\w&.,' -]{1,60})$", line)
    if m and _ROLE_WORDS.search(m.group("title")):
        return _clean_title(m.group("title")), _clean_company(m.group("company"))
    return _clean_title(line), ""


_NAME = r"(?P<company>[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|&|of|and|de|la|for))*)"
_COMPANY_PATTERNS = (
    re.compile(r"^About\s+" + _NAME + r"\s*:?$"),
    re.compile(r"(?:^|[.!]\s+)" + _NAME + r"\s+is\s+(?:hiring|looking|seeking|recruiting)\b"),
    re.compile(r"(?:^|[.!]\s+)At\s+" + _NAME + r",\s+(?:we|our|you)\b"),
    re.compile(r"\bJoin\s+" + _NAME + r"\s+(?:as|and|to|in|on)\b"),
    re.compile(r"\b(?:at|for)\s+" + _NAME + r"\s+(?:we|you will|you'll)\b"),
)
_NOT_COMPANY = frozenset(
    """
    us the this our we you it team role job position company opportunity
    """.split()  # noqa: SIM905
)


def _find_company(lines: list[str], *, preferred: str = "") -> str:
    """A "Company:" field, else `preferred` (named in the title line), else a phrase's name."""
    for i in range(min(len(lines), 80)):
        value = _clean_company(_field_value(lines, i, _COMPANY_FIELD))
        if value and len(value.split()) <= 8:
            return value
    if preferred:
        return preferred
    for pattern in _COMPANY_PATTERNS:
        for line in lines[:200]:
            m = pattern.search(line)
            if not m:
                continue
            company = _clean_company(m.group("company"))
            first = company.split()[0].lower() if company else ""
            if company and first not in _NOT_COMPANY and len(company.split()) <= 6:
                return company
    return ""


# -- requirements -----------------------------------------------------------------------------

_REQUIREMENT_HEADINGS = re.compile(
    r"\b(requirements?|qualifications?|what you(?:'ll| will)? (?:need|bring|have)|"
    r"you (?:have|bring|will have|should have)|who you are|about you|your profile|"
    r"(?:skills|experience) (?:and|&) (?:experience|qualifications|skills)|"
    r"(?:required|preferred|desired|key|essential|minimum|basic|technical) "
    r"(?:skills|qualifications|experience|requirements)|must[- ]haves?|nice[- ]to[- ]haves?|"
    r"who we(?:'re| are) looking for|what we(?:'re| are) looking for|the ideal candidate|"
    r"ideal candidate|competenc(?:e|ies)|skills)\b",
    re.IGNORECASE,
)
_OTHER_HEADINGS = re.compile(
    r"\b(responsibilit(?:y|ies)|what you(?:'ll| will) do|your (?:role|tasks|mission)|"
    r"the role|duties|benefits|perks|what we offer|we offer|about (?:us|the company|the team)|"
    r"how to apply|application|compensation|salary|why join|our culture|equal opportunity|"
    r"job description|company size|company type|industry|job type|role|experience level|"
    r"technologies|project aims|background)\b",
    re.IGNORECASE,
)
_REQUIREMENT_CUE = re.compile(
    r"\b(experience (?:with|in|of)|years? of|years'|required|requirement|must have|must be|"
    r"should have|proficien\w+|knowledge of|familiar\w* with|degree|bachelor|master'?s|phd|"
    r"ability to|able to|understanding of|skills? in|expertise (?:in|with)|background in|"
    r"certification|certified|fluent|fluency|track record|hands-on|strong \w+ skills|"
    r"\d+\+?\s*years)\b",
    re.IGNORECASE,
)


def _is_heading(line: str) -> bool:
    words = line.rstrip(":").split()
    return 0 < len(words) <= 7 and not line.endswith(".") and len(line) <= 70


_NICE_TO_HAVE = re.compile(
    r"\b(nice[- ]to[- ]haves?|preferred|desired|bonus|plus)\b", re.IGNORECASE
)
_LOGISTICS = re.compile(
    r"\b(apply|applications?|submit\w*|deadline|cover letter|salary|equal opportunity|"
    r"discriminat\w*|we offer)\b",
    re.IGNORECASE,
)


def _find_requirements(lines: list[str]) -> list[str]:
    """Lines under requirement headings; failing that, sentences that ask for something.

    Items under a nice-to-have (preferred, bonus) heading are marked "Nice to have: ...".
    """
    found: list[str] = []
    section: str | None = None  # None, "required" or "nice"
    for line in lines:
        if not line:
            continue
        if _is_heading(line) and not _BULLET.match(line):
            if _REQUIREMENT_HEADINGS.search(line) and not _OTHER_HEADINGS.search(
                _REQUIREMENT_HEADINGS.sub("", line)
            ):
                section = "nice" if _NICE_TO_HAVE.search(line) else "required"
                continue
            if _OTHER_HEADINGS.search(line) or line.endswith(":"):
                section = None
                continue
        if section:
            prefix = "Nice to have: " if section == "nice" else ""
            found.extend(prefix + _BULLET.sub("", s) for s in _sentences(line))
    if not found:
        for line in lines:
            for sentence in _sentences(line, always=True):
                if _REQUIREMENT_CUE.search(sentence) and not _LOGISTICS.search(sentence):
                    found.append(sentence)
    cleaned = [_clean_line(s) for s in found]
    return _unique(c for c in cleaned if c and not c.endswith(":"))[:MAX_REQUIREMENTS]


def _sentences(line: str, *, always: bool = False) -> list[str]:
    line = _BULLET.sub("", line)
    if not always and len(line) <= MAX_REQUIREMENT_CHARS:
        return [line]
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s.strip()]

"""The identifier check: what in a text could identify a child, a family or a worker.

One pure function, `find_identifiers`, that the CLI, the screens and the tests share. No I/O.
Each rule looks for a shape that identifies a person in children's social care writing; rules
that would fire on ordinary practice words (a meeting date, "S47 was", "RAG-rated amber") are
narrowed by case or by a cue word, because a person resolves every flag and a flood of false
alarms teaches them to press "confirm" without reading. docs/identifiers.md says what each kind
catches and what it deliberately does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import phonenumbers

from fieldnotes.domain.first_names import FIRST_NAMES

IdentifierKind = Literal[
    "date of birth",
    "NHS number",
    "NI number",
    "phone number",
    "email",
    "postcode",
    "street address",
    "vehicle registration",
    "case reference",
    "protected name",
    "name",
]

# When findings overlap they become one; the merged finding takes the kind earliest here, so
# "14 Amelia Street" reads as an address and "amelia.s@…" as an email.
_KIND_ORDER: tuple[IdentifierKind, ...] = (
    "email",
    "NHS number",
    "NI number",
    "phone number",
    "date of birth",
    "case reference",
    "vehicle registration",
    "postcode",
    "street address",
    "protected name",
    "name",
)
_RANK = {kind: rank for rank, kind in enumerate(_KIND_ORDER)}


@dataclass(frozen=True, slots=True)
class Finding:
    id: int
    kind: IdentifierKind
    text: str
    start: int
    end: int
    line: int

    def __repr__(self) -> str:
        # The matched text is an identifier: keep it out of logs and tracebacks.
        return f"Finding(id={self.id}, kind={self.kind!r}, line={self.line})"


Span = tuple[int, int, IdentifierKind]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ----------------------------------------------------------------- numbers


def _nhs_checksum_ok(digits: str) -> bool:
    numbers = [int(d) for d in digits]
    total = sum(n * w for n, w in zip(numbers[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == numbers[9]


_NHS = re.compile(r"(?<![\w/.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/-]|\.\d)")

# Prefixes HMRC never issues: first letter D F I Q U V; second letter D F I O Q U V; and
# BG GB KN NK NT TN ZZ. The suffix is A–D.
_NI = re.compile(
    r"(?<![\w-])(?!(?:BG|GB|KN|NK|NT|TN|ZZ))[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D](?![\w-])"
)

# Ofcom keeps these geographic and mobile ranges for drama and examples (0113 496 0xxx …
# 0191 498 0xxx, 020 7946 0xxx, 028 9649 6xxx, 029 2018 0xxx, 01632 960xxx, 07700 900xxx);
# phonenumbers calls some of them invalid, but in a note they are plainly a phone number.
_DRAMA = re.compile(
    r"^(?:7700900|1632960|11[3-8]4960|1[2-8]14960|1914980|2079460|2896496|2920180)\d{3}$"
)


# Freephone, 03, 084/087 and premium numbers belong to services (Childline 0800 1111, a council's
# 0300 line), never to a family: flagging them would be a false alarm in every brief.
_SERVICE_LINES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
    }
)


def _phones(text: str) -> Iterator[Span]:
    for leniency in (phonenumbers.Leniency.VALID, phonenumbers.Leniency.POSSIBLE):
        for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=leniency):
            if leniency == phonenumbers.Leniency.POSSIBLE:
                if not _DRAMA.match(str(match.number.national_number)):
                    continue
            elif phonenumbers.number_type(match.number) in _SERVICE_LINES:
                continue
            yield match.start, match.end, "phone number"


# Starting only where a run of address characters starts keeps a long token linear, not quadratic.
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# ---------------------------------------------------------- vehicles, cases

# Case-sensitive on purpose: "S47 was" and "Y6 and" are lower case after the digits.
_LETTER = "A-HJ-PR-Y"  # no I, O, Q, Z in the letters of a plate
_VEHICLE = re.compile(
    rf"(?<![\w-])(?:"
    rf"[{_LETTER}]{{2}}(?:0[2-9]|[12]\d|5[1-9]|[67]\d) ?[{_LETTER}Z]{{3}}"  # WX71 VPM
    rf"|[A-HJ-NP-Y]\d{{1,3}} ?[{_LETTER}]{{3}}"  # P123 ABC
    rf"|[{_LETTER}]{{3}} ?\d{{1,3}}[A-HJ-NP-Y]"  # ABC 123D
    rf")(?![\w-])"
)
# Three capitals after a number are sometimes the practice shorthand, not a plate.
_NOT_PLATE_LETTERS = _words(
    "CIN CPP LAC IRO DSL SEN PLO CAF RAG DCS SLT ICS KPI EHC CLA CME DBS CSE CCE PSW SDQ GCS "
    "ASD ADD PEP EHA FGC TAC TAF CWD PHE CYP YOT HMP ICB GPS"
)

_CASE_KEYWORD = re.compile(
    r"\b(?:(?:LCS|Mosaic|Liquid\s?logic|Eclipse|ICS|CMS|Azeus|Frameworki|CareFirst|EHM|"
    r"PNC|police|crime|CAD|incident|occurrence|Cafcass|court|case|claim|file|client|person|custody|"
    r"child|referral|Athena|Niche|Storm)\s*"
    r"(?:ID|I\.D\.|no\.?|num(?:ber)?|#|ref(?:erence)?\.?|record|(?:record\s)?number)"
    r"|case\s?ref|ref(?:erence)?\s?(?:no\.?|number))\s*[:#.]?\s*"
    # An optional short capital prefix before the value: "crime number is CRN 44/77102/25".
    r"(?:is\s+|was\s+)?(?-i:[A-Z]{2,4} )?"
    r"(?P<value>(?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])(?![\w/-])",
    re.IGNORECASE,
)
# Family court numbers: court code, year, case type, serial — BM25C00327, ZW24P00123.
_COURT_NUMBER = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}[CPZFL]\d{5}(?![\w-])")

# ------------------------------------------------------------ dates of birth

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|['’]?\d{2})"
_DATE_SHAPES = (
    r"(?:19|20)\d{2}-[01]?\d-[0-3]?\d"  # 2011-03-02
    r"|[0-3]?\d[/.-][01]?\d[/.-](?:(?:19|20)\d{2}|\d{2})"  # 02/03/2011, 2.3.11
    rf"|(?:the\s+)?{_DAY}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+{_YEAR}"  # 2nd of January 2010
    rf"|{_MONTH}\s+{_DAY},?\s+{_YEAR}"  # November 27, 2023
    rf"|{_MONTH},?\s+(?:19|20)\d{{2}}"  # February 2022
    r"|(?:19|20)\d{2}/[01]?\d/[0-3]?\d"  # 2011/03/02
)
_DOB = re.compile(
    r"(?:(?<![\w.])(?:DOB|D\.O\.B\.?|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on|\s+in)?"
    r"|b\.|birthday)"
    r"(?:\s*(?:is|was|:|=|\||-|–|\(|,)\s*|\s+)(?:on\s+)?"
    # "date of birth on their system is 02/03/2011": a few words, no digits, same sentence.
    r"|(?<![\w.])(?:DOB|D\.O\.B\.?|date\s+of\s+birth)(?:\s+[a-z']+){1,5}?\s+(?:is|was|as|of)\s+)"
    rf"(?P<date>{_DATE_SHAPES})(?![\w/-])",
    re.IGNORECASE,
)

# ---------------------------------------------------------- places

_OUTWARD = (
    r"(?:[A-PR-UWYZ]\d[A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY]?"
    r"|[A-PR-UWYZ][A-HK-Y]?\d\d)"
)
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"(?<![\w-])(?:{_OUTWARD}) ?{_INWARD}(?![\w-])", re.IGNORECASE)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)

_SUFFIX = (
    r"Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Way|Court|Ct|Crescent|Cres|Place|Pl|"
    r"Gardens|Gdns|Terrace|Tce|Grove|Hill|Row|Walk|Mews|Square|Sq|Parade|House|End|Rise|View|"
    r"Green|Park|Gate|Heights|Towers?|Villas|Cottages?|Yard|Wharf|Fields?|Croft|Fold|Meadows?|"
    r"Boulevard|Quay|Vale|Lodge|Mansions|Buildings|Point|Chase|Brow|Bank|Mount|Drove|Circus|"
    r"Passage|Approach|Estate|Flats|Wynd|Side|Centre"
)
_CAP_WORD = r"[A-Z][a-z']+(?:-[A-Z][a-z']+)?"
_ADDRESS = re.compile(
    rf"(?<![\w/.:-])(?:(?:Flat|Apartment|Apt|Unit|Room)\.?[ \t]+\d{{1,4}}[A-Za-z]?,?[ \t]+)?"
    rf"\d{{1,4}}[A-Za-z]?,?[ \t]+(?:{_CAP_WORD}[ \t]+){{1,3}}(?:{_SUFFIX})\b"
    rf"|(?<![\w-])(?:Flat|Apartment|Apt)\.?[ \t]+\d{{1,4}}[A-Za-z]?\b"
    rf"(?:,?[ \t]+(?:{_CAP_WORD}[ \t]+){{1,3}}(?:{_SUFFIX})\b)?"
)
# A street with no number, when the sentence says someone lives or stays there.
_STREET_LIVED = re.compile(
    r"\b(?i:lives?|living|lived|moved|moving|staying|stays|stayed|address\s+is)[ \t]+"
    r"(?i:at|on|to|in|into)[ \t]+(?P<street>(?:[A-Z][a-z']+[ \t]+){1,3}"
    rf"(?:{_SUFFIX}))\b"
)
_LOWER_SUFFIX = (
    "street|road|lane|avenue|close|drive|crescent|gardens|terrace|grove|court|house|end|walk|"
    "mews|place|way|row|square|parade|rise|hill|green|view"
)
_ADDRESS_LOWER = re.compile(
    rf"(?<![\w/.:£$-])(?:flat[ \t]+\d{{1,4}}[a-z]?,?[ \t]+)?\d{{1,4}}[a-z]?,?[ \t]+"
    rf"(?P<words>(?:[a-z']{{3,}}[ \t]+){{1,2}})(?:{_LOWER_SUFFIX})\b"
)
# Words that come between a number and "house", "way" or "walk" in ordinary sentences.
_NOT_STREET_WORDS = _words(
    """bed bedroom bedroomed storey room hour minute min day week month year mile foot metre
    times people children kids adults workers staff families notes visits cases other more new
    different separate extra same family shared council temporary emergency social working
    school supported minutes hours days weeks months years miles steps safe two three four the
    and for are was were with from into long short wide"""
)

# ----------------------------------------------------------------- names

_RELATION = (
    r"mum|mummy|mother|mam|dad|daddy|father|stepdad|step-dad|stepmum|step-mum|stepfather|"
    r"stepmother|nan|nana|nanny|gran|granny|grandma|grandmother|grandad|grandpa|grandfather|"
    r"brother|sister|half-brother|half-sister|sibling|son|daughter|aunt|auntie|aunty|uncle|"
    r"cousin|partner|boyfriend|girlfriend|husband|wife|ex-partner|carer|foster carer|"
    r"kinship carer|friend|neighbour|children|child|baby|boy|girl|young person|eldest|youngest|"
    r"twins|twin|sons|daughters|siblings|brothers|sisters|kids"
)
_JOB_ROLE = (
    r"(?:the\s+)?(?:allocated\s+|agency\s+|duty\s+|senior\s+|student\s+|new\s+|previous\s+)?"
    r"(?:social worker|team manager|service manager|practice manager|assistant team manager|"
    r"practice lead|practice supervisor|head ?teacher|deputy head|head of year|class teacher|"
    r"teacher|SENCO|DSL|designated safeguarding lead|health visitor|school nurse|midwife|GP|"
    r"paediatrician|consultant|IRO|independent reviewing officer|conference chair|chair|PSW|"
    r"family support worker|support worker|personal adviser|youth worker|key ?worker|advocate|"
    r"solicitor|barrister|children's guardian|guardian|Cafcass officer|police officer|officer|"
    r"detective|housing officer|probation officer|supervising social worker|"
    r"senior practitioner|advanced practitioner|business support officer|nursery manager|"
    r"interpreter|manager|worker|practitioner|therapist|psychologist|psychiatrist|"
    r"coordinator|co-ordinator|OT|occupational therapist|mentor|tutor|childminder|PA)"
)
_ROLE = rf"(?:{_JOB_ROLE}|(?:the\s+)?(?:{_RELATION}))"
_ROLE_SHORT = r"SW|TM|ATM|HV|DSL|GP|IRO|FSW|PA|SSW|SENCO|CSW|PC|DC|DS|sw|tm|hv|fsw"
_TITLE = r"Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|PC|DC|DS|DI|DCI|Sgt|Insp|Cllr|Judge|HHJ|DDJ|Prof|Rev"

# Capitalised words that are not people: sentence openers, teams, days, the practice's own
# vocabulary. Every name rule checks the words it would flag against this set.
_NOT_NAMES = _words(
    """A An The This That These Those He She They We I It Its His Her Hers Their Our My Your You
    Mum Mam Dad Mother Father Nan Gran Grandma Grandad Nanna Child Children Baby Boy Girl Team
    Teams Service Services Council Police School Court Courts Hospital Ward Unit Centre Hub Panel
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov
    Dec MASH CIN CP LAC IRO GP SW TM HV DSL NHS CAMHS Ofsted Cafcass DfE LA SLT DCS PSW ICPC RCPC
    Eastmere Northfield Riverside Harbourside Pathways Front Door Locality Care Disabled Quality
    Assurance Senior Leadership Leaving Signs Safety Review Reviews Conference Strategy Discussion
    Meeting Meetings Early Help Health Family Families Local Authority Yes No OK And But So Then
    When After Before Today Yesterday Tomorrow Also Not None Unknown Agency Office Bank Holiday
    Christmas Easter Eid Diwali Ramadan If In On At As Is Was Were For From With By Of To Or Nor
    Yet Once Only Still Now Later Next First Last Both Each Every All Some Any What Why How Who
    Where Which While Although Because Since Until There Here Please Thanks Sorry Good Well Very
    Just Said Says Asked Told Called Rang Emailed Met Seen Visited Home Visit Supervision Group
    Social Worker Manager Practice Lead Principal Director Head Deputy Chair Officer Duty
    Assessment Plan Plans Section Child's Children's Core Initial Return Interview Contact Notes
    Note Asides Follow Up Voices Evidence Status Where Week Weeks Month Months Year Years Key
    Knowledge Skills Statement Professional Capabilities Framework Values Ethics Diversity Rights
    Justice Critical Reflection Analysis Interventions Contexts Organisations Designing Developing
    Support Creating Lead Leaders Excellent Decision Making Improvement Governance Partnership
    Friction IT Recording Burden Timescale KPI Caseload Allocation Risk Aversion Delays Workforce
    Churn Managerialism Procedure Relationship Relationships Housing Education Youth Justice SEND
    EHCP EHC Primary Secondary Academy Nursery College University Street Road Lane Avenue Close
    Drive Court House End Way Our New Old North South East West Central Upper Lower Great Little
    Mr Mrs Ms Miss Mx Dr Nurse PC DC DS Sgt Judge Private Public Online Teams Zoom Microsoft
    Word Excel Outlook Mosaic LCS Liquidlogic Eclipse Athena English Polish Urdu Romanian Arabic
    Muslim Christian Catholic Hindu Sikh Jewish British Asian Black White Mixed Other Amber Red
    Green RAG Star Stars Summary Actions Action Outcome Outcomes Agreed Decision Decisions Date
    Time Place Present Apologies Attendees Minutes Chronology Event Events Source Update Updates
    Police's Council's Mum's Dad's Nan's Gran's Today's Everyone Someone Nobody Anyone Everybody
    Dear Hi Hello Regards Best Kind Many Much More Most Less Few Several One Two Three Four Five
    Six Seven Eight Nine Ten Half Afterwards Later Meanwhile Earlier Instead However Overall
    Finally Eventually Sometimes Usually Honestly Apparently Interestingly Unfortunately Staff
    Someone Everyone Somebody Nobody Police Probation Education Housing Health Services Staff
    Parent Parents Teacher Teachers Officer Officers Manager Managers Worker Workers Nurse GP
    Nursery Schools Agency Agencies Professionals Partners Councillors Leaders Families Carers
    Carer Guardian Judge Magistrates Counsel Barnardo's Women's Aid NSPCC Ofsted Government
    Minister Report Research Guidance Procedure Policy Data System"""
)
# Relations capitalised ("Aunt asked the chair") are roles, not names.
_NOT_NAMES |= {w.capitalize() for w in re.findall(r"[a-z-]+", _RELATION)}
_NOT_NAMES |= _words("Another Neither Either Others Other Anybody Somebody Whoever Whatever")
_NOT_NAMES |= _words(
    """Benefit Benefits Act Acts Credit Allowance Tax Payment Payments Order Orders Plus Scheme
    Fund Grant Premium Pass Card Trust Foundation Charity Network Partnership Board"""
)
# Document furniture that takes a number in brackets: "Table (2)", "Stage (3)".
_NOT_NAMES |= _words(
    """Table Figure Chart Appendix Annex Page Item Step Stage Phase Level Tier Question Point
    Option Recommendation Part Chapter Paragraph Box Line Row Column Room Floor Slide Version
    Round Wave Cohort Sample Case Cases File Files Scale Score Grade Band Quarter Term Day"""
)
# Names that are also everyday words: matched only as a Capitalised word, and at the start
# of a sentence only when what follows shows it is a person.
_WORD_NAMES = _words(
    """amber hope will grace faith joy rose ruby may june april summer autumn dawn holly ivy
    daisy poppy lily violet iris hazel jade pearl crystal penny robin sandy mark frank bill
    jack max rich guy dean ray rob pat sue drew chase hunter mason cole brook reed heath
    storm sky river rain star destiny harmony honey melody precious patience charity
    unity trinity angel royal king prince marshall miles lance grant victor earl bob
    sunny don art basil"""
)
_PERSON_NEXT = re.compile(
    r"['’]s\b|\s+(?:said|says|told|tells|was|has|had|asked|wants|wanted|went|came|"
    r"drew|showed|attended|lives|lived|cried|laughed|shouted|ran|did|does|didn't|doesn't|"
    r"isn't|wasn't|likes|loves|(?:\()|is[ \t]+(?:\d|aged|now|still|at|in|with|living|staying|"
    r"settling|doing|happy|sad|upset|scared|safe|"
    r"not[ \t]+(?:at|in|with|eating|sleeping|attending)))"
)
_AMBER_CONTEXT = re.compile(
    r"(?:RAG|rated|rating|graded|marked|red|green|flagged|amber|RAGged)\W{0,3}(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_SENTENCE_GAP = re.compile(r"(?:^|[.!?:;]|\n)[\s>*_#|\-“”\"'(]*$")

_NAME_WORD = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
_TITLE_NAME = re.compile(
    rf"(?<![\w-])(?:{_TITLE})\.?[ \t]+(?:[A-Z]\.?[ \t]+)?(?P<n1>{_NAME_WORD})"
    rf"(?:[ \t-](?P<n2>{_NAME_WORD}))?"
)
_ROLE_NAME = re.compile(
    # "Team manager Dev Lowe", "the social worker, Tom Shah", "Mother: Lauren Hale".
    rf"(?<![\w-])(?i:{_ROLE})(?:,|[ \t]*:|[ \t]+[–-])?[ \t]+(?:(?:{_TITLE})\.?[ \t]+)?"
    rf"(?P<n1>{_NAME_WORD})(?:[ \t](?P<n2>{_NAME_WORD}))?(?![\w])"
)
_BRACKET_AFTER = re.compile(
    rf"(?<![\w-])(?i:{_RELATION}|{_ROLE})[ \t]*\([ \t]*(?P<n1>{_NAME_WORD})"
    rf"(?:[ \t](?P<n2>{_NAME_WORD}))?[ \t]*\)"
)
# A name with its role, age or date of birth in brackets or after a comma: "Tom Shah (SW)",
# "Tyler (4)", "Zara (DOB …", "Kian, 9, said".
_NAME_LABELLED = re.compile(
    rf"(?<![\w-])(?P<n1>{_NAME_WORD})(?:[ \t](?P<n2>{_NAME_WORD}))?"
    rf"(?:[ \t]*\((?:(?i:{_RELATION}|{_ROLE})|{_ROLE_SHORT}|(?i:aged?)[ \t]*\d{{1,2}}|\d{{1,2}}"
    rf"(?:[ \t]*(?i:y(?:ea)?rs?|y/o|yo|months|mths))?)\b[^)\n]{{0,30}}\)"
    r"|,?[ \t]*\(?(?:DOB|D\.O\.B|d\.o\.b|b\.|born|aged[ \t]+\d)"
    r"|,[ \t]*\d{1,2},)"
)
# "Tom Shah, social worker": weaker, since "Grace, the manager said" reads the same way.
_NAME_BEFORE = re.compile(
    rf"(?<![\w-])(?P<n1>{_NAME_WORD})(?:[ \t](?P<n2>{_NAME_WORD}))?"
    rf",[ \t]+(?:the[ \t]+|(?:his|her|their)[ \t]+)?(?i:{_JOB_ROLE}|{_ROLE_SHORT})\b"
)
_FAMILY = re.compile(
    rf"(?<![\w-])the[ \t]+(?P<n1>{_NAME_WORD})[ \t]+"
    r"(?:family|children|household|siblings|twins|boys|girls)\b"
)
_SAID = re.compile(
    r"\b(?:said|says|asked|told|replied|added|explained|according[ \t]+to|called|named|"
    r"known[ \t]+as)[ \t]+"
    rf"(?P<n1>{_NAME_WORD})(?![\w-])"
)
# "Keeley says", "Jamal told me": a reporting verb after a capitalised word shows a person.
_NAME_SAID = re.compile(
    rf"(?<![\w'’-])(?P<n1>{_NAME_WORD})(?:[ \t](?P<n2>{_NAME_WORD}))?[ \t]+"
    r"(?:said|says|told|asked|disclosed|explained|replied|shouted|cried|screamed|whispered|"
    r"admitted|denied|wants|wanted)\b"
)
# Kin titles and "The …" before a name label a person even when capitalised: "Uncle Sami".
_KIN = _words(
    "the uncle auntie aunt aunty grandad grandpa grandma gran granny nan nana nanny mum mummy "
    "dad daddy cousin"
)
# Given names that are also places a note names more often than a person.
_PLACE_NAMES = _words("Brent Chelsea India Kingston Leone Milton Preston Trinidad Warwick Ashton")
_INSTITUTION_AFTER = re.compile(
    r"(?:[ \t]+[A-Z][a-z]+)?[ \t]+(?:Hospital|Infirmary|Station|Road|Street|Park|Centre|Academy|"
    r"School|Primary|College|University|House|Court|Ward|Unit|Surgery|Practice|Hall|Library|"
    r"Square|Lane|Avenue|Close|Gardens|Place|Estate|Trust|Foundation|Children's|Medical)\b"
)
_ROYAL_BEFORE = re.compile(r"\b(?:Queen|King|Prince|Princess|St\.?|Saint|Lake|Port|Mount)[ \t]+$")
_AND_NAME = re.compile(rf"[ \t]+(?:and|&)[ \t]+({_NAME_WORD})(?![\w-])")
_POSSESSIVE = re.compile(
    rf"(?<![\w-])(?P<n1>{_NAME_WORD})['’]s[ \t]+(?i:{_RELATION}|school|teacher|nursery|GP|"
    r"social worker|bedroom|room|class|friends?|behaviour|needs|views|wishes|health|safety|"
    r"plan|sleep|weight|attendance|dad's|mum's)\b"
)
_CAP_TOKEN = re.compile(rf"(?<![\w'’-]){_NAME_WORD}(?![\w-]|['’]t\b)")
_SURNAME_AFTER = re.compile(rf"[ \t]({_NAME_WORD})(?![\w-])")


def _sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_GAP.search(text[max(0, start - 12) : start]))


def _is_name_word(word: str, *, in_context: bool = False) -> bool:
    """A capitalised word that may be a name; in a person's context ("Auntie Grace", "the IRO,
    Mark Dunn") names that are also words count too."""
    if word in _NOT_NAMES:
        return False
    return in_context or word.casefold() not in _WORD_NAMES


def _name_span(match: re.Match[str], *, in_context: bool = True) -> tuple[int, int] | None:
    """The span of n1 (and n2, if it too reads as a name); None when n1 is not a name."""
    if not _is_name_word(match.group("n1"), in_context=in_context):
        return None
    start, end = match.span("n1")
    if "n2" in match.re.groupindex and match.group("n2") and _is_name_word(match.group("n2")):
        end = match.end("n2")
    return start, end


# Parts of a listed name that say nothing on their own: "Mother of Child A", "Ali bin Omar".
_PARTICLES = _words(
    "the of and a an mum dad child mother father de la le van von der al el bin binti"
)


def _protected(text: str, protected_names: Sequence[str]) -> Iterator[Span]:
    entries = sorted({n.strip() for n in protected_names if n.strip()}, key=len, reverse=True)
    for entry in entries:
        if entry.casefold() not in _WORD_NAMES:
            # A whole entry matches in any case: someone listed it to have it always found.
            for match in re.finditer(rf"(?<!\w){re.escape(entry)}(?!\w)", text, re.IGNORECASE):
                yield match.start(), match.end(), "protected name"
        parts = [p for p in re.split(r"[\s]+", entry) if len(p) > 1]
        for part in parts if len(parts) > 1 or entry.casefold() in _WORD_NAMES else ():
            if part.casefold() in _PARTICLES:
                continue
            # A part alone matches as a name is written: Capitalised, or in capitals.
            pattern = rf"(?<![\w-])(?:{re.escape(part)}|{re.escape(part.upper())})(?![\w-])"
            for match in re.finditer(pattern, text):
                if part.casefold() in _WORD_NAMES and not _word_name_is_person(text, match):
                    continue
                yield match.start(), match.end(), "protected name"


def name_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Where one listed name appears in `text`, matched as the check matches protected names:
    the whole name in any case, and each part alone (possessives and brackets included)."""
    return sorted({(start, end) for start, end, _kind in _protected(text, [name])})


def _word_name_is_person(text: str, match: re.Match[str]) -> bool:
    """ "Amber", "Will", "Hope": a person unless the sentence or a RAG rating says otherwise."""
    if match.group(0).casefold() == "amber" and _AMBER_CONTEXT.search(
        text[max(0, match.start() - 40) : match.start()]
    ):
        return False
    if re.match(r"\s*(?:rating|RAG|/|-rated)", text[match.end() : match.end() + 8]):
        return False
    if _sentence_start(text, match.start()):
        return bool(_PERSON_NEXT.match(text, match.end()))
    return True


def _names(text: str) -> Iterator[Span]:
    found: list[Span] = []
    for match in _TITLE_NAME.finditer(text):
        span = _name_span(match)
        if span is not None:
            # The title goes with the name: "Dr [redacted]" still points at one GP.
            found.append((match.start(), span[1], "name"))
    for pattern in (_ROLE_NAME, _BRACKET_AFTER, _NAME_LABELLED, _FAMILY):
        for match in pattern.finditer(text):
            span = _name_span(match)
            if span is None:
                continue
            opener = match.group(0).split(maxsplit=1)[0].casefold()
            if pattern is _ROLE_NAME and match.group(0)[0].isupper() and opener not in _KIN:
                # "Child Benefit", "the Children Act": a capitalised role word starts a proper
                # noun as often as it labels a person, so the name must look like one.
                two_words = span[1] > match.end("n1")
                if not (two_words or match.group("n1") in FIRST_NAMES):
                    continue
            found.append((span[0], span[1], "name"))
    # "Grace, the manager said, …": after a comma a word-name is more often the word.
    for pattern in (_NAME_BEFORE, _POSSESSIVE, _SAID, _NAME_SAID):
        for match in pattern.finditer(text):
            span = _name_span(match, in_context=False)
            if span is None:
                continue
            if match.group("n1").endswith("s") and match.group("n1") not in FIRST_NAMES:
                continue  # "Workers said", "Parents' views": people, but nobody in particular
            single = span[1] == match.end("n1")
            if single and match.group("n1") not in FIRST_NAMES and _sentence_start(text, span[0]):
                # "Afterwards, the worker said": one capitalised word opening a sentence.
                continue
            found.append((span[0], span[1], "name"))
    for match in _CAP_TOKEN.finditer(text):
        word = match.group(0)
        if word not in FIRST_NAMES or word in _PLACE_NAMES or not _is_name_word(word):
            continue
        if _INSTITUTION_AFTER.match(text, match.end()) or _ROYAL_BEFORE.search(
            text[max(0, match.start() - 10) : match.start()]
        ):
            continue  # "Victoria Hospital", "the Queen Elizabeth", "St Helen's"
        end = match.end()
        for _ in range(2):
            surname = _SURNAME_AFTER.match(text, end)
            if surname is None or not _is_name_word(surname.group(1)):
                break
            end = surname.end()
        found.append((match.start(), end, "name"))
    yield from found
    # "Ava and Leo", "mum Jade and dad Jordan": the name after "and" goes with the first.
    for _start, end, _kind in found:
        more = _AND_NAME.match(text, end)
        if more is not None and _is_name_word(more.group(1)):
            yield more.start(1), more.end(1), "name"


# ------------------------------------------------------------------ the check


def _spans(text: str, protected_names: Sequence[str]) -> Iterator[Span]:
    yield from _protected(text, protected_names)
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), "email"
    for match in _NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if not digits.startswith("0") and _nhs_checksum_ok(digits):
            yield match.start(), match.end(), "NHS number"
    for match in _NI.finditer(text):
        yield match.start(), match.end(), "NI number"
    yield from _phones(text)
    for match in _DOB.finditer(text):
        yield match.start("date"), match.end("date"), "date of birth"
    for match in _CASE_KEYWORD.finditer(text):
        yield match.start("value"), match.end("value"), "case reference"
    for match in _COURT_NUMBER.finditer(text):
        yield match.start(), match.end(), "case reference"
    for match in _VEHICLE.finditer(text):
        letters = re.sub(r"[^A-Z]", "", match.group(0))
        if not any(stop in letters for stop in _NOT_PLATE_LETTERS):
            yield match.start(), match.end(), "vehicle registration"
    for match in _POSTCODE.finditer(text):
        value = match.group(0)
        alphas = [c for c in value if c.isalpha()]
        same_case = all(c.isupper() for c in alphas) or all(c.islower() for c in alphas)
        if same_case and not _ORDINAL.search(value):
            yield match.start(), match.end(), "postcode"
    for match in _ADDRESS.finditer(text):
        yield match.start(), match.end(), "street address"
    for match in _STREET_LIVED.finditer(text):
        yield match.start("street"), match.end("street"), "street address"
    for match in _ADDRESS_LOWER.finditer(text):
        if not set(match.group("words").split()) & _NOT_STREET_WORDS:
            yield match.start(), match.end(), "street address"
    yield from _names(text)


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one, so a redaction never leaves "14 [redacted]"."""
    merged: list[Span] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1], _RANK[s[2]])):
        if start == end:
            continue
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            best = last_kind if _RANK[last_kind] <= _RANK[kind] else kind
            merged[-1] = (last_start, max(last_end, end), best)
        else:
            merged.append((start, end, kind))
    return merged


def find_identifiers(text: str, protected_names: Sequence[str] = ()) -> list[Finding]:
    """Likely identifiers in `text`, in reading order; overlapping findings merged into one.

    `start` and `end` are code-point offsets into `text`; `line` counts from 1.
    """
    spans = _merge(list(_spans(text, protected_names)))
    return [
        Finding(index, kind, text[start:end], start, end, text.count("\n", 0, start) + 1)
        for index, (start, end, kind) in enumerate(spans)
    ]

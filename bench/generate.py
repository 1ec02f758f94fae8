"""Synthetic notebooks of a realistic shape, built deterministically from a seed.

Each note has a description of about 1–2 KB in a few paragraphs, asides most of the time, two
quotes, two principle links and two obstacle links on average; twenty teams, two years of
dates, the built-in frameworks and the built-in codebook (10 categories, 30 sub-obstacles).

The text is the same for the same seed and size; ids, nonces and timestamps of writing are not
(the store makes them). Notes are written through `SealedStore.import_notes` in batches, one
transaction each, so 100,000 notes take minutes, not hours.

    python bench/generate.py --notes 10000 [--seed 1] [--kdf default|floor] [--out PATH]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` and `bench` importable
    sys.path.insert(0, str(ROOT))

from fieldnotes.crypto.kdf import DEFAULT_KDF, FLOOR_KDF, KdfParams  # noqa: E402
from fieldnotes.domain.frameworks import (  # noqa: E402
    builtin_codebook_path,
    builtin_framework_paths,
    load_codebook,
    load_frameworks,
)
from fieldnotes.domain.model import NoteDraft, PrincipleLink, Quote  # noqa: E402
from fieldnotes.notebook import Notebook  # noqa: E402

PASSPHRASE = "bench-passphrase-not-a-secret"
GENERATOR_VERSION = 3
"""Part of the cache key: bump it whenever the generated content or the notebook format changes."""
BATCH = 2000
CACHE_DIR = ROOT / "bench" / ".cache"
SEARCH_WORD = "interpreter"
"""In one note in twenty (5 %): the word the search figures look for."""
KDFS: dict[str, KdfParams] = {"default": DEFAULT_KDF, "floor": FLOOR_KDF}
START = datetime(2024, 9, 2, 8, 0)
DAYS = 730

TEAMS = (
    "Eastmere Front Door (MASH)",
    "Northfield Assessment",
    "Riverside Child Protection",
    "Harbourside Safeguarding",
    "Westgate Family Support",
    "Children in Care North",
    "Children in Care South",
    "Pathways Leaving Care",
    "Disabled Children's Team",
    "IRO and QA Service",
    "Fostering Recruitment",
    "Kinship Care",
    "Adolescent Safety Team",
    "Edge of Care",
    "Early Help Hub",
    "Emergency Duty Team",
    "Court and Legal Planning",
    "Adoption Support",
    "Youth Justice",
    "Senior Leadership Team",
)

ROLES = (
    "social worker",
    "senior practitioner",
    "team manager",
    "newly qualified social worker",
    "agency social worker",
    "family support worker",
    "independent reviewing officer",
    "service manager",
    "business support officer",
    "personal adviser",
    "assistant team manager",
    "student social worker",
    "head of service",
    "duty manager",
    "MASH police officer",
    "health visitor",
    "school designated safeguarding lead",
)

SETTINGS = (
    "Home visit",
    "Group supervision",
    "One-to-one supervision",
    "Duty desk",
    "Strategy discussion",
    "Child protection conference",
    "Core group meeting",
    "Team meeting",
    "Child in care review",
    "Family network meeting",
    "Pathway plan review",
    "Allocation meeting",
    "Legal gateway meeting",
    "Audit moderation",
    "Performance board",
    "Multi-agency huddle",
    "Office observation",
    "School visit",
    "Contact centre",
    "Structured conversation",
)

ACTIVITIES = (
    "a home visit",
    "group supervision",
    "the duty rota",
    "a strategy discussion",
    "the core group",
    "an initial child protection conference",
    "a child in care review",
    "a pathway plan review",
    "the allocation meeting",
    "case recording",
    "an assessment sign-off",
    "a family network meeting",
    "a return home interview",
    "a legal planning meeting",
    "direct work with the child",
    "the weekly team meeting",
)

THINGS = (
    "the case recording system",
    "the assessment template",
    "the timescales dashboard",
    "the chronology",
    "the plan",
    "the referral form",
    "the visit record",
    "the supervision record",
    "the exception report",
    "the audit tool",
    "the threshold document",
    "the court bundle",
)

FEELINGS = (
    "stretched",
    "exposed",
    "trusted",
    "second-guessed",
    "unsupported",
    "listened to",
    "rushed",
    "confident",
    "judged",
    "relieved",
)

NUMBERS = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "eight",
    "ten",
    "twelve",
    "fifteen",
    "twenty",
)

SENTENCES = (
    "I joined {role_a} for {activity} with a family the team has known for {number} months.",
    "Before we went in, {role_a} talked me through what the family had been told and what "
    "they were worried about.",
    "The conversation started with what was going well, which set a different tone from the "
    "last visit described in the record.",
    "{role_a} explained that {thing} asks for the same information in {number} places, so "
    "most of the afternoon goes on copying rather than thinking.",
    "The team manager said the statutory timescales shape the week more than anything the "
    "family needs.",
    "In supervision the discussion moved quickly from the child's experience to whether the "
    "visit was in timescale.",
    "Nobody in the room mentioned the child by anything other than their case number until "
    "{role_b} asked what she liked doing at school.",
    "On duty the phones did not stop; {role_a} took {number} calls in the first hour and "
    "recorded none of them until after six.",
    "The strategy discussion was held by phone because the police officer was double-booked, "
    "and the health visitor could not join at all.",
    "{role_a} said she felt {feeling} when the assessment came back with comments about "
    "formatting rather than about the family.",
    "The group used the three questions of the practice framework and the conversation "
    "became noticeably more curious.",
    "When I asked what would help, {role_a} said fewer forms and more time to think with "
    "someone more experienced.",
    "The family had an {word} booked for the meeting but the booking system had cancelled it "
    "without telling anyone.",
    "The record described the mother as uncooperative; in the visit she asked good questions "
    "and was frustrated by changes of worker.",
    "The young person said he had had {number} social workers and did not see the point of "
    "telling his story again.",
    "{role_b} drew a genogram with the children, which they enjoyed, and the eldest added "
    "her grandmother without being asked.",
    "The chronology was {number} pages long and most entries were about missed appointments "
    "rather than what had changed.",
    "Case recording happens in the evenings for most of the team; two people said they log "
    "in at weekends to catch up.",
    "The dashboard on the wall shows visits out of timescale in red, and the team talks about "
    "the colour more than the children.",
    "{role_a} described a decision to step down to early help that she thought was right but "
    "felt unable to defend at panel.",
    "We talked about how the plan was written for the conference rather than for the family "
    "who have to live with it.",
    "The senior practitioner was holding {number} cases as well as supervising two newly "
    "qualified workers.",
    "The home was warm and tidy; the children showed us their rooms and the youngest fell "
    "asleep on the sofa during the conversation.",
    "{role_a} used scaling questions to ask the parents how worried they were, and their "
    "answers were close to the professionals' view.",
    "The legal planning meeting spent most of its time on whether the threshold document "
    "was in the right template.",
    "Agency staff turnover means the team has had {number} different workers on the same "
    "family in a year.",
    "The referral from school arrived as a scanned form, so {role_a} retyped it into "
    "{thing} before she could start.",
    "Supervision was cancelled twice this month because of court, and {role_a} said she "
    "has been making decisions alone.",
    "I noticed that the office was quiet until four and then everyone started writing up at once.",
    "The conference chair asked the family what they thought of the plan, and it was the "
    "first time anyone had.",
    "We needed an {word} for the grandmother, who speaks Polish at home, and the visit was "
    "rearranged for the third time.",
    "{role_b} asked whether the team could record a visit in the family's own words instead "
    "of the template's headings.",
    "The duty manager said that most of the contacts that come through the front door are "
    "about poverty and housing rather than harm.",
    "The exception report lists {number} children without a visit in timescale; three of "
    "them had been seen the previous day.",
    "The family network meeting found {number} relatives willing to help who were not in "
    "the record.",
    "Practitioners described feeling {feeling} by the tone of the audit feedback even when "
    "the grading was good.",
    "The team has no laptops that work reliably outside the office, so notes are taken on "
    "paper and typed up later.",
    "The strategy discussion threshold seems to have moved since the rapid review in the "
    "spring; nobody could say who had decided that.",
    "{role_a} said the best part of the job is the direct work and it is the part that gets "
    "squeezed first.",
    "When the system froze, {role_a} lost forty minutes of recording and started again "
    "from memory.",
)

ASIDES = (
    "I was struck by how much of the skill here is invisible in the record.",
    "My sense is that the team is carrying more risk than the organisation acknowledges.",
    "This matches what I heard in Northfield last month, almost word for word.",
    "I wonder whether the timescale is doing the work that a conversation should do.",
    "I need to check whether the template change was decided centrally or locally.",
    "This is a design problem, not a character flaw in any one worker.",
    "It was hard not to step in; I stayed in the observer role as agreed.",
    "There is a pattern here about who gets to decide what counts as good enough.",
    "The worker's skill with the children was remarkable and nobody had told her so.",
    "I should take this to the practice improvement group rather than to performance.",
    "Worth asking whether the {word} booking problem is the same across the service.",
    "The language in the record and the language in the room were from different worlds.",
)

QUOTES = (
    "Nobody ever got criticised for holding a strategy discussion.",
    "I spend more time with the system than with the children.",
    "Brave on my own isn't brave, it's exposed.",
    "If it's not on the system it didn't happen, so I write it all twice.",
    "I became a social worker to sit with families, not with forms.",
    "The dashboard is the first thing the head of service asks about.",
    "Supervision is where I get to think, when it happens.",
    "We keep asking families the same questions and wonder why they stop answering.",
    "I know this family better than the record does.",
    "When the {word} doesn't turn up, the visit is pointless.",
    "Timescales are the only thing anyone checks.",
    "I'd like to write it for her, so she can read it when she's older.",
    "We're all on our own after five o'clock.",
    "The plan is for the conference, not for us.",
    "I feel like I'm always catching up, never ahead.",
    "Good practice happens despite the system, not because of it.",
)

FOLLOW_UPS = (
    "- Ask the head of service who set the new threshold and whether it is written down.",
    "- Get the figures for visits in and out of timescale for the last year.",
    "- Check with business support how the {word} booking is made.",
    "- Share the note with the worker before I use it anywhere.",
    "- Raise the duplicate entry with the case recording system change board.",
    "- Follow up with the team manager in two weeks.",
    "- Look at three records with the team to compare them with the visit.",
    "- Take the theme to the practice improvement group.",
)

CONSENTS = (
    "I explained my role and that I was there to learn about the system, not to assess "
    "anyone; everyone agreed to my taking notes.",
    "The family agreed to my joining; I explained that I would write nothing that identifies them.",
    "The team agreed to the observation at their last meeting and know they can read the note.",
    "Role explained at the start; the worker chose what I could sit in on.",
)


INTERPRETER_SENTENCE = (
    "The {word} had not been booked, so {role_a} rearranged the visit for next week."
)


def _poisson(rng: random.Random, mean: float, cap: int) -> int:
    """A small Poisson draw (Knuth), capped: counts of quotes and links per note."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit or k >= cap:
            return k
        k += 1


def _fill(rng: random.Random, template: str, word: str) -> str:
    text = template.format(
        role_a=f"the {rng.choice(ROLES)}",
        role_b=f"the {rng.choice(ROLES)}",
        activity=rng.choice(ACTIVITIES),
        thing=rng.choice(THINGS),
        number=rng.choice(NUMBERS),
        feeling=rng.choice(FEELINGS),
        word=word,
    )
    return text[:1].upper() + text[1:]


def _description(rng: random.Random, target: int, word: str) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < target:
        sentences = [_fill(rng, rng.choice(SENTENCES), word) for _ in range(rng.randint(2, 5))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def make_drafts(
    rng: random.Random,
    count: int,
    principle_ids: Sequence[str],
    obstacle_ids: Sequence[str],
) -> Iterator[NoteDraft]:
    """`count` realistic drafts. Obstacles lean to sub-obstacles, as a coder's would."""
    for _ in range(count):
        # About one note in twenty mentions the search word; the rest use a neutral one.
        word = SEARCH_WORD if rng.random() < 0.05 else "appointment"
        jotting = rng.random() < 0.08
        day = START + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(10 * 60))
        participants = sorted({rng.choice(ROLES) for _ in range(rng.randint(1, 4))})
        quotes = [
            Quote(_fill(rng, rng.choice(QUOTES), word), rng.choice(ROLES))
            for _ in range(_poisson(rng, 2.0, 6))
        ]
        principles = {
            rng.choice(principle_ids): "at-risk" if rng.random() < 0.45 else "honoured"
            for _ in range(_poisson(rng, 2.0, 6))
        }
        obstacles = {rng.choice(obstacle_ids) for _ in range(_poisson(rng, 2.0, 6))}
        asides = ""
        if rng.random() < 0.75:
            asides = " ".join(
                _fill(rng, rng.choice(ASIDES), word) for _ in range(rng.randint(1, 4))
            )
        follow_up = ""
        if rng.random() < 0.6:
            follow_up = "\n".join(
                _fill(rng, line, word) for line in rng.sample(FOLLOW_UPS, rng.randint(1, 3))
            )
        description = _description(
            rng, rng.randint(200, 500) if jotting else rng.randint(1000, 2000), word
        )
        if word == SEARCH_WORD:
            description += " " + _fill(rng, INTERPRETER_SENTENCE, word)
        yield NoteDraft(
            mode=rng.choice(("observe", "observe", "co-work", "question")),
            stage="jotting" if jotting else "write-up",
            occurred_at=day.replace(second=0, microsecond=0),
            team=rng.choice(TEAMS),
            setting=rng.choice(SETTINGS),
            participants=participants,
            description=description,
            asides="" if jotting else asides,
            quotes=quotes,
            consent=rng.choice(CONSENTS),
            follow_up="" if jotting else follow_up,
            principles=[PrincipleLink(pid, stance) for pid, stance in principles.items()],  # type: ignore[arg-type]
            obstacle_ids=sorted(obstacles),
        )


def generate(
    path: Path,
    n_notes: int,
    *,
    seed: int = 1,
    kdf: KdfParams = DEFAULT_KDF,
    passphrase: str = PASSPHRASE,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Build a notebook of `n_notes` at `path` (which must not exist) and close it."""
    path = Path(path)
    rng = random.Random(seed)
    notebook = Notebook.create(
        path,
        passphrase,
        kdf=kdf,
        frameworks=load_frameworks(builtin_framework_paths()),
        codebook=load_codebook(builtin_codebook_path()),
    )
    try:
        principle_ids = sorted(notebook.principles())
        obstacles = notebook.obstacles()
        # Sub-obstacles three times as likely as categories: coders tag the specific thing.
        weighted = [o.id for o in obstacles for _ in range(3 if o.parent_id else 1)]
        drafts = make_drafts(rng, n_notes, principle_ids, weighted)
        done = 0
        while done < n_notes:
            chunk = [next(drafts) for _ in range(min(batch, n_notes - done))]
            notebook._store.import_notes(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, n_notes)
        # As `fieldnotes import` leaves it: every note taken into the sealed search index.
        notebook.catch_up_search_index()
    finally:
        notebook.close()
    Path(f"{path}.lock").unlink(missing_ok=True)
    return path


def cache_path(n_notes: int, seed: int, kdf_name: str) -> Path:
    return CACHE_DIR / f"notes{n_notes}-seed{seed}-{kdf_name}-v{GENERATOR_VERSION}.fieldnotes"


def cached_notebook(
    n_notes: int,
    *,
    seed: int = 1,
    kdf_name: str = "default",
    log: Callable[[str], None] | None = None,
    cache_dir: Path | None = None,
) -> Path:
    """The generated notebook for this size, seed and KDF, built once and then reused."""
    path = cache_path(n_notes, seed, kdf_name)
    if cache_dir is not None:
        path = Path(cache_dir) / path.name
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Hundreds of megabytes that must never be committed, whatever the top-level .gitignore says.
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    partial = path.with_name(f"{path.name}.partial-{os.getpid()}")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if log is not None and (done == total or done % (BATCH * 10) == 0):
            log(f"  generated {done:,}/{total:,} notes ({time.perf_counter() - started:.0f} s)")

    generate(partial, n_notes, seed=seed, kdf=KDFS[kdf_name], progress=progress)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    if log is not None:
        log(f"  {path.name}: {time.perf_counter() - started:.1f} s to generate")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kdf", choices=sorted(KDFS), default="default")
    parser.add_argument("--out", type=Path, help="write here instead of the cache")
    args = parser.parse_args(argv)
    if args.out is not None:
        started = time.perf_counter()
        generate(args.out, args.notes, seed=args.seed, kdf=KDFS[args.kdf])
        print(f"{args.out}: {time.perf_counter() - started:.1f} s")
    else:
        print(cached_notebook(args.notes, seed=args.seed, kdf_name=args.kdf, log=print))
    return 0


if __name__ == "__main__":
    sys.exit(main())

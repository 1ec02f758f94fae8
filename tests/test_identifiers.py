"""The identifier check, kind by kind: what it must catch and what it must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.brief import Resolution, apply_resolutions
from fieldnotes.domain.brief import find_identifiers as from_brief
from fieldnotes.domain.identifiers import Finding, _nhs_checksum_ok, find_identifiers
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook


def flagged(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers(text, names)]


def test_the_brief_module_still_offers_the_check() -> None:
    assert from_brief is find_identifiers


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # Dates of birth, in every common shape, after a cue.
        ("DOB 2011-03-02 noted", "date of birth", "2011-03-02"),
        ("d.o.b. 02/03/2011", "date of birth", "02/03/2011"),
        ("D.O.B: 2.3.11", "date of birth", "2.3.11"),
        ("born 2nd of January 2010", "date of birth", "2nd of January 2010"),
        ("b. November 27, 2023", "date of birth", "November 27, 2023"),
        ("born February 2022", "date of birth", "February 2022"),
        ("DOB 13 Feb 25", "date of birth", "13 Feb 25"),
        ("aged 7 (born 3 March 2019)", "date of birth", "3 March 2019"),
        ("date of birth on the form is 30/01/2013", "date of birth", "30/01/2013"),
        ("| DOB | 08/06/2019 |", "date of birth", "08/06/2019"),
        # NHS numbers pass the mod-11 check digit, spaced or not.
        ("NHS 943 476 5919 on file", "NHS number", "943 476 5919"),
        ("NHS 9434765919 on file", "NHS number", "9434765919"),
        # National Insurance numbers, spaced or not.
        ("NI EL 60 17 46 C held", "NI number", "EL 60 17 46 C"),
        ("NI AB123456C held", "NI number", "AB123456C"),
        # Phones by phonenumbers, region GB: mobiles, bracketed area codes, +44, drama range.
        ("mum on 07723 418905", "phone number", "07723 418905"),
        ("ring (0118) 945 2210", "phone number", "(0118) 945 2210"),
        ("ring 0161 832 4471", "phone number", "0161 832 4471"),
        ("ring +44 7384 225901", "phone number", "+44 7384 225901"),
        ("ring 07700 900123", "phone number", "07700 900123"),
        ("ring 0115 496 0123", "phone number", "0115 496 0123"),
        ("ring 01632 960123", "phone number", "01632 960123"),
        ("emailed mum.x@example.org", "email", "mum.x@example.org"),
        # Postcodes in any case, with or without the space.
        ("lives near RG30 1TY", "postcode", "RG30 1TY"),
        ("lives near rg30 1ty", "postcode", "rg30 1ty"),
        ("lives near rg301ty", "postcode", "rg301ty"),
        ("lives near m8 4al", "postcode", "m8 4al"),
        # Street addresses, with the suffixes blocks and closes use, and in lower case.
        ("at 14 Wexford Lane", "street address", "14 Wexford Lane"),
        ("at 5 Unity House", "street address", "5 Unity House"),
        ("at 81 Wood End", "street address", "81 Wood End"),
        ("at Flat 3, Carter Court", "street address", "Flat 3, Carter Court"),
        ("at 14 wexford lane", "street address", "14 wexford lane"),
        # Vehicle registrations: current, prefix and suffix shapes.
        ("car WX71 VPM outside", "vehicle registration", "WX71 VPM"),
        ("car P123 ABC outside", "vehicle registration", "P123 ABC"),
        ("car ABC 123D outside", "vehicle registration", "ABC 123D"),
        # Case and court references.
        ("LCS ID 6436016", "case reference", "6436016"),
        ("Mosaic ID 1234567", "case reference", "1234567"),
        ("case ref 55123", "case reference", "55123"),
        ("court ref BM25C00327", "case reference", "BM25C00327"),
        ("listed as ZW24P00123", "case reference", "ZW24P00123"),
    ],
)
def test_each_kind_is_found(text: str, kind: str, value: str) -> None:
    assert flagged(text) == [(kind, value)]


@pytest.mark.parametrize(
    "text",
    [
        "CAMHS declined the referral on 13/11/26.",
        "The review was held at 10am on 12 May 2026 and lasted 90 minutes.",
        "87% within 10 working days; 64% in 2024; a caseload of 22.",
        "Principles: sos.worried, kss-pl.5:at-risk, pcf.3.",
        "S47 was started at 14:20. A s20 placement. Y6 and Y7.",
        "The NHS number 677 463 7064 fails its check digit.",
        "Purchase order 4500123456 was raised.",
        "See page 0121 of the manual.",
        "RAG-rated amber. The manager will ring. Hope is not a plan. Grace periods.",
        "Riverside Locality Team, Eastmere Front Door (MASH), Pathways Leaving Care Team.",
        "Signs of Safety: What are we worried about? What's working well?",
        "She was born prematurely and was born in 2011; she is 14, in Year 9.",
        "A 2 bed house, a 10 minute walk, 3 different houses.",
        "Afterwards, the personal adviser said she would ring.",
        "KS2 3rd place; S47 1pm; y6 2nd.",
        "Childline on 0800 1111, the NSPCC on 0808 800 5000, the council on 0300 123 4567.",
        "Table (2) shows it. Stage (3) follows. Grace, the manager said, matters.",
        "Universal Credit, Child Benefit, the Children Act 1989, Victoria Hospital, Preston.",
    ],
)
def test_practice_words_are_left_alone(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Team manager Dev Lowe joined", "Dev Lowe"),
        ("the social worker, Tom Shah, rang", "Tom Shah"),
        ("headteacher Mrs Kaur said", "Mrs Kaur"),
        ("a call from Dr Nwosu", "Dr Nwosu"),
        ("ask Ms Okafor", "Ms Okafor"),
        ("Mum (Monika) agreed", "Monika"),
        ("Auntie Grace will have them", "Grace"),
        ("the Hussain family moved", "Hussain"),
        ("Lily-Mae Robinson, DOB unknown", "Lily-Mae Robinson"),
        ("said Evie, aged 7", "Evie"),
        ("Kian, 9, said no", "Kian"),
        ("Uncle Sami came", "Sami"),
        ("Mother: Lauren Hale attended", "Lauren Hale"),
        ("Piotr came home", "Piotr"),
    ],
)
def test_people_are_found_by_title_role_bracket_and_given_name(text: str, value: str) -> None:
    assert ("name", value) in flagged(text)


def test_a_protected_name_matches_each_part_and_possessives() -> None:
    found = flagged("Amelia's dad rang. SANDHU on the letter. Sandhu family.", ("Amelia Sandhu",))
    assert [text for _, text in found] == ["Amelia", "SANDHU", "Sandhu"]
    assert {kind for kind, _ in found} == {"protected name"}


def test_a_protected_name_that_is_also_a_word_matches_only_as_a_name() -> None:
    names = ("Amber Hughes", "Will Tan", "Hope Mensah")
    text = (
        "RAG-rated amber. Amber rating. The manager will ring. Will the school know? "
        "Hope is not a plan. We hope so. Amber was at school. Will said no. Hope's mum rang."
    )
    assert [t for _, t in flagged(text, names)] == ["Amber", "Will", "Hope"]


def test_overlapping_findings_merge_and_redact_without_leaving_a_house_number() -> None:
    text = "Call Amelia at 14 Amelia Street today."
    findings = find_identifiers(text, ["Amelia"])
    assert [(f.kind, f.text) for f in findings] == [
        ("protected name", "Amelia"),
        ("street address", "14 Amelia Street"),
    ]
    resolved, log = apply_resolutions(
        text, findings, {f.id: Resolution("redact") for f in findings}
    )
    assert resolved == "Call [redacted] at [redacted] today."
    assert log == ["line 1: protected name — redacted", "line 1: street address — redacted"]


def test_apply_resolutions_refuses_findings_that_overlap() -> None:
    text = "Call 14 Wexford Lane."
    overlapping = [
        Finding(0, "street address", "14 Wexford Lane", 5, 20, 1),
        Finding(1, "name", "Wexford", 8, 15, 1),
    ]
    with pytest.raises(InvalidInput, match="overlap"):
        apply_resolutions(text, overlapping, {0: Resolution("redact"), 1: Resolution("redact")})


def test_the_nhs_check_digit() -> None:
    assert _nhs_checksum_ok("9434765919")
    assert not _nhs_checksum_ok("9434765918")


PIECES = st.sampled_from(
    [
        "Amelia",
        "'s dad ",
        "14 Wexford Lane",
        " RG30 1TY",
        "rg301ty",
        " DOB 02/03/2011",
        " 943 476 5919",
        " 07723 418905",
        " EL 60 17 46 C",
        " WX71 VPM",
        " LCS ID 6436016",
        " Dr Nwosu",
        " Mum (Monika)",
        " x@y.org",
        " S47 was",
        " amber",
        ", ",
        "\n",
        " ",
        "(",
        ")",
        "é",
        "14 ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES | st.text(max_size=8), max_size=14), st.lists(st.text(max_size=10)))
def test_findings_lie_within_the_text_sorted_and_apart(pieces: list[str], names: list[str]) -> None:
    text = "".join(pieces)
    findings = find_identifiers(text, names)
    previous_end = 0
    for index, finding in enumerate(findings):
        assert finding.id == index
        assert 0 <= previous_end <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.line == text.count("\n", 0, finding.start) + 1
        previous_end = finding.end


def test_the_demo_brief_flags_only_the_address_in_a_quote(demo_notebook: Notebook) -> None:
    """The default brief of the demo holds one identifier, quoted three times; nothing else."""
    from fieldnotes.domain.brief import BriefRequest, default_obstacle_ids

    synthesis = demo_notebook.synthesis()
    request = BriefRequest(default_obstacle_ids(synthesis), "Director of Children's Services", "")
    body = demo_notebook.compose_brief(request, synthesis)
    found = flagged(body, tuple(demo_notebook.protected_names()))
    assert found == [("street address", "14 Wexford Lane")] * 3

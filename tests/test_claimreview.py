"""ClaimReview JSON-LD: checked against the schema.org vocabulary and real-world mistakes.

The vocabulary table below is written from schema.org (types, their parents, and for each
property the types it applies to and the values it accepts). Guard tests cover mistakes
seen in published fact-check markup: ``type`` instead of ``@type``, a lower-case ``rating``
type, ratings as strings or off the scale (-1), and placeholder dates such as 0001-01-01.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from factcheck.model import Article, Claim, Fact, Verdict
from factcheck.report import ReportOptions, build_claimreview, render_report

NOW = "2026-03-05T09:30:00Z"

# --- a slice of the schema.org vocabulary ------------------------------------------------------

#: type -> parent type
TYPES: dict[str, str | None] = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Review": "CreativeWork",
    "ClaimReview": "Review",
    "Claim": "CreativeWork",
    "Intangible": "Thing",
    "Rating": "Intangible",
    "AggregateRating": "Rating",
    "Organization": "Thing",
    "Person": "Thing",
}

DATA_TYPES = {"Text", "Number", "URL", "Date", "DateTime"}

#: property -> (types it applies to, the types or data types its values may have)
PROPERTIES: dict[str, tuple[set[str], set[str]]] = {
    "claimReviewed": ({"ClaimReview"}, {"Text"}),
    "reviewRating": ({"Review"}, {"Rating"}),
    "itemReviewed": ({"Review", "AggregateRating"}, {"Thing"}),
    "author": ({"CreativeWork", "Rating"}, {"Organization", "Person"}),
    "datePublished": ({"CreativeWork"}, {"Date", "DateTime"}),
    "dateModified": ({"CreativeWork"}, {"Date", "DateTime"}),
    "url": ({"Thing"}, {"URL"}),
    "name": ({"Thing"}, {"Text"}),
    "alternateName": ({"Thing"}, {"Text"}),
    "headline": ({"CreativeWork"}, {"Text"}),
    "appearance": ({"Claim"}, {"CreativeWork"}),
    "firstAppearance": ({"Claim"}, {"CreativeWork"}),
    "ratingValue": ({"Rating"}, {"Number", "Text"}),
    "bestRating": ({"Rating"}, {"Number", "Text"}),
    "worstRating": ({"Rating"}, {"Number", "Text"}),
    "ratingExplanation": ({"Rating"}, {"Text"}),
}

#: Values schema.org would accept as Text but that we never want (real-world mistakes).
RATING_PROPERTIES = ("ratingValue", "bestRating", "worstRating")
PLACEHOLDER_DATES = {"0001-01-01", "1970-01-01", "1900-01-01"}


def is_a(kind: str, wanted: str) -> bool:
    current: str | None = kind
    while current is not None:
        if current == wanted:
            return True
        current = TYPES[current]
    return False


def check_value(value: Any, ranges: set[str], path: str) -> list[str]:
    if isinstance(value, dict):
        kind = value.get("@type")
        if not any(
            r not in DATA_TYPES and isinstance(kind, str) and kind in TYPES and is_a(kind, r)
            for r in ranges
        ):
            return [f"{path}: a {kind!r} node where {sorted(ranges)} is expected"]
        return check_node(value, path)
    if isinstance(value, bool):
        return [f"{path}: a boolean"]
    if isinstance(value, (int, float)):
        return (
            [] if "Number" in ranges else [f"{path}: a number where {sorted(ranges)} is expected"]
        )
    if isinstance(value, str):
        if "URL" in ranges and re.match(r"https?://[^\s/?#]+\S*\Z", value):
            return []
        if "Date" in ranges or "DateTime" in ranges:
            return check_date(value, path)
        if "Text" in ranges and value.strip():
            return []
        return [f"{path}: {value!r} is not one of {sorted(ranges)}"]
    return [f"{path}: unexpected value {value!r}"]


def check_date(value: str, path: str) -> list[str]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?", value)
    if not m:
        return [f"{path}: {value!r} is not an ISO 8601 date"]
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return [f"{path}: {value!r} is not a calendar date"]
    if day.isoformat() in PLACEHOLDER_DATES or day.year < 1900:
        return [f"{path}: {value!r} is a placeholder date"]
    return []


def check_node(node: dict[str, Any], path: str = "$") -> list[str]:
    """Every key is @context, @type or a property of the node's type with a value in range."""
    errors: list[str] = []
    if "type" in node:
        errors.append(f"{path}: 'type' instead of '@type'")
    kind = node.get("@type")
    if kind not in TYPES:
        return [*errors, f"{path}: unknown @type {kind!r}"]
    for key, value in node.items():
        if key == "@type":
            continue
        if key == "@context":
            if path != "$" or value != "https://schema.org":
                errors.append(f"{path}: @context {value!r}")
            continue
        if key not in PROPERTIES:
            errors.append(f"{path}: {key!r} is not a property we know")
            continue
        domains, ranges = PROPERTIES[key]
        if not any(is_a(kind, d) for d in domains):
            errors.append(f"{path}: {key!r} does not apply to {kind}")
            continue
        if key in RATING_PROPERTIES and not (
            isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
        ):
            errors.append(f"{path}.{key}: rating {value!r} is not a number from 1 to 5")
            continue
        for i, sub in enumerate(value if isinstance(value, list) else [value]):
            errors += check_value(sub, ranges, f"{path}.{key}[{i}]")
    return errors


def check_review(review: dict[str, Any]) -> list[str]:
    errors = check_node(review)
    if review.get("@type") != "ClaimReview":
        errors.append("$: not a ClaimReview")
    for required in ("@context", "claimReviewed", "reviewRating", "itemReviewed"):
        if required not in review:
            errors.append(f"$: missing {required}")
    rating = review.get("reviewRating", {})
    if not rating.get("alternateName"):
        errors.append("$.reviewRating: no alternateName")
    if "ratingValue" in rating and not (
        rating.get("worstRating", 0) <= rating["ratingValue"] <= rating.get("bestRating", 0)
    ):
        errors.append("$.reviewRating: ratingValue outside worstRating..bestRating")
    return errors


# --- the checker itself catches the real-world mistakes ----------------------------------------


def good_review() -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "The river is 300 km long.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A Speaker"},
            "datePublished": "2026-01-02",
        },
        "author": {"@type": "Organization", "name": "Checkers"},
        "datePublished": "2026-01-03",
        "url": "https://checkers.example/river",
    }


def test_checker_accepts_a_good_review() -> None:
    assert check_review(good_review()) == []


@pytest.mark.parametrize(
    "mistake",
    [
        "type-instead-of-@type",
        "lower-case-rating-type",
        "rating-as-string",
        "rating-off-scale",
        "placeholder-date",
        "placeholder-datetime",
        "unknown-property",
        "property-on-wrong-type",
        "author-as-string",
        "http-context-on-nested-node",
    ],
)
def test_checker_rejects_real_world_mistakes(mistake: str) -> None:
    review = good_review()
    if mistake == "type-instead-of-@type":
        review["itemReviewed"]["author"] = {"type": "Organization", "name": "Many"}
    elif mistake == "lower-case-rating-type":
        review["reviewRating"]["@type"] = "rating"
    elif mistake == "rating-as-string":
        review["reviewRating"].update(ratingValue="1", bestRating="1", worstRating="0")
    elif mistake == "rating-off-scale":
        review["reviewRating"].update(ratingValue=-1, bestRating=-1, worstRating=-1)
    elif mistake == "placeholder-date":
        review["itemReviewed"]["dateModified"] = "0001-01-01"
    elif mistake == "placeholder-datetime":
        review["datePublished"] = "1970-01-01T00:00:00Z"
    elif mistake == "unknown-property":
        review["verdict"] = "False"
    elif mistake == "property-on-wrong-type":
        review["reviewRating"]["claimReviewed"] = "x"
    elif mistake == "author-as-string":
        review["author"] = "Checkers"
    else:
        review["itemReviewed"]["@context"] = "http://schema.org"
    assert check_review(review) != []


# --- what we produce ---------------------------------------------------------------------------


def options(**kw: Any) -> ReportOptions:
    base: dict[str, Any] = {
        "organisation_name": "Example Checks",
        "organisation_url": "https://checks.example",
        "claimreview_url_pattern": "https://checks.example/{article_id}#claim-{number}",
        "generated_at": NOW,
    }
    base.update(kw)
    return ReportOptions(**base)


def article(**kw: Any) -> Article:
    base: dict[str, Any] = {
        "id": "art123",
        "text": "…",
        "title": "Budget speech",
        "url": "https://news.example/budget",
        "published": "2026-02-20T18:00:00+01:00",
    }
    base.update(kw)
    return Article(**base)


def claim(number: int, verdict: Verdict, speaker: str | None = None, **kw: Any) -> Claim:
    text = kw.pop("text", f"Claim {number}: spending rose by {number}0%.")
    facts = [Fact(kind="speaker", text=speaker)] if speaker else []
    return Claim(
        id=kw.pop("id", f"c{number}"),
        article_id="art123",
        number=number,
        text=text,
        start=0,
        end=len(text),
        facts=facts,
        verdict=verdict,
        updated_by="ana",
        updated_at=kw.pop("updated_at", "2026-03-01T10:00:00Z"),
        **kw,
    )


def every_verdict() -> list[Claim]:
    return [claim(n, v, "Finance Minister Joe Bloggs") for n, v in enumerate(Verdict, 1)]


def reviews_of(claims: list[Claim], **kw: Any) -> tuple[list[dict[str, Any]], list[str]]:
    text, warnings = render_report(kw.pop("art", article()), claims, "claimreview", options(**kw))
    data = json.loads(text)
    assert isinstance(data, list)
    return data, warnings


def walk(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += walk(value)
    elif isinstance(node, list):
        for value in node:
            found += walk(value)
    return found


def test_every_review_fits_the_vocabulary() -> None:
    reviews, warnings = reviews_of(every_verdict())
    assert len(reviews) == 5  # true, mostly-true, misleading, false, unverifiable
    for review in reviews:
        assert check_review(review) == [], review
    assert (
        "2 claims have no final verdict and are not in the ClaimReview output (claims 1, 2)."
        in (warnings)
    )


def test_review_content() -> None:
    reviews, warnings = reviews_of(every_verdict())
    first = reviews[0]
    assert first == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Claim 3: spending rose by 30%.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "True",
            "ratingValue": 5,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://news.example/budget",
                    "headline": "Budget speech",
                }
            ],
            "author": {"@type": "Person", "name": "Finance Minister Joe Bloggs"},
            "datePublished": "2026-02-20",
        },
        "author": {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://checks.example",
        },
        "datePublished": "2026-03-01",
        "url": "https://checks.example/art123#claim-3",
    }
    ratings = {
        r["reviewRating"]["alternateName"]: r["reviewRating"].get("ratingValue") for r in reviews
    }
    assert ratings == {
        "True": 5,
        "Mostly true": 4,
        "Misleading": 2,
        "False": 1,
        "Unverifiable": None,
    }
    assert not any("organisation" in w or "url omitted" in w for w in warnings)


def test_guard_no_plain_type_anywhere_and_types_capitalised() -> None:
    reviews, _ = reviews_of(every_verdict())
    for node in walk(reviews):
        assert "type" not in node
        assert node["@type"] in TYPES and node["@type"][0].isupper()


def test_guard_ratings_are_numbers_on_one_scale() -> None:
    reviews, _ = reviews_of(every_verdict())
    for review in reviews:
        rating = review["reviewRating"]
        assert isinstance(rating["alternateName"], str) and rating["alternateName"]
        for key in RATING_PROPERTIES:
            if key in rating:
                assert type(rating[key]) is int
        if "ratingValue" in rating:
            assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
            assert 1 <= rating["ratingValue"] <= 5
    unverifiable = next(r for r in reviews if r["reviewRating"]["alternateName"] == "Unverifiable")
    assert set(unverifiable["reviewRating"]) == {"@type", "alternateName"}
    # And the raw text never quotes a rating: "ratingValue": "4" would be a string.
    text, _ = render_report(article(), every_verdict(), "claimreview", options())
    assert not re.search(r'"(ratingValue|bestRating|worstRating)":\s*"', text)


@pytest.mark.parametrize(
    "published",
    ["0001-01-01T00:00:00Z", "0001-01-01 00:00:00Z", "1970-01-01", "1900-01-01", "", None, "n/a"],
)
def test_guard_no_placeholder_dates(published: str | None) -> None:
    claims = [
        claim(1, Verdict.FALSE, "A", updated_at="0001-01-01T00:00:00Z"),
        claim(2, Verdict.TRUE, "B", updated_at="1970-01-01T00:00:00Z"),
        claim(3, Verdict.TRUE, "C", updated_at=""),
    ]
    reviews, warnings = reviews_of(claims, art=article(published=published))
    text = json.dumps(reviews)
    for placeholder in ("0001-", "1970-01-01", "1900-01-01"):
        assert placeholder not in text
    for review in reviews:
        assert check_review(review) == []
        assert "datePublished" not in review["itemReviewed"]
        assert review["datePublished"] == "2026-03-05"  # the report date, not a fake one
    assert any(
        "no real publication date; itemReviewed.datePublished omitted" in w for w in warnings
    )
    assert any("no verdict date recorded for claims 1, 2, 3" in w for w in warnings)


def test_only_final_verdicts_and_never_removed_or_deleted_claims() -> None:
    claims = [
        claim(1, Verdict.TRUE, status="removed"),
        claim(2, Verdict.FALSE, deleted=True),
        claim(3, Verdict.MISLEADING, status="changed"),
        claim(4, Verdict.UNCHECKED),
        claim(5, Verdict.IN_PROGRESS),
    ]
    reviews, warnings = reviews_of(claims)
    assert [r["url"] for r in reviews] == ["https://checks.example/art123#claim-3"]
    assert (
        "2 claims have no final verdict and are not in the ClaimReview output (claims 4, 5)."
        in (warnings)
    )
    assert any("no longer in the article is left out" in w and "claim 1" in w for w in warnings)


def test_no_organisation_no_pattern_no_article_url() -> None:
    reviews, warnings = reviews_of(
        [claim(1, Verdict.FALSE, "Jo")],
        art=article(url=None),
        organisation_name=None,
        organisation_url=None,
        claimreview_url_pattern=None,
    )
    (review,) = reviews
    assert check_review(review) == []
    assert "author" not in review and "url" not in review
    assert "appearance" not in review["itemReviewed"]
    assert (
        "ClaimReview: no organisation configured (set organisation.name in config.toml);"
        " author omitted." in warnings
    )
    assert any("set claimreview.url_pattern in config.toml); url omitted" in w for w in warnings)
    assert any("no http(s) URL; itemReviewed.appearance omitted" in w for w in warnings)


def test_unsafe_urls_are_left_out() -> None:
    reviews, warnings = reviews_of(
        [claim(1, Verdict.FALSE, "Jo")],
        art=article(url="javascript:alert(1)"),
        organisation_url="ftp://checks.example",
        claimreview_url_pattern="javascript:go({number})",
    )
    (review,) = reviews
    assert "javascript" not in json.dumps(review) and "ftp:" not in json.dumps(review)
    assert review["author"] == {"@type": "Organization", "name": "Example Checks"}
    assert any("organisation.url is not an http(s) URL" in w for w in warnings)
    assert any("does not make an http(s) URL" in w for w in warnings)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("https://x.example/{slug}", "it uses {slug}"),
        ("https://x.example/{number.__class__}", "it uses {number.__class__}"),
        ("https://x.example/{number", "braces do not match"),
    ],
)
def test_bad_url_pattern_is_explained(pattern: str, problem: str) -> None:
    reviews, warnings = reviews_of(
        [claim(1, Verdict.FALSE), claim(2, Verdict.TRUE)], claimreview_url_pattern=pattern
    )
    assert all("url" not in r for r in reviews)
    assert any(problem in w and "claimreview.url_pattern" in w for w in warnings), warnings


def test_url_pattern_placeholders_and_duplicates() -> None:
    claims = [claim(1, Verdict.FALSE), claim(2, Verdict.TRUE)]
    reviews, _ = reviews_of(
        claims, claimreview_url_pattern="https://x.example/{article_id}/{claim_id}"
    )
    assert [r["url"] for r in reviews] == [
        "https://x.example/art123/c1",
        "https://x.example/art123/c2",
    ]
    reviews, warnings = reviews_of(claims, claimreview_url_pattern="https://x.example/{article_id}")
    assert any("several reviews share one url" in w for w in warnings)
    odd = [claim(1, Verdict.FALSE, id="a/../b?c#d e")]
    reviews, _ = reviews_of(odd, claimreview_url_pattern="https://x.example/{claim_id}")
    assert reviews[0]["url"] == "https://x.example/a%2F..%2Fb%3Fc%23d%20e"


def test_claimant_person_or_organisation_and_unknown() -> None:
    claims = [
        claim(1, Verdict.FALSE, "Senator Jane Roe"),
        claim(2, Verdict.FALSE, "the Ministry of Health"),
        claim(3, Verdict.FALSE, "WHO"),
        claim(4, Verdict.FALSE),
    ]
    reviews, warnings = reviews_of(claims)
    authors = [r["itemReviewed"].get("author") for r in reviews]
    assert authors == [
        {"@type": "Person", "name": "Senator Jane Roe"},
        {"@type": "Organization", "name": "the Ministry of Health"},
        {"@type": "Organization", "name": "WHO"},
        None,
    ]
    assert any("no claimant known for claim 4; itemReviewed.author omitted" in w for w in warnings)


def test_team_labels_name_the_rating() -> None:
    labels = {"false": "Pants on fire", "true": "Correct"}
    reviews, _ = reviews_of(
        [claim(1, Verdict.FALSE), claim(2, Verdict.TRUE)], verdict_labels=labels
    )
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Pants on fire", "Correct"]
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [1, 5]


def test_output_is_safe_to_embed_in_a_script_block() -> None:
    hostile = "</script><script>alert(1)</script> & more"
    reviews_text, _ = render_report(
        article(title=hostile),
        [claim(1, Verdict.FALSE, hostile, text=hostile)],
        "claimreview",
        options(),
    )
    assert "</script" not in reviews_text.lower() and "<" not in reviews_text
    (review,) = json.loads(reviews_text)
    assert review["claimReviewed"] == hostile  # the data itself is unchanged
    assert check_review(review) == []


def test_no_claims_gives_an_empty_list() -> None:
    reviews, warnings = build_claimreview(article(), [], options())
    assert reviews == []
    assert "ClaimReview: no claim has a final verdict, so the list is empty." in warnings

"""schema.org ClaimReview JSON-LD for the claims that have a final verdict.

The output avoids the mistakes found in real published markup: every node has ``@type``
(never ``type``), ratings are numbers on a fixed 1–5 scale (never strings, never -1),
and dates are real ``YYYY-MM-DD`` dates (never 0001-01-01 or 1970-01-01); a value we do
not have is left out, with a warning, rather than invented.
"""

from __future__ import annotations

import re
import string
from typing import Any
from urllib.parse import quote

from factcheck.model import Article, Claim, Verdict
from factcheck.report._data import (
    ReportOptions,
    claimant,
    is_web_url,
    one_line,
    real_date,
    report_scope,
    verdict_labels,
)

CONTEXT = "https://schema.org"
BEST_RATING = 5
WORST_RATING = 1
URL_PLACEHOLDERS = ("article_id", "claim_id", "number")

# Words that mark a claimant as an organisation rather than a person.
_ORGANISATION = re.compile(
    r"\b(ministry|department|agency|office|government|council|committee|commission|party|"
    r"association|union|institute|university|college|bank|company|corporation|corp|inc|ltd|llc|"
    r"plc|gmbh|group|foundation|police|army|navy|federation|authority|board|bureau|parliament|"
    r"senate|congress|court|service|organi[sz]ation|network|news|press|tv|radio|"
    r"campaign|coalition|league|society|centre|center|hospital|school|ngo)\b",
    re.IGNORECASE,
)
# An acronym such as WHO, NATO or FBI.
_ACRONYM = re.compile(r"^(the )?[A-Z][A-Z&.]{1,7}$")


def claimant_node(name: str) -> dict[str, str]:
    """The claimant as a schema.org Person or Organization (a guess from the name)."""
    is_org = _ORGANISATION.search(name) or _ACRONYM.match(name)
    kind = "Organization" if is_org else "Person"
    return {"@type": kind, "name": name}


def _url_for(pattern: str, article: Article, claim: Claim) -> tuple[str | None, str | None]:
    """The review URL from the pattern, or (None, reason) when the pattern cannot make one."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError:
        return None, "its braces do not match"
    bad = [f for f in fields if f not in URL_PLACEHOLDERS]
    if bad:
        return None, (f"it uses {{{bad[0]}}}; use {{article_id}}, {{claim_id}} or {{number}}")
    # Ids come from case files too: percent-encode them so they stay inside one path segment.
    url = pattern.format(
        article_id=quote(str(article.id), safe=""),
        claim_id=quote(str(claim.id), safe=""),
        number=int(claim.number),
    )
    if not is_web_url(url):
        return None, "it does not make an http(s) URL"
    return url, None


def build_claimreview(
    article: Article, claims: list[Claim], options: ReportOptions
) -> tuple[list[dict[str, Any]], list[str]]:
    """One ClaimReview per claim with a final verdict, and plain-English warnings."""
    with report_scope():
        return _build_claimreview(article, claims, options)


def _build_claimreview(
    article: Article, claims: list[Claim], options: ReportOptions
) -> tuple[list[dict[str, Any]], list[str]]:
    warnings: list[str] = []
    labels = verdict_labels(options)
    live = sorted((c for c in claims if not c.deleted), key=lambda c: c.number)

    org_name = one_line(options.organisation_name)
    org_url = one_line(options.organisation_url)
    author: dict[str, str] | None = None
    if org_name:
        author = {"@type": "Organization", "name": org_name}
        if org_url and is_web_url(org_url):
            author["url"] = org_url
        elif org_url:
            warnings.append("ClaimReview: organisation.url is not an http(s) URL; it is left out.")
    else:
        warnings.append(
            "ClaimReview: no organisation configured (set organisation.name in config.toml);"
            " author omitted."
        )

    pattern = (options.claimreview_url_pattern or "").strip()
    if not pattern:
        warnings.append(
            "ClaimReview: no URL pattern configured (set claimreview.url_pattern in"
            " config.toml); url omitted."
        )

    article_url = one_line(article.url)
    if article_url and not is_web_url(article_url):
        article_url = ""
    if not article_url:
        warnings.append(
            "ClaimReview: the article has no http(s) URL; itemReviewed.appearance omitted."
        )
    article_date = real_date(article.published)
    if not article_date:
        warnings.append(
            "ClaimReview: the article has no real publication date;"
            " itemReviewed.datePublished omitted."
        )
    report_date = real_date(options.generated_at)

    reviews: list[dict[str, Any]] = []
    open_claims: list[int] = []
    removed: list[int] = []
    no_claimant: list[int] = []
    undated: list[int] = []
    url_problem: str | None = None
    for claim in live:
        verdict = claim.verdict if isinstance(claim.verdict, Verdict) else Verdict(claim.verdict)
        if not verdict.is_final:
            open_claims.append(claim.number)
            continue
        if claim.status == "removed":
            removed.append(claim.number)
            continue
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": labels[verdict]}
        if verdict.rating is not None:
            rating["ratingValue"] = int(verdict.rating)
            rating["bestRating"] = BEST_RATING
            rating["worstRating"] = WORST_RATING

        item: dict[str, Any] = {"@type": "Claim"}
        if article_url:
            appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article_url}
            title = one_line(article.title)
            if title:
                appearance["headline"] = title
            item["appearance"] = [appearance]
        who = claimant(claim)
        if who:
            item["author"] = claimant_node(who)
        else:
            no_claimant.append(claim.number)
        if article_date:
            item["datePublished"] = article_date

        review: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "claimReviewed": one_line(claim.text),
            "reviewRating": rating,
            "itemReviewed": item,
        }
        if author:
            review["author"] = dict(author)
        reviewed_on = real_date(claim.updated_at) or report_date
        if real_date(claim.updated_at) is None:
            undated.append(claim.number)
        if reviewed_on:
            review["datePublished"] = reviewed_on
        if pattern and url_problem is None:
            url, url_problem = _url_for(pattern, article, claim)
            if url:
                review["url"] = url
        reviews.append(review)

    if url_problem:
        warnings.append(
            f"ClaimReview: claimreview.url_pattern cannot be used ({url_problem}); url omitted."
        )
    elif pattern and len(reviews) > 1 and len({r.get("url") for r in reviews}) < len(reviews):
        warnings.append(
            "ClaimReview: claimreview.url_pattern has no {number} or {claim_id},"
            " so several reviews share one url."
        )
    if url_problem:
        for review in reviews:
            review.pop("url", None)
    if open_claims:
        warnings.append(
            f"{_count(open_claims, 'claim')} {'has' if len(open_claims) == 1 else 'have'}"
            f" no final verdict and {'is' if len(open_claims) == 1 else 'are'} not in the"
            f" ClaimReview output ({_numbers(open_claims)})."
        )
    if removed:
        warnings.append(
            f"{_count(removed, 'claim')} no longer in the article"
            f" {'is' if len(removed) == 1 else 'are'} left out of the ClaimReview output"
            f" ({_numbers(removed)})."
        )
    if no_claimant:
        warnings.append(
            f"ClaimReview: no claimant known for {_numbers(no_claimant, 'claim')};"
            " itemReviewed.author omitted."
        )
    if undated:
        warnings.append(
            f"ClaimReview: no verdict date recorded for {_numbers(undated, 'claim')};"
            " the report date is used."
        )
    if not reviews:
        warnings.append("ClaimReview: no claim has a final verdict, so the list is empty.")
    return reviews, warnings


def _count(numbers: list[int], word: str) -> str:
    return f"{len(numbers)} {word if len(numbers) == 1 else word + 's'}"


def _numbers(numbers: list[int], word: str = "claim") -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"{word if len(numbers) == 1 else word + 's'} {shown}{more}"

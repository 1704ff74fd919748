"""A deterministic generator of news-like articles for benchmarks and scale tests.

The articles read like wire copy about a fictional maritime crisis: a dateline, a lead
sentence with an actor, an action, a place and a date, casualty and troop counts, direct
quotes with their speakers ("“…,” said Foreign Minister Ana Ruiz."), reported speech
("according to …"), denials and attributions. Names, places and numbers vary from article
to article so that the parser, the entity grouping and the quote finder do real work, and
a small share of articles are syndicated near-copies so that the duplicate index does too.

The same ``seed`` and index always give the same article, on every machine.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CorpusSpec", "generate_articles", "write_corpus"]

FIRST = (
    "Ana", "Peter", "Maria", "Jonas", "Elena", "Daniel", "Sofia", "Henrik", "Laura", "Marco",
    "Ingrid", "Tomas", "Clara", "Viktor", "Helena", "Samuel", "Nadia", "Oliver", "Teresa", "Adam",
    "Irene", "Lukas", "Marta", "Pavel", "Rosa", "Stefan", "Julia", "Anton", "Eva", "Felix",
)  # fmt: skip
LAST = (
    "Ruiz", "Novak", "Lindqvist", "Brandt", "Moreau", "Kowalski", "Haddad", "Okafor", "Petrov",
    "Varga", "Jensen", "Costa", "Weber", "Nilsen", "Romano", "Keller", "Sato", "Mendes", "Dalton",
    "Fischer", "Horvat", "Larsen", "Silva", "Duarte", "Berg", "Marin", "Vogel", "Aldren", "Kovac",
)  # fmt: skip
ROLES = (
    "Foreign Minister", "Defence Minister", "Prime Minister", "President", "Interior Minister",
    "Admiral", "General", "coast guard spokesperson", "navy spokesperson", "Ambassador",
)  # fmt: skip
COUNTRIES = (
    ("Veltria", "Veltrian", "Vessen"), ("Ostmark", "Ostmark", "Kaldhavn"),
    ("Lunesse", "Lunesse", "Serrac"), ("Caldor", "Caldoran", "Mirov"),
    ("Norland", "Norlandic", "Eskby"), ("Tessaly", "Tessalian", "Poret"),
)  # fmt: skip
PLACES = (
    "Port Edda", "Harn Island", "Lisport", "the Harn Bank", "Cape Morrow", "Dunmere",
    "the Sarn Strait", "Kestrel Point", "Aldby", "the Northern Channel",
)  # fmt: skip
ORGS = (
    "the United Nations", "the Red Cross", "the Northern Maritime Council", "Amnesty International",
    "the Sarn Liberation Front", "the Fishermen's Association", "the World Food Programme",
    "the International Maritime Organization",
)  # fmt: skip
OUTLETS = (
    "Sarn Herald", "Coastal Wire", "Meridian Post", "Northwind Gazette", "Harbour Daily",
    "The Lunesse Observer", "Veltria Today", "Ostmark Voice",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
VERBS = (
    ("launched an operation near", "operation"), ("fired on a vessel near", "attack"),
    ("deployed troops to", "deployment"), ("closed its ports to ships bound for", "closure"),
    ("sent aid convoys to", "aid"), ("held talks with officials in", "talks"),
    ("imposed sanctions over events in", "sanctions"), ("evacuated civilians from", "evacuation"),
)  # fmt: skip
QUOTES = (
    "We will not allow the strait to become a highway for weapons",
    "Our fishermen have worked these waters for generations",
    "Any vessel that cooperates has nothing to fear",
    "This is a deliberate act of aggression against civilians",
    "We regret any loss of life at sea, but we reject these accusations",
    "It is a pause, not a peace",
    "The official numbers are far too low",
    "We are ready to talk as soon as the guns fall silent",
    "Nobody here trusts any of the numbers",
    "The ceasefire must hold if the families are to learn the truth",
)  # fmt: skip
DENIALS = (
    "denied the accusations made by",
    "rejected what he called a fabrication by",
    "dismissed the casualty figures released by",
    "said there was no evidence for the claims of",
    "accused the media of repeating propaganda from",
)
APPEALS = (
    "step back from the language of confrontation",
    "allow an independent investigation",
    "return to talks without conditions",
    "open a corridor for humanitarian aid",
    "respect the ceasefire agreed last month",
)
FILLER = (
    "The strait carries much of the region's commercial shipping, and its fishing grounds have "
    "been the subject of competing claims since boundary talks collapsed in {year}.",
    "Officials said {n} vessels had been inspected since the start of the month, up from {m} a year earlier.",
    "The ministry did not respond to requests for comment on {weekday}.",
    "Prices for fuel and fish in {place} have risen by {pct} percent since the operation began.",
    "Analysts at {org} said the two governments had little room left for compromise.",
    "Talks between the two sides were last held in {city} in {month} {year} and ended without agreement.",
    "{outlet} could not independently verify the reports.",
    "Local officials in {place} said schools and markets had reopened, though many residents stayed home.",
    "The coast guard said its search of the area west of {place} would continue through the night.",
    "Shipping companies said insurance premiums for the route had doubled in {n} days.",
    "The strait is roughly {n} kilometres wide at its narrowest point.",
    "Fishing fleets from both countries have worked the banks around {place} for generations.",
    "The dispute over the maritime boundary dates back to a treaty signed in {year}.",
    "{place} lies about {n} nautical miles from the nearest naval base.",
    "Ferry services between {city} and {place} were suspended for a second day on {weekday}.",
    "Trade through the waterway fell by {pct} percent in {month}, according to port figures.",
    "The navy has operated {m} patrol vessels in the area since the start of the year.",
    "Several hundred people gathered outside parliament in {city} on {weekday} evening.",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """What to generate.

    Attributes:
        n: Number of articles.
        words: Approximate words per article (the issue's reference article has 600).
        seed: Random seed; the same seed and index always give the same article.
        duplicate_rate: Share of articles that are near-copies of an earlier one (syndication).
        start: Index of the first article: ``CorpusSpec(n=100, start=10_000)`` gives the 100
            articles that follow a 10k corpus of the same seed (for incremental runs).
    """

    n: int = 100
    words: int = 600
    seed: int = 7
    duplicate_rate: float = 0.05
    start: int = 0


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {last}", last


def _sentences(rng: random.Random, country: tuple[str, str, str], outlet: str) -> Iterator[str]:
    """Yield an endless stream of news sentences about one story."""
    name, adjective, capital = country
    other = rng.choice([c for c in COUNTRIES if c != country])
    speakers = [(_person(rng), rng.choice(ROLES)) for _ in range(3)]
    while True:
        # Seven kinds of attributed sentence, and background: about half the sentences carry
        # an attribution. Records per 100 words with the default pipeline: the bundled demo
        # corpus 7.1 claims, 4.0 quotes, 6.2 entities; 30 generated articles of 600 words
        # 9.5 claims, 4.4 quotes, 4.5 entities (so storage figures err on the heavy side).
        kind = rng.randrange(14)
        (full, last), role = rng.choice(speakers)
        place = rng.choice(PLACES)
        weekday = rng.choice(WEEKDAYS)
        if kind == 0:
            verb, _ = rng.choice(VERBS)
            yield f"{name} on {weekday} {verb} {place}, {adjective} officials said."
        elif kind == 1:
            killed, missing = rng.randint(2, 60), rng.randint(0, 20)
            yield (
                f"At least {killed} people were killed and {missing} are missing after the incident "
                f"near {place}, according to {rng.choice(ORGS)}."
            )
        elif kind == 2:
            yield f"“{rng.choice(QUOTES)},” said {role} {full}."
        elif kind == 3:
            title = role[0].upper() + role[1:]
            yield f"{title} {full} told reporters in {capital} that “{rng.choice(QUOTES).lower()}.”"
        elif kind == 4:
            (other_full, _), other_role = _person(rng), rng.choice(ROLES)
            denial = rng.choice(DENIALS)
            yield f"{other[1]} {other_role} {other_full} {denial} {name} on {rng.choice(WEEKDAYS)}."
        elif kind == 5:
            troops = rng.randint(2, 40) * 100
            yield (
                f"{last} said {troops:,} troops and {rng.randint(2, 12)} ships had been sent to "
                f"{place} since {rng.choice(MONTHS)} {rng.randint(1, 28)}."
            )
        elif kind == 6:
            org = rng.choice(ORGS)
            yield (
                f"{org[0].upper()}{org[1:]} urged {name} and {other[0]} to "
                f"“{rng.choice(APPEALS)}”, {rng.choice(('a spokesperson said', 'in a statement'))}."
            )
        else:
            yield rng.choice(FILLER).format(
                year=rng.randint(2018, 2030),
                n=rng.randint(3, 90),
                m=rng.randint(3, 90),
                pct=rng.randint(5, 60),
                weekday=weekday,
                place=place,
                org=rng.choice(ORGS),
                city=rng.choice(COUNTRIES)[2],
                month=rng.choice(MONTHS),
                outlet=outlet,
            )


def _article(spec: CorpusSpec, index: int) -> dict[str, str]:
    rng = random.Random(f"{spec.seed}:{index}")
    country = rng.choice(COUNTRIES)
    outlet = rng.choice(OUTLETS)
    month, day = rng.randint(1, 9), rng.randint(1, 28)
    stream = _sentences(rng, country, outlet)
    place = rng.choice(PLACES)
    verb, noun = rng.choice(VERBS)
    title = f"{country[0]} {verb} {place} as tensions rise"
    paragraphs = [f"{country[2].upper()}, {country[0]} ({outlet}) — {next(stream)}"]
    words = len(paragraphs[0].split())
    while words < spec.words:
        para = " ".join(next(stream) for _ in range(rng.randint(1, 3)))
        paragraphs.append(para)
        words += len(para.split())
    return {
        "title": title,
        "text": "\n".join(paragraphs),
        "outlet": outlet,
        "published": f"2031-{month:02d}-{day:02d}",
        "url": f"https://{outlet.lower().replace(' ', '-')}.example/2031/{month:02d}/{day:02d}/{noun}{index}",
    }


def generate_articles(spec: CorpusSpec) -> Iterator[dict[str, str]]:
    """Yield ``spec.n`` articles as mappings with ``title``, ``text``, ``outlet``, ``published``, ``url``.

    A share ``spec.duplicate_rate`` of them copy an earlier article with a changed last
    paragraph and another outlet's sign-off, like syndicated wire copy.
    """
    for i in range(spec.start, spec.start + spec.n):
        yield _nth(spec, i)


def _nth(spec: CorpusSpec, i: int) -> dict[str, str]:
    rng = random.Random(f"{spec.seed}:copy:{i}")
    if i == 0 or rng.random() >= spec.duplicate_rate:
        return _article(spec, i)
    original = _nth(spec, rng.randrange(i))
    outlet = rng.choice(OUTLETS)
    body = original["text"].rsplit("\n", 1)[0]
    return {
        **original,
        "outlet": outlet,
        "text": f"{body}\nThis report first appeared elsewhere and is republished by {outlet}.",
        "url": original["url"].replace(".example/", f".example/syndicated/{i}/"),
    }


def write_corpus(spec: CorpusSpec, path: str | Path) -> Path:
    """Write the generated articles to ``path``: one JSON Lines file, or one ``.txt`` file each into a folder.

    Returns:
        The path written.
    """
    out = Path(path)
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for article in generate_articles(spec):
                fh.write(json.dumps(article, ensure_ascii=False) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    for i, article in enumerate(generate_articles(spec)):
        body = f"{article['title']}\n{article['published']}\n\n{article['text']}\n"
        (out / f"{i:06d}.txt").write_text(body, encoding="utf-8")
    return out

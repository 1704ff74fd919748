"""Time actor fusion on synthetic corpora of 1k, 10k and 100k entities (growth must stay near n log n).

Usage::

    python scripts/bench_actors.py            # 1k, 10k, 100k entities
    python scripts/bench_actors.py 1000 5000  # chosen sizes

Names are drawn from a pool of invented people and organisations, each written in several
spellings (typing errors, titles), a tenth of them resolved to dictionary actors, spread over
articles of ten entities each, so that blocks and merges look like a large news corpus.
"""

from __future__ import annotations

import math
import random
import sys
import time

from rashomon.extract.actor_dictionary import ActorDictionary
from rashomon.fuse.actors import fuse_entities
from rashomon.model import Article, Entity, Mention, evidence_for, record_id

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ten",
    "vor",
    "al",
    "bri",
    "dan",
    "es",
    "fal",
    "gor",
    "hin",
    "is",
    "jal",
    "kem",
    "lun",
    "mar",
    "nor",
    "ost",
    "pel",
    "qui",
    "ren",
    "sol",
    "tar",
]


def _name(rng: random.Random) -> str:
    word = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()  # noqa: E731
    return f"{word()} {word()}"


def _typo(name: str, rng: random.Random) -> str:
    k = rng.randrange(1, len(name) - 1)
    return name[:k] + name[k + 1 :] if name[k] != " " else name


def corpus(n: int, seed: int = 1) -> list[Entity]:
    rng = random.Random(seed)
    dictionary = ActorDictionary.load()
    known = [e for e in dictionary.entries.values() if e.type == "person"]
    people = [_name(rng) for _ in range(max(n // 8, 1))]
    out = []
    for a in range(math.ceil(n / 10)):
        names = []
        for _ in range(min(10, n - a * 10)):
            roll = rng.random()
            if roll < 0.1:
                entry = rng.choice(known)
                names.append((entry.name, entry.id, "PERSON"))
            else:
                base = rng.choice(people)
                names.append((_typo(base, rng) if roll < 0.25 else base, None, rng.choice(["PERSON", "ORG"])))
        text = ". ".join(n_ for n_, _, _ in names) + "."
        article = Article(record_id("art", "bench", a), text)
        pos = 0
        for name, did, label in names:
            start = text.index(name, pos)
            pos = start + len(name)
            eid = record_id("ent", article.id, start)
            out.append(
                Entity(
                    eid,
                    article.id,
                    name,
                    label,
                    (name,),
                    (Mention(name, start, pos, 0, label, eid),),
                    (evidence_for(article, start, pos),),
                    dictionary_id=did,
                )
            )
    return out


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000]
    ActorDictionary.load()
    base = None
    print(f"{'entities':>9} {'actors':>8} {'seconds':>8} {'s per n log n (rel.)':>22}")
    for n in sizes:
        ents = corpus(n)
        started = time.perf_counter()
        actors = fuse_entities(ents)
        secs = time.perf_counter() - started
        per = secs / (n * math.log(n))
        base = base or per
        print(f"{n:>9} {len(actors):>8} {secs:>8.2f} {per / base:>22.2f}")


if __name__ == "__main__":
    main()

"""Credibility signals of one article, each with its evidence: how the piece sources what it says.

Signals, never verdicts (``Signal.kind``):

``untraceable_source``
    a named expert whose only standing is a generic credential ("a geopolitical analyst at the
    International Security Institute", "a former diplomat", "retired General …") and who, like
    the institution named, resolves to no known entity (no dictionary id);
``anonymous_source``
    a source with no name: ``label`` ``anonymous`` ("an official … on condition of anonymity",
    "insiders say"), ``collective`` ("most analysts", "a number of experts believe", "it is widely
    acknowledged"), ``document`` ("leaked intelligence reports obtained by …"),
    ``unnamed_official`` ("a spokesperson for the French Ministry …") or ``unsourced`` (the outlet
    vouches for a claim itself: "Veltria Today understands that …");
``impossible_date``
    a date that cannot exist ("November 19, 22025"; precision ``invalid`` from ``nlp.dates``);
``inconsistent_date``
    a weekday that does not fall on the date it names, or one incident dated to days 1–3 apart
    within the same article;
``role_anomaly``
    a person quoted under a title that none of their known roles (``Entity.roles``) gives them on
    the article's date;
``sourcing_profile``
    the article's figures: statements with a named traceable source, anonymous ones, hedged vs
    asserted, opinion share (``detail`` is JSON, ``score`` the named-traceable share).

Claims (``extract.claims``) and events are used when an earlier stage produced them; the
stage needs only sentences, entities, dates and quotes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rashomon.model import Document, Entity, Evidence, Mention, Quote, Signal, record_id
from rashomon.registry import stage

__all__ = [
    "CredibilityOptions",
    "find_anonymous_sources",
    "find_date_anomalies",
    "find_role_anomalies",
    "find_untraceable_sources",
    "score_credibility",
    "sourcing_profile",
]

#: Signal kinds this module produces (the report groups by them).
KINDS = (
    "untraceable_source",
    "anonymous_source",
    "impossible_date",
    "inconsistent_date",
    "role_anomaly",
    "sourcing_profile",
)

# ----------------------------------------------------------------- anonymous sources

_PLURAL_SOURCES = (
    r"(?i:experts|analysts|observers|officials|critics|commentators|diplomats|researchers|sources|insiders|"
    r"advis[eo]rs|officers|scientists|economists|relatives|rescuers|survivors|residents|witnesses|"
    r"specialists|strategists|historians|scholars|reservists|fishermen|families)"
)
_SPEECH = (
    r"say|says|said|suggest|suggests|suggested|believe|believes|believed|warn|warns|warned|argue|argued|"
    r"claim|claims|claimed|note|noted|described|describe|fear|feared|told|tell|revealed|reveal|insist|"
    r"insisted|maintain|maintained|accused|accuse|estimate|estimated|expect|expected|agree|agreed|"
    r"questioned|question|acknowledge|acknowledged|contend|contended|think|thinks|urge|urged|called"
)
_ANON_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "document",
        re.compile(
            r"\b(?:leaked|confidential|classified|secret|internal|unpublished)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:reports?|documents?|memos?|cables?|assessments?|files?|papers?|emails?|recordings?)"
            r"(?:\s+(?:obtained|seen|reviewed)\s+by\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?",
        ),
    ),
    (
        "anonymous",
        re.compile(
            r"\b(?:[Ss]ources|[Ii]nsiders|[Pp]eople)\s+(?:close\s+to|familiar\s+with|within|inside)\s+"
            r"(?:the\s+)?[\w\s'’-]{2,50}?\s+(?:say|said|says|told|claim|claimed|believe)\b"
        ),
    ),
    (
        "anonymous",
        re.compile(r"\b(?:[Ii]nsiders|[Ss]ources)\s+(?:say|said|says|told|claim|claimed|believe)\b"),
    ),
    (
        "anonymous",
        re.compile(
            r"\bwho\s+(?:spoke|talked|asked\s+not\s+to\s+be\s+(?:named|identified)|requested\s+anonymity)"
            r"[^.;]{0,40}?(?:anonymity|named|identified)\b"
        ),
    ),
    (
        "anonymous",
        re.compile(
            r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){0,2}?(?:official|officer|source|deckhand|fisherman|"
            r"survivor|witness|resident|crew\s+member|sailor|soldier|diplomat|insider)\b"
            r"(?=,?\s+(?:speaking|who\s+spoke|said|says|told))"
        ),
    ),
    (
        "unnamed_official",
        re.compile(
            r"\b[Aa]n?\s+spokes(?:person|man|woman)\s+for\s+(?:the\s+)?[A-Z][\w'’-]*"
            r"(?:\s+(?:of|for|and|the|on|[A-Z][\w'’-]*))*"
        ),
    ),
    (
        "collective",
        re.compile(
            r"\b(?:[Aa]\s+number\s+of|[Mm]any|[Mm]ost|[Ss]ome|[Ss]everal|[Nn]umerous|[Ll]eading|[Ii]ndependent|"
            r"[Vv]arious)\s+(?:[\w-]+\s+){0,2}?(?:" + _PLURAL_SOURCES + r")\b"
        ),
    ),
    (
        "collective_np",
        re.compile(
            r"\b(?:(?:[A-Z][\w'’-]*|[Ff]ormer|[Ss]enior|[Mm]ilitary|[Ll]egal|[Dd]efen[cs]e|[Ss]ecurity|"
            r"[Gg]overnment|[Ww]estern|[Rr]egional)\s+){0,3}(?:" + _PLURAL_SOURCES + r")"
            r"(?:\s+\([^)]{1,20}\))?"
            r"(?:\s+(?:at|in|from|close\s+to|on)\s+(?:the\s+)?[\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3})?"
            r"(?:\s+(?:have|had|has))?(?:\s+\w+ly)?\s+(?:" + _SPEECH + r")\b"
        ),
    ),
    (
        "collective",
        re.compile(
            r"\b[Ii]t\s+is\s+(?:widely|generally|commonly|broadly)\s+(?:acknowledged|believed|accepted|known|"
            r"reported|assumed|understood|agreed)\b"
        ),
    ),
    (
        "unsourced",
        re.compile(
            r"\b(?:[A-Z][\w'’-]*\s+){1,3}(?:understands|has\s+learned|has\s+learnt|can\s+reveal|has\s+been\s+told)\b"
        ),
    ),
]
# Determiners a capitalised-word match may start with; they are not part of the source.
_NOT_COLLECTIVE_HEAD = re.compile(r"^(?:The|A|An|His|Her|Its|Their)\b")


def find_anonymous_sources(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, label) of every anonymous, collective or document source in ``text``.

    Overlapping matches keep the earliest, then the longest.
    """
    found: list[tuple[int, int, str]] = []
    for label, pattern in _ANON_PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if label == "collective_np":
                label = "collective"
                head = _NOT_COLLECTIVE_HEAD.match(m.group(0))
                if head:
                    s += head.end() + 1
            found.append((s, e, label))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str]] = []
    for s, e, label in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, label))
    return out


# --------------------------------------------------------------- untraceable experts

#: Credentials that rest on expertise rather than an office that can be checked.
EXPERT_NOUNS = (
    "analyst|expert|researcher|scholar|commentator|specialist|strategist|observer|consultant|fellow|"
    "professor|academic|scientist|adviser|advisor|historian|economist|pundit"
)
# The credential right before the name: "defense analyst Henrik Hegset", "retired U.S. General …".
_GENERIC_BEFORE = re.compile(
    r"(?:\b(?:" + EXPERT_NOUNS + r")|\b(?:former|retired|ex-)(?:\s+[\w.’'-]+){0,3}?)"
    r"\s+(?:(?:Dr|Prof|Gen|General|Col|Colonel|Adm|Admiral|Maj|Major|Capt|Captain|Mr|Ms|Mrs)\.?\s+)?$",
    re.I,
)
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?P<cred>(?:an?|the)\s+(?:[\w.’'-]+\s+){0,5}?(?:"
    + EXPERT_NOUNS
    + r")\b(?:[^,.;()\"“”‘’]{0,80}?\b(?:at|of|with|for|from)\s+(?:the\s+)?"
    r"(?P<inst>[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+(?:of|for|on|and|the|[A-Z](?:[\w’'&-]|\.(?=\w))*))*))?)",
)
_FORMER_APPOSITIVE = re.compile(
    r"^\s*,\s*(?P<cred>an?\s+(?:former|retired|ex-)\s*[^,.;()\"“”‘’]{2,60})",
    re.I,
)
_RELATIVE = re.compile(r"^\s*,\s*(?P<cred>who\s+(?:has|had)\s+advised\s+[^,.;]{2,80})", re.I)
# Offices that can be looked up: a person quoted under one of these is not "untraceable".
_OFFICE = re.compile(
    r"\b(?:minister|president|secretary|spokes(?:person|man|woman)|ambassador|senator|governor|mayor|"
    r"chairman|chairwoman|chair|chief|director|commander|captain|general|admiral|envoy|representative|"
    r"prime\s+minister|king|queen|chancellor|premier|official)\b",
    re.I,
)


def _mention_credentials(text: str, mention: Mention) -> tuple[int, int, str, str] | None:
    """Return (start, end, credential, institution) of a generic expert credential next to ``mention``."""
    after = text[mention.end : mention.end + 220]
    for pattern in (_APPOSITIVE, _FORMER_APPOSITIVE, _RELATIVE):
        m = pattern.match(after)
        if m:
            cred = m.group("cred").strip()
            inst = (m.groupdict().get("inst") or "").strip().rstrip(".")
            cred = cred.rstrip(".")
            return (
                mention.start,
                mention.start + (mention.end - mention.start) + len(after[: m.end("cred")].rstrip(".")),
                cred,
                inst,
            )
    before_start = max(0, mention.start - 80)
    m = _GENERIC_BEFORE.search(text[before_start : mention.start])
    if m:
        start = before_start + m.start()
        # Take in the descriptors before the noun: "Norwegian journalist and defense analyst".
        lead = re.search(r"(?:\b[\w’'-]+\s+){0,4}$", text[max(0, start - 60) : start])
        if lead:
            words = lead.group(0).split()
            keep = 0
            for word in reversed(words):
                if (
                    word.lower() in ("said", "says", "according", "to", "by", "with", "told", "warned")
                    or not word[0].isalpha()
                ):
                    break
                keep += 1
            if keep:
                start -= len(" ".join(words[-keep:])) + (len(lead.group(0)) - len(lead.group(0).rstrip()))
        cred = " ".join(text[start : before_start + m.end()].split())
        return start, mention.end, cred, ""
    return None


def find_untraceable_sources(
    doc: Document,
) -> list[tuple[Entity, Mention, tuple[int, int], str, str]]:
    """Return the named experts of ``doc`` with only generic credentials and no known identity.

    Each item is (entity, the mention carrying the credential, (start, end) of name +
    credential, credential, institution). A person or institution with a ``dictionary_id`` is
    known; so is a person presented under an office ("Foreign Minister …").
    """
    known_orgs = {
        _norm(alias)
        for e in doc.entities
        if e.dictionary_id and e.type != "PERSON"
        for alias in (e.name, *e.aliases)
    }
    out = []
    for ent in doc.entities:
        if ent.type != "PERSON" or ent.dictionary_id:
            continue
        for mention in ent.mentions:
            found = _mention_credentials(doc.text, mention)
            if found is None:
                continue
            start, end, cred, inst = found
            if inst and _norm(inst) in known_orgs:
                continue
            out.append((ent, mention, (start, end), cred, inst))
            break
    return out


def _norm(name: str) -> str:
    return " ".join(re.sub(r"^the\s+", "", name.strip(), flags=re.I).casefold().split())


# ------------------------------------------------------------------ date anomalies

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_BEFORE = re.compile(r"\b(?P<wd>" + "|".join(_WEEKDAYS) + r")\b,?\s*(?:the\s+)?$", re.I)
_INCIDENT_AFTER = re.compile(
    r"^(?:\s+(?:night|morning|evening|afternoon)(?:['’]s)?|['’]s)?\s+(?:\w+\s+)?"
    r"(?:attack|sinking|strike|strikes|incident|shooting|bombing|raid|explosion|clash|massacre|killing|"
    r"assault|ambush|collision)\b",
    re.I,
)
# One incident dated one to three days apart within an article is a slip worth showing (a night
# attack reported as both "Monday night" and "Tuesday"); dates further apart are usually
# different incidents.
MAX_INCONSISTENT_DAYS = 3


def find_date_anomalies(doc: Document) -> list[tuple[str, tuple[Evidence, ...], str]]:
    """Return (kind, evidence, detail) for impossible and inconsistent dates in ``doc``."""
    text = doc.text
    out: list[tuple[str, tuple[Evidence, ...], str]] = []
    incident: list[tuple[dt.date, int, int]] = []
    first_sentence_end = doc.sentences[0].end if doc.sentences else len(text)
    dates = list(doc.dates)
    for k, d in enumerate(dates):
        if d.precision == "invalid":
            out.append(
                (
                    "impossible_date",
                    (doc.evidence(d.start, d.end),),
                    f"'{d.text}' is not a possible date",
                )
            )
            continue
        if d.precision != "day" or not d.value or d.value.startswith("X"):
            continue
        try:
            day = dt.date.fromisoformat(d.value)
        except ValueError:
            continue
        m = _WEEKDAY_BEFORE.search(text[max(0, d.start - 16) : d.start])
        if m and not d.text.lower().startswith(m.group("wd").lower()):
            named = m.group("wd").lower()
            if _WEEKDAYS[day.weekday()] != named:
                start = d.start - (len(text[max(0, d.start - 16) : d.start]) - m.start())
                out.append(
                    (
                        "inconsistent_date",
                        (doc.evidence(start, d.end),),
                        f"{d.value} is a {_WEEKDAYS[day.weekday()].title()}, not a {named.title()}",
                    )
                )
        # "Tuesday, March 4" is one date written twice: the weekday is checked above, not counted here.
        names_next = k + 1 < len(dates) and dates[k + 1].start - d.end <= 3 and d.text.lower() in _WEEKDAYS
        if not names_next and (
            d.start < first_sentence_end or _INCIDENT_AFTER.match(text[d.end : d.end + 40])
        ):
            incident.append((day, d.start, d.end))
    days = sorted({i[0] for i in incident})
    for a, b in itertools.pairwise(days):
        if 0 < (b - a).days <= MAX_INCONSISTENT_DAYS:
            spans = [i for i in incident if i[0] in (a, b)]
            out.append(
                (
                    "inconsistent_date",
                    tuple(doc.evidence(s, e) for _, s, e in spans),
                    f"the incident is dated both {a.isoformat()} and {b.isoformat()}",
                )
            )
    return out


# ------------------------------------------------------------------ role anomalies

# The title written right before a name, on the same line: "Ostmark's Foreign Minister".
_TITLE_BEFORE = re.compile(r"(?P<title>(?:[A-Z][\w’'-]*(?:['’]s)?[ ]+|of[ ]+|for[ ]+|the[ ]+){1,6})$")
#: Words that say which office a title names; the rest (countries, "the") do not change the office.
_OFFICE_WORDS = frozenset(
    "minister president prime foreign defense interior finance secretary state war vice deputy spokesperson "
    "spokesman spokeswoman ambassador envoy special general admiral commander chief chair chairman "
    "chairwoman director senator governor representative chancellor king queen premier attorney justice "
    "navy army coast guard".split()
)
_SYNONYMS = {"defence": "defense", "war": "defense", "secretary of state": "foreign minister"}


def _office_words(title: str) -> set[str]:
    t = " ".join(title.casefold().replace("’s", "").replace("'s", "").split())
    for a, b in _SYNONYMS.items():
        t = re.sub(rf"\b{a}\b", b, t)
    return {w for w in t.split() if w in _OFFICE_WORDS}


def _title_matches(stated: str, role_title: str) -> bool:
    """Whether a written title names the office of ``role_title`` ("Defence Minister" ~ "… of Veltria")."""
    said, held = _office_words(stated), _office_words(role_title)
    return bool(said) and said <= held


def find_role_anomalies(doc: Document) -> list[tuple[Quote, Entity, str, tuple[Evidence, ...]]]:
    """Return quotes whose speaker is given a title none of their dated roles holds on the article date."""
    date = doc.article.published
    if not date:
        return []  # without the article's date no role can be checked
    by_id = {e.id: e for e in doc.entities}
    out: list[tuple[Quote, Entity, str, tuple[Evidence, ...]]] = []
    seen: set[str] = set()
    for q in doc.quotes:
        ent = by_id.get(q.speaker.entity_id or "")
        if ent is None or not ent.roles or ent.id in seen:
            continue
        for mention in ent.mentions:
            m = _TITLE_BEFORE.search(doc.text[max(0, mention.start - 60) : mention.start])
            stated = (m.group("title") if m else "").strip()
            if not stated or not _OFFICE.search(stated):
                continue
            held = [r for r in ent.roles if _title_matches(stated, r.title)]
            current = [r for r in held if (r.start or "") <= date and (r.end is None or date <= r.end)]
            if current:
                break
            start = mention.start - len(m.group("title")) if m else mention.start
            known = "; ".join(f"{r.title} ({r.start or '?'}–{r.end or 'now'})" for r in ent.roles)
            what = "held only at other dates" if held else "not among their known roles"
            out.append(
                (
                    q,
                    ent,
                    f"{ent.name} is called '{stated}' on {date}, a title {what}: {known}",
                    (doc.evidence(start, mention.end),),
                )
            )
            seen.add(ent.id)
            break
    return out


# --------------------------------------------------------------- sourcing profile

_HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|apparently|purportedly|unconfirmed|unverified|may|might|could|"
    r"believed\s+to|said\s+to|appears?\s+to|seems?\s+to|according\s+to|suspected|possibly|likely|"
    r"feared|claimed|claims)\b",
    re.I,
)
_OPINION = re.compile(
    r"\b(?:must|should|ought\s+to|we|our|us|shame|disgrace|outrage|pathetic|make\s+no\s+mistake|"
    r"let\s+us|spare\s+us|of\s+course|clearly|obviously)\b",
    re.I,
)
_QUOTED = re.compile(r"[“\"‘][^“”\"‘’]*[”\"’]")


def sourcing_profile(
    doc: Document, untraceable_ids: set[str], anonymous_spans: list[tuple[int, int, str]]
) -> tuple[dict[str, float | int], tuple[Evidence, ...]]:
    """Return the article's sourcing figures and the evidence (attribution spans) they count.

    Statements are the claims when a claims stage ran, else the quotes. A statement is
    *named-traceable* when its source is a resolved person or organisation not flagged as
    untraceable; *anonymous* when its source is anonymous, collective or a document, or its
    sentence holds an anonymous-source signal. Hedged and opinion shares come from the claims'
    modality and kind, else from hedge and opinion words in the sentences (quotes excluded).
    """
    anon_sentences = {doc.sentence_at(s).index for s, _, _ in anonymous_spans}
    named = anonymous = 0
    evidence: list[Evidence] = []
    statements: list[tuple[str, str | None, Evidence]] = []
    if "claims" in doc.assigned and doc.claims:
        for c in doc.claims:
            statements.append((c.asserted_by.source_type, c.asserted_by.entity_id, c.evidence[0]))
    else:
        for q in doc.quotes:
            ev = (q.speaker_evidence or q.evidence)[0]
            statements.append((q.speaker.type, q.speaker.entity_id, ev))
    for source_type, entity_id, ev in statements:
        if source_type in ("anonymous", "collective", "document") or ev.sentence_index in anon_sentences:
            anonymous += 1
            evidence.append(ev)
        elif entity_id and entity_id not in untraceable_ids and source_type != "outlet":
            named += 1
            evidence.append(ev)
    n = len(statements)
    if "claims" in doc.assigned and doc.claims:
        hedged = sum(1 for c in doc.claims if c.modality != "asserted" or c.hedges)
        opinion = sum(1 for c in doc.claims if c.kind == "opinion")
        units = len(doc.claims)
    else:
        texts = [_QUOTED.sub(" ", s.text) for s in doc.sentences]
        hedged = sum(1 for t in texts if _HEDGES.search(t))
        opinion = sum(1 for t in texts if _OPINION.search(t))
        units = len(texts)
    figures: dict[str, float | int] = {
        "statements": n,
        "named_traceable": named,
        "anonymous": anonymous,
        "other": n - named - anonymous,
        "named_share": round(named / n, 3) if n else 0.0,
        "anonymous_share": round(anonymous / n, 3) if n else 0.0,
        "units": units,
        "hedged_share": round(hedged / units, 3) if units else 0.0,
        "asserted_share": round(1 - hedged / units, 3) if units else 0.0,
        "opinion_share": round(opinion / units, 3) if units else 0.0,
    }
    return figures, tuple(evidence)


# -------------------------------------------------------------------------- stage


@dataclass(frozen=True, slots=True)
class CredibilityOptions:
    """Options of the credibility signals.

    Attributes:
        anonymous_sources: Flag anonymous, collective and document sources.
        untraceable_sources: Flag named experts with generic credentials and no known identity.
        dates: Flag impossible and inconsistent dates.
        roles: Flag quotes whose speaker's stated title does not match their dated roles.
        profile: Store the article's sourcing profile as a ``sourcing_profile`` signal.
    """

    anonymous_sources: bool = True
    untraceable_sources: bool = True
    dates: bool = True
    roles: bool = True
    profile: bool = True


def _signal(doc: Document, kind: str, evidence: tuple[Evidence, ...], **kw: object) -> Signal:
    first = evidence[0] if evidence else None
    key = (first.start, first.end) if first else ()
    return Signal(
        id=record_id("sig", doc.article.id, kind, kw.get("label", ""), *key),
        article_id=doc.article.id,
        kind=kind,
        evidence=evidence,
        **kw,  # type: ignore[arg-type]
    )


def _iter_signals(doc: Document, options: CredibilityOptions) -> Iterator[Signal]:
    untraceable_ids: set[str] = set()
    if options.untraceable_sources:
        for ent, _mention, (s, e), cred, inst in find_untraceable_sources(doc):
            untraceable_ids.add(ent.id)
            quotes = tuple(q.id for q in doc.quotes if q.speaker.entity_id == ent.id)
            who = f"neither {ent.name} nor {inst} resolves" if inst else f"{ent.name} resolves"
            yield _signal(
                doc,
                "untraceable_source",
                (doc.evidence(s, e),),
                label="named_expert",
                detail=f"presented only as '{cred}'; {who} to no known entity",
                record_ids=(ent.id, *quotes),
            )
    anonymous = find_anonymous_sources(doc.text) if options.anonymous_sources else []
    if options.anonymous_sources:
        for s, e, label in anonymous:
            yield _signal(
                doc,
                "anonymous_source",
                (doc.evidence(s, e),),
                label=label,
                detail=f"{label.replace('_', ' ')} source: '{doc.text[s:e]}'",
            )
    if options.dates:
        for kind, evidence, detail in find_date_anomalies(doc):
            yield _signal(doc, kind, evidence, detail=detail)
    if options.roles:
        for q, ent, detail, evidence in find_role_anomalies(doc):
            yield _signal(doc, "role_anomaly", evidence, detail=detail, record_ids=(q.id, ent.id))
    if options.profile:
        figures, evidence = sourcing_profile(doc, untraceable_ids, anonymous)
        yield Signal(
            id=record_id("sig", doc.article.id, "sourcing_profile"),
            article_id=doc.article.id,
            kind="sourcing_profile",
            evidence=evidence,
            label="article",
            detail=json.dumps(figures, sort_keys=True),
            score=float(figures["named_share"]),
        )


DEFAULT_OPTIONS = CredibilityOptions()


@stage("analyze.credibility.v1", requires=("sentences", "entities", "dates", "quotes"), assigns=("signals",))
def score_credibility(doc: Document, options: CredibilityOptions = DEFAULT_OPTIONS) -> tuple[Signal, ...]:
    """Find the credibility signals of ``doc``: untraceable and anonymous sources, date and role anomalies.

    Args:
        doc: A document with sentences, entities, dates and quotes (claims and events when present).
        options: See :class:`CredibilityOptions`.

    Returns:
        The document's earlier signals followed by its credibility signals and sourcing profile,
        each with evidence into the article text.
    """
    seen = {s.id for s in doc.signals}
    new = [s for s in _iter_signals(doc, options) if s.id not in seen and not seen.add(s.id)]  # type: ignore[func-returns-value]
    return (*doc.signals, *new)

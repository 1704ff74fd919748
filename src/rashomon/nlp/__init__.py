"""NLP: sentences, tokens, dependency parse, named entities and resolved dates for each article."""

from rashomon.nlp.dates import DateOptions, resolve_dates
from rashomon.nlp.parse import ParseOptions, load_model, parse_documents, parse_text

__all__ = ["DateOptions", "ParseOptions", "load_model", "parse_documents", "parse_text", "resolve_dates"]

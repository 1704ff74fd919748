"""One router per resource; every route body calls ``store.queries`` (or the job runner)."""

"""Reading the search index: `search(q, ...)` ranks the entries that match every word typed.

Each word is matched as the start of a word in the record's text, so "1200 trem" finds
"1200 Tremont Street" and "sc-2026-04" finds "SC-2026-0042". On PostgreSQL the words become a
prefix tsquery over the generated `vector` column (GIN index), ranked by ts_rank_cd; then near matches
by trigram word similarity (its GIN index also catches the middle of a word, e.g. a pole id's digits); on SQLite
they become an FTS5 prefix query ranked by bm25. Both answer the same `Result`s."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection

from core.models import SearchEntry

MAX_WORDS = 8
MAX_RESULTS = 50
# Ranking reads every matching entry; a query as broad as one street name can match tens of
# thousands at scale. The best MAX_RESULTS are chosen among the first CANDIDATES (500) matches the index
# yields, so a search costs about the same at any size; the page then asks for another word.
CANDIDATES = 500
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    summary: str
    url: str
    dates: tuple  # ((label, date), ...)


def words(q):
    """The words of a query, lower-cased, at most MAX_WORDS of them (punctuation separates words)."""
    return [w.lower() for w in WORD.findall(q or "")][:MAX_WORDS]


def search(q, *, provider_id=None, portal=False, limit=MAX_RESULTS):
    """Entries matching every word of `q`, best first. `portal=True` keeps to `provider_id`'s
    records that its portal shows, with their portal links."""
    terms = words(q)
    if not terms:
        return []
    ids = (_postgresql if connection.vendor == "postgresql" else _sqlite)(terms, provider_id, portal, limit)
    entries = SearchEntry.objects.in_bulk([pk for pk, _ in ids])
    results = []
    for pk, _ in ids:
        entry = entries.get(pk)
        if entry is None:
            continue
        results.append(
            Result(
                kind=entry.kind,
                title=entry.title,
                summary=entry.summary,
                url=entry.portal_url if portal else entry.url,
                dates=tuple((label, date.fromisoformat(day)) for label, day in entry.dates),
            )
        )
    return results


def _scope(provider_id, portal):
    sql, params = [], []
    if portal:
        sql.append("e.provider_id = %s AND e.portal_url <> ''")
        params.append(provider_id)
    return sql, params


def _postgresql(terms, provider_id, portal, limit):
    """Full-text matches first (GIN over the tsvector), ranked; then, only if they are fewer than
    `limit`, near matches by trigram word similarity (misspellings, the middle of a word)."""
    tsquery = " & ".join(f"{term}:*" for term in terms)
    phrase = " ".join(terms)
    # Full-text matches all hold every word, so ts_rank (cover density) orders them; word
    # similarity, which reads each candidate's whole text, ranks only the near matches.
    rows = _pg_ranked(
        "e.vector @@ to_tsquery('simple', %s)", [tsquery], tsquery, phrase, provider_id, portal, limit, similar=False
    )
    if len(rows) < limit:
        found = {pk for pk, _ in rows}
        near = _pg_ranked("%s <%% e.text", [phrase], tsquery, phrase, provider_id, portal, limit + len(found))
        rows += [row for row in near if row[0] not in found][: limit - len(rows)]
    return rows


def _pg_ranked(condition, condition_params, tsquery, phrase, provider_id, portal, limit, *, similar=True):
    where, params = _scope(provider_id, portal)
    where.append(condition)
    rank = "ts_rank_cd(c.vector, to_tsquery('simple', %s))" + (" + word_similarity(%s, c.text)" if similar else "")
    rank_params = [tsquery, phrase] if similar else [tsquery]
    sql = (
        f"SELECT c.id, {rank} AS rank "  # noqa: S608 - constant fragments; values are parameters
        "FROM (SELECT e.id, e.vector, e.text FROM core_searchentry e WHERE "
        + " AND ".join(where)
        + " LIMIT %s) c ORDER BY rank DESC, c.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rank_params, *params, *condition_params, CANDIDATES, limit])
        return cursor.fetchall()


def _sqlite(terms, provider_id, portal, limit):
    match = " AND ".join('"' + term.replace('"', "") + '"*' for term in terms)
    where, params = _scope(provider_id, portal)
    where.insert(0, "core_searchentry_fts MATCH %s")
    sql = (
        "SELECT id, rank FROM (SELECT e.id AS id, bm25(core_searchentry_fts) AS rank FROM core_searchentry_fts "  # noqa: S608 - constant fragments; values are parameters
        "JOIN core_searchentry e ON e.id = core_searchentry_fts.rowid WHERE "
        + " AND ".join(where)
        + " LIMIT %s) ORDER BY rank, id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, CANDIDATES, limit])
        return cursor.fetchall()

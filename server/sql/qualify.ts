// Qualifies the tables a query reads with its database, for cluster mode.
//
// TRICKY: ClickHouse 18.16 sends a query over a Distributed table to the
// other shards with only the main table rewritten (to <db>.<name>_local);
// every other table the query names — IN and JOIN subqueries over the fully
// replicated tables (anomalies, calendar, …), or over other Distributed
// tables — is resolved there in the *server's* default database, and the
// same holds for a DDL statement replayed ON CLUSTER. So in cluster mode
// each query names its tables with their database (server/sql/client.ts),
// and so do the generated views (sql/cluster-schema.ts).
//
// A table is the identifier after FROM or JOIN (not ARRAY JOIN) that is not
// already qualified, a subquery or a table function; string literals are
// skipped. (FROM inside EXTRACT(… FROM …) or TRIM(… FROM …) would be taken
// for a table: the project's SQL uses neither.) No imports: shared by the
// client and the schema generator.

/** Index just past the parenthesis that closes the one at `open`, skipping string literals. */
export function closingParen(text: string, open: number): number {
  if (text[open] !== '(') throw new Error(`no '(' at ${open}`);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = endOfQuoted(text, i);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced parentheses');
}

/** Index of the closing quote of the literal that starts at `start` (backslash escapes and doubled quotes). */
export function endOfQuoted(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q) {
      if (text[i + 1] === q) i++;
      else return i;
    }
  }
  throw new Error('unterminated string literal');
}

/**
 * Qualifies the tables a query reads with `database`: the identifier after
 * FROM or JOIN (not ARRAY JOIN), unless it is already qualified, a subquery
 * or a table function. String literals are left alone. Linear in the text
 * (batch lookups send IN lists of hundreds of kilobytes).
 */
export function qualifyTables(text: string, database: string): string {
  // Tokens: a quoted literal or identifier (skipped whole), a word, or any other character.
  const token = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`\\]|\\.|``)*`|([A-Za-z_][A-Za-z0-9_]*)|(\s+)|[^A-Za-z_'"`\s]+|[^]/g;
  const follows = /\s*[.(]/y;
  const chunks: string[] = [];
  let copied = 0;
  let last = '';
  let beforeLast = '';
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    if (m[2] !== undefined) continue; // whitespace keeps the context
    const w = m[1];
    if (w === undefined) {
      last = '';
      beforeLast = '';
      continue;
    }
    const upper = w.toUpperCase();
    if ((last === 'FROM' || (last === 'JOIN' && beforeLast !== 'ARRAY')) && upper !== 'SELECT') {
      follows.lastIndex = m.index + w.length;
      if (!follows.test(text)) {
        chunks.push(text.slice(copied, m.index), `${database}.`);
        copied = m.index;
      }
      last = '';
      beforeLast = '';
      continue;
    }
    beforeLast = last;
    last = upper;
  }
  chunks.push(text.slice(copied));
  return chunks.join('');
}

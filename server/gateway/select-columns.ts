/**
 * The result column names a saved query's SQL declares in its outer select list, read without a
 * database: each top-level item's alias (`… as name`), or the last part of a plain column
 * (`r.status` → `status`). `*` and unnamed expressions are left out. Used to tell agents which
 * masked columns a request may ask to unmask before anything runs; the run itself masks by the
 * columns it really returns.
 *
 * @example selectColumns('select r.id as refund_id, c.email from refunds r') // ['refund_id', 'email']
 */
export function selectColumns(sql: string): string[] {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const start = /^\s*(?:with\b[\s\S]*?\)\s*)?select\s+(?:distinct\s+)?/i.exec(text);
  if (!start) return [];
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = start[0].length; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (depth === 0 && ch === ',') {
      items.push(current);
      current = '';
      continue;
    } else if (depth === 0 && /\s/.test(ch) && /^from\b/i.test(text.slice(i + 1))) {
      items.push(current);
      current = '';
      break;
    }
    current += ch;
  }
  if (current.trim()) items.push(current);
  return items.flatMap((item) => {
    const alias = /\bas\s+"?([A-Za-z_][A-Za-z0-9_]*)"?\s*$/i.exec(item.trim());
    if (alias) return [alias[1] as string];
    const plain = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*"?([A-Za-z_][A-Za-z0-9_]*)"?$/.exec(item.trim());
    return plain ? [plain[1] as string] : [];
  });
}

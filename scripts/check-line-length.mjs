#!/usr/bin/env node
// Lines of code at most 120 characters (Biome's formatter wraps what it can; this catches the rest,
// comments included). A line only over because of one string, template or regex literal that the
// formatter cannot break is allowed, and so are the labelled reason corpora (data, one reason a line).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 120;
const EXEMPT_FILES = new Set(['bench/reason-corpus.ts', 'bench/reason-holdout.ts']);
const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.py'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !EXEMPT_FILES.has(f));

// The line with the insides of its literals emptied: what the formatter could have wrapped.
const withoutLiterals = (line) =>
  line
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/`(?:[^`\\]|\\.)*`/g, '``')
    .replace(/\/(?![*/])(?:[^/\\\n]|\\.)+\/[dgimsuyv]*/g, '//');

const long = [];
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.length <= MAX) return;
      const comment = /^\s*(\/\/|\*|\/\*|#)/.test(line);
      if (!comment && withoutLiterals(line).length <= MAX) return;
      long.push(`${file}:${i + 1}: ${line.length} characters`);
    });
}
if (long.length > 0) {
  console.error(`${long.length} line(s) longer than ${MAX} characters:\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`line length: every line of ${files.length} files within ${MAX} characters`);

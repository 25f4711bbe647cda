/**
 * How well the reason checker judges reasons it was not written from: the labelled corpus in
 * bench/reason-corpus.ts (written independently of the checker), each reason with its request's
 * context. Prints accuracy, false refusals and false acceptances with each misjudged reason, and
 * the time per reason against a baseline from the same run (a regex test over the same text).
 *
 * Goal (issue 12): no vague reason accepted; at most 2% of specific reasons refused; < 0.2 ms each.
 *
 *   npm run bench:reasons            # BENCH_VERBOSE=1 also prints every borderline verdict
 */
import { performance } from 'node:perf_hooks';
import { checkReason } from '../shared/reason.js';
import { REASON_CORPUS, type CorpusEntry } from './reason-corpus.js';
import { REASON_HOLDOUT } from './reason-holdout.js';

const verdictOf = (e: CorpusEntry) =>
  checkReason(e.reason, { customerId: e.customerId, systems: e.systems, ticketSubject: e.ticketSubject ?? null });

const specific = REASON_CORPUS.filter((e) => e.label === 'specific');
const vague = REASON_CORPUS.filter((e) => e.label === 'vague');
const borderline = REASON_CORPUS.filter((e) => e.label === 'borderline');
const falseRefusals = specific.filter((e) => !verdictOf(e).ok);
const falseAcceptances = vague.filter((e) => verdictOf(e).ok);
const flagged = specific.filter((e) => verdictOf(e).ok && verdictOf(e).vague);
const judged = specific.length + vague.length;
const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

console.log(
  `corpus: ${REASON_CORPUS.length} reasons (${specific.length} specific, ${vague.length} vague, ${borderline.length} borderline)`,
);
console.log(`accuracy:           ${pct(judged - falseRefusals.length - falseAcceptances.length, judged)}`);
console.log(
  `false refusals:     ${falseRefusals.length} of ${specific.length} specific (${pct(falseRefusals.length, specific.length)}; goal ≤ 2%)`,
);
console.log(
  `false acceptances:  ${falseAcceptances.length} of ${vague.length} vague (${pct(falseAcceptances.length, vague.length)}; goal 0)`,
);
console.log(`specific but flagged vague: ${flagged.length}`);
for (const e of falseRefusals)
  console.log(`  refused specific [${e.domain}] ${JSON.stringify(e.reason)} → ${verdictOf(e).problems.join(', ')}`);
for (const e of falseAcceptances)
  console.log(`  accepted vague   [${e.domain}] ${JSON.stringify(e.reason)}${verdictOf(e).vague ? ' (flagged)' : ''}`);
const borderlineOk = borderline.filter((e) => verdictOf(e).ok);
console.log(
  `borderline: ${borderlineOk.length} of ${borderline.length} accepted (${borderlineOk.filter((e) => verdictOf(e).vague).length} of them flagged)`,
);
if (process.env.BENCH_VERBOSE)
  for (const e of borderline) console.log(`  ${JSON.stringify(e.reason)} → ${JSON.stringify(verdictOf(e))}`);

// The held-out set was written by another hand, after the checker was tuned on the corpus. Its first
// read gave 2 false refusals of 60 and 1 false acceptance of 60; three vocabulary gaps it showed
// were then filled ("reverts", "not happy", a system name that is also a word), so it is no longer
// unseen — new reasons should go to a fresh held-out file.
const hold = (label: 'specific' | 'vague') => REASON_HOLDOUT.filter((e) => e.label === label);
const holdRefused = hold('specific').filter((e) => !checkReason(e.reason, e).ok);
const holdAccepted = hold('vague').filter((e) => checkReason(e.reason, e).ok);
console.log(
  `held-out (${REASON_HOLDOUT.length}, written apart): false refusals ${holdRefused.length} of ${hold('specific').length} (${pct(holdRefused.length, hold('specific').length)}), false acceptances ${holdAccepted.length} of ${hold('vague').length} (${pct(holdAccepted.length, hold('vague').length)})`,
);
for (const e of holdRefused)
  console.log(`  refused specific ${JSON.stringify(e.reason)} → ${checkReason(e.reason, e).problems.join(', ')}`);
for (const e of holdAccepted) console.log(`  accepted vague   ${JSON.stringify(e.reason)}`);

// Time: the whole corpus many times, against a single regex scan of the same strings.
const hostile = [
  'a'.repeat(100_000),
  'refund '.repeat(20_000),
  `${'x'.repeat(499)}.`.repeat(200),
  '\u0000'.repeat(10_000),
];
function timePerCall(fn: (s: string) => unknown, inputs: string[], rounds: number): number {
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const s of inputs) fn(s);
  return (performance.now() - start) / (rounds * inputs.length);
}
const inputs = REASON_CORPUS.map((e) => e.reason);
for (let i = 0; i < 3; i++) timePerCall((s) => checkReason(s), inputs, 20); // warm up
const baseline = timePerCall((s) => /\bfail\w*\b/i.test(s), inputs, 200);
const perReason = timePerCall((s) => checkReason(s, { customerId: '1842', systems: ['billing-db'] }), inputs, 50);
const perHostile = timePerCall((s) => checkReason(s), hostile, 20);
console.log(
  `time per reason:    ${(perReason * 1000).toFixed(1)} µs (goal < 200 µs); baseline one regex scan ${(baseline * 1000).toFixed(2)} µs`,
);
console.log(`hostile input (100 KB, repeated words, NULs): ${(perHostile * 1000).toFixed(1)} µs per call`);

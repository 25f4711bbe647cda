/**
 * Access-reason checker for Ticketed Access.
 *
 * Before an agent gets time-boxed access to production customer data they state ONE plain, specific
 * sentence: what is wrong or what will be checked, about something concrete. It is judged with the
 * request's context: the customer in scope is the record (no id needed unless the reason names
 * another), and the request's systems feed the examples in the messages. The same function runs in
 * the sidebar (feedback as the agent types) and on the server (the rule), so this file is pure
 * TypeScript with no runtime APIs: the two sides can never disagree.
 */
import * as W from './reason-words.js';

export type ReasonProblem =
  | 'empty'
  | 'too_short'
  | 'too_long'
  | 'generic'
  | 'no_subject'
  | 'no_detail'
  | 'other_customer'
  | 'multiple_sentences';

/** The parts a specific reason has: what it is about, and what is wrong or what will be checked. */
export type ReasonPart = 'subject' | 'detail';

/** What the request already says, so the reason need not repeat it. */
export interface ReasonContext {
  customerId?: string | null;
  systems?: readonly string[];
  ticketId?: string | null;
  ticketSubject?: string | null;
}

export interface ReasonVerdict {
  /** True when the reason is accepted. */
  ok: boolean;
  /** Accepted but borderline; the server flags such grants for review. Always false when refused. */
  vague: boolean;
  /** Why it was refused; empty when ok. */
  problems: ReasonProblem[];
  /** What to add; non-empty when refused for vagueness or accepted as vague. */
  missing: ReasonPart[];
  /** Human sentence: what to add (with an example) when refused, a hint when vague, "" when accepted. */
  message: string;
}

/** Shorter than this cannot say what is wrong and about what. */
export const REASON_MIN_LENGTH = 25;
/** Longer than this is a narrative, not one sentence; it also bounds the work done on hostile input. */
export const REASON_MAX_LENGTH = 500;

type Kind =
  | 'vague'
  | 'aspect'
  | 'container'
  | 'record'
  | 'area'
  | 'symptom'
  | 'weak'
  | 'contrast'
  | 'negation'
  | 'check'
  | 'checkAlone'
  | 'question';

// One map from word to what it tells; later groups win where a word sits in two (an aspect noun
// that is also a vague word, e.g. "status", stays an aspect).
const KINDS = new Map<string, Kind>();
const add = (list: string[], kind: Kind) => {
  for (const w of list) KINDS.set(w, kind);
};
add(W.VAGUE, 'vague');
add(W.AREAS, 'area');
add(W.RECORDS, 'record');
add(W.ASPECTS, 'aspect');
add(W.CONTAINERS, 'container');
add(W.CHECK_VERBS, 'check');
add(W.CHECK_ALONE, 'checkAlone');
add(W.QUESTION_WORDS, 'question');
add(W.WEAK_SYMPTOMS, 'weak');
add(W.SYMPTOMS, 'symptom');
add(W.NEGATIONS, 'negation');
add(W.CONTRASTS, 'contrast');
const VAGUE_SET = new Set(W.VAGUE);
const NEG_EMPTY = new Set(W.NEGATION_EMPTY);
const NEG_WEAK = new Set(W.NEGATION_WEAK);
const NEG_FILLER = new Set(W.NEGATION_FILLER);
const STILL = new Set(W.STILL_STATES);
// Filler verbs that still say what is wrong when negated: "cannot access", "did not receive".
const NEG_MEANINGFUL = new Set(W.NEGATION_MEANINGFUL);

// Typos: every word of the vocabulary with one letter deleted points back at the word, so one
// lookup per deletion finds a word one insertion, deletion, substitution or swap away.
const DELETIONS = new Map<string, string>();
for (const [w, kind] of KINDS) {
  // Only towards words that tell something: a misspelt filler word is harmless as it is.
  if (w.length < 5 || kind === 'vague') continue;
  for (let i = 0; i < w.length; i++) {
    const d = w.slice(0, i) + w.slice(i + 1);
    if (!DELETIONS.has(d)) DELETIONS.set(d, w);
  }
}

function correct(token: string): string {
  if (KINDS.has(token) || token.length < 5 || token.length > 20 || /\d/.test(token)) return token;
  const direct = DELETIONS.get(token); // a letter missing
  if (direct) return direct;
  for (let i = 0; i < token.length; i++) {
    const d = token.slice(0, i) + token.slice(i + 1);
    if (KINDS.has(d)) return d; // a letter too many
    const near = DELETIONS.get(d); // a letter wrong, or two swapped
    if (near) return near;
  }
  return token;
}

/** The word's kind, trying light stems: refunds → refund, failing → fail, emailed → email. */
function kindOf(token: string): Kind | undefined {
  const known = KINDS.get(token);
  if (known) return known;
  for (const [suffix, repl] of [
    ['ies', 'y'],
    ['es', ''],
    ['s', ''],
    ['ing', ''],
    ['ing', 'e'],
    ['ed', ''],
    ['ed', 'e'],
    ['d', ''],
  ]) {
    if (token.length > suffix!.length + 2 && token.endsWith(suffix!)) {
      const k = KINDS.get(token.slice(0, -suffix!.length) + repl);
      if (k) return k;
    }
  }
  return undefined;
}

// The grant is already bound to a ticket: a ticket number says nothing about the data.
const TICKET_REF =
  /\b(?:tickets?|case|zendesk|zd|jira|incident)\s*(?:#|no\.?|number|id)?\s*#?\s*[a-z]{0,10}[-_]?\d[\w-]{0,40}/gi;
// Quantifiers are bounded throughout, so no pattern backtracks over a long run of letters.
const ID = String.raw`(?:#\s*)?[a-z0-9][\w./-]{0,40}\d[\w./-]{0,40}`;
// Identifiers: a named record is concrete. Matched on the raw text, then blanked out.
const ID_PATTERNS: RegExp[] = [
  /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}/gi, // email address
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // UUID
  /\b(?!(?:utf|sha|iso|rfc|x|tls|http|mp|h)[-_]\d)[a-z]{1,8}[-_][a-z0-9]{0,20}\d[\w-]{0,40}/gi, // A-1001, INV-22, sub_8841
  /\b(?:cus|sub|ch|pi|in|re|evt|acct|txn|py|pm|prod|price|seti|src)_[a-z0-9]{6,}\b/gi, // Stripe ids
  /#[a-z0-9-]{0,20}\d[\w-]{0,40}/gi, // #48271
  // A bare number of 3+ digits, but not a year, an amount ($1200, 12.50) or a time (10:30).
  /(?<![\d$€£¥.,:/])\b(?!(?:19|20)\d\d\b)\d{3,}\b(?![.,:/]\d|\s*(?:usd|eur|gbp|dollars?|euros?|pounds?|%))/gi,
];
// "customer 5521", "acct #9013": which customer the reason names, to compare with the scope.
const CUSTOMER_REF = new RegExp(
  String.raw`\b(?:customer|cust|client|account|acct)\s*(?:#|no\.?|nr\.?|id)?\s*:?\s*(${ID})`,
  'gi',
);
// An HTTP error status is a symptom: "returns 500", "fails with 403", "HTTP 401".
const STATUS_SYMPTOM =
  /\b(?:return(?:s|ed|ing)?|got|gets|getting|throw(?:s|ing)?|with|http|status|respond(?:s|ed)? with|an?)\s+(?:http\s+)?[45]\d\ds?\b/i;
// Words ending in "." that do not end a sentence ("e.g.", "approx.", "No. 5521").
const ABBREVIATIONS = new Set(
  'e.g i.e etc vs approx est no nr mr mrs ms dr st jr inc ltd co corp dept ref fig a.m p.m u.s acct min max incl cust pls'.split(
    ' ',
  ),
);

/** Counts full stops inside the text, ignoring abbreviations, initials, decimals and the final period. */
function countSentenceBreaks(text: string): number {
  let breaks = 0;
  for (const m of text.matchAll(/(\S{0,30}?)([.!?]{1,10})["'”’)\]]{0,5}\s+(?=\S)/g)) {
    const word = (m[1] ?? '').toLowerCase().replace(/^[^a-z0-9]+/, '');
    const punct = m[2] ?? '';
    if (punct.length > 1 && /^\.+$/.test(punct)) continue; // an ellipsis is a pause, not a full stop
    if (punct === '.' && (ABBREVIATIONS.has(word) || /^[a-z]$/.test(word))) continue;
    // "…without any admin action? check who revoked it": a question mark inside a lower-case sentence.
    if (/^[?!]+$/.test(punct) && /^[a-z]/.test(text.slice((m.index ?? 0) + m[0].length))) continue;
    breaks++;
  }
  return breaks;
}

interface Reading {
  generic: boolean;
  /** 3: an aspect ("the VAT rate", "delivery attempts"); 2: a record, id or system; 1: an area; 0: nothing. */
  subject: number;
  /** 2: a clear symptom or check; 1: a hint of one ("wrong", "not working"); 0: none. */
  detail: number;
  otherCustomer: string | null;
}

/** The reason as words, each with what it tells. */
interface Words {
  tokens: string[];
  /** The word before shorthand and typo correction ("charged", not "charge"). */
  raw: string[];
  kinds: Array<Kind | undefined>;
  /** Distinct aspects and records named (ids count once each), beyond the containers. */
  concrete: number;
}

const NEAR = 3;
const HOLDS_SUBJECT: ReadonlySet<Kind | undefined> = new Set(['aspect', 'record', 'container', 'symptom']);

/** Reads a bounded sample of the reason into the two things that make it specific. */
function read(sample: string, context: ReasonContext): Reading {
  let otherCustomer: string | null = null;
  if (context.customerId) {
    for (const m of sample.matchAll(CUSTOMER_REF)) {
      const id = (m[1] ?? '').replace(/^#\s*/, '');
      if (id.toLowerCase() !== context.customerId.toLowerCase()) otherCustomer ??= id;
    }
  }
  let text = sample.replace(TICKET_REF, ' ');
  let ids = 0;
  for (const re of ID_PATTERNS) {
    text = text.replace(re, () => {
      ids += 1;
      return ' ';
    });
  }
  let lower = text
    .toLowerCase()
    .replace(/n['’]t\b/g, 'nt')
    .replace(/['’]s\b/g, '');
  for (const [re, to] of W.PHRASES) lower = lower.replace(re, to);
  const systems = new Set(
    (context.systems ?? []).flatMap((s) => s.toLowerCase().split(/[^a-z0-9]+/)).filter((s) => s.length > 2),
  );

  const raw = (lower.match(/[a-z0-9]+/g) ?? []).slice(0, 120);
  const tokens = raw.map((t) => W.SHORTHAND[t] ?? correct(t));
  // A word of a system's name ("billing-db") is concrete; one that is also a word of its own
  // ("gateway" in "payments-gateway") keeps its meaning.
  const own = tokens.map(kindOf);
  const kinds = tokens.map((t, i) => own[i] ?? (systems.has(t) ? ('record' as const) : undefined));
  const named = new Set(tokens.filter((_, i) => own[i] === 'aspect' || own[i] === 'record'));
  const w: Words = { tokens, raw, kinds, concrete: named.size + ids };
  const generic = tokens.every((t, i) => VAGUE_SET.has(t) || kinds[i] === 'vague' || /^\d+$/.test(t));

  let subject = ids > 0 ? 2 : 0;
  let detail = STATUS_SYMPTOM.test(sample) ? 2 : 0;
  for (let i = 0; i < tokens.length; i++) {
    const kind = kinds[i];
    if (kind === 'aspect') subject = 3;
    else if (kind === 'record' || kind === 'container') subject = Math.max(subject, 2);
    else if (kind === 'area') subject = Math.max(subject, 1);
  }
  for (let i = 0; i < tokens.length; i++) {
    const kind = kinds[i];
    const token = tokens[i]!;
    if (kind === 'symptom' || kind === 'checkAlone') detail = 2;
    else if (kind === 'weak') detail = Math.max(detail, aspectNear(w, i) && w.concrete >= 2 ? 2 : 1);
    else if (kind === 'contrast') detail = Math.max(detail, subject === 3 ? 2 : 1);
    else if (kind === 'negation') detail = Math.max(detail, negated(w, i + 1));
    else if (kind === 'check') detail = Math.max(detail, checked(w, i + 1));
    else if (token === 'why' && holdsSubject(w, i + 1)) detail = 2;
    else if (token === 'still' && (STILL.has(raw[i + 1] ?? '') || STILL.has(tokens[i + 1] ?? ''))) detail = 2;
  }
  return { generic, subject, detail, otherCustomer };
}

const aspectNear = (w: Words, i: number) => {
  for (let j = Math.max(0, i - NEAR); j <= Math.min(w.kinds.length - 1, i + NEAR); j++)
    if (w.kinds[j] === 'aspect') return true;
  return false;
};

const holdsSubject = (w: Words, from: number) => {
  for (let q = from; q < w.kinds.length; q++) if (HOLDS_SUBJECT.has(w.kinds[q])) return true;
  return false;
};

/** What a negation negates: "never arrived" is a symptom, "not working" a hint, "not sure" nothing. */
function negated(w: Words, from: number): number {
  for (let j = from; j < Math.min(w.tokens.length, from + 4); j++) {
    const t = w.tokens[j]!;
    if (NEG_FILLER.has(t)) continue;
    if (NEG_EMPTY.has(t)) return 0;
    if (NEG_WEAK.has(t)) return 1;
    return w.kinds[j] === 'vague' && !NEG_MEANINGFUL.has(t) ? 1 : 2;
  }
  return 1;
}

/**
 * A check verb states a check when what follows asks a question about something concrete, or names
 * an aspect of something named ("the VAT rate on the last invoice") — not a topic alone ("their tax
 * settings") or a record alone ("order 5521").
 */
function checked(w: Words, from: number): number {
  let best = 0;
  for (let j = from; j < Math.min(w.kinds.length, from + 6); j++) {
    const k = w.kinds[j];
    if (k === 'aspect') return w.concrete >= 2 ? 2 : 1;
    if (k === 'question') return holdsSubject(w, j + 1) ? 2 : best;
    if (k === 'record' || k === 'container') best = 1;
  }
  return best;
}

/** An example reason built from the request's own systems and customer, for the messages. */
export function exampleReason(context: ReasonContext = {}): string {
  const customer = context.customerId ? `customer ${context.customerId}` : 'the customer';
  const system = context.systems?.[0] ?? 'billing-db';
  if (/pay|gateway|stripe|card/i.test(system)) {
    return `“A charge for ${customer} was declined although the bank approved it; checking the gateway response in ${system}”`;
  }
  if (/account|auth|admin|user|sso|login|identity/i.test(system)) {
    return `“Users of ${customer} cannot log in since the SSO change; checking the login history in ${system}”`;
  }
  if (/log|event|trace|monitor/i.test(system))
    return `“Exports for ${customer} fail with a timeout; checking ${system} for the export job's errors”`;
  if (/ship|order|warehouse|fulfil/i.test(system))
    return `“The last order for ${customer} shows delivered but never arrived; checking the tracking events in ${system}”`;
  return `“The last refund for ${customer} shows completed but the money never arrived; checking the refund's status in ${system}”`;
}

const refusal = (problems: ReasonProblem[], missing: ReasonPart[], message: string): ReasonVerdict => ({
  ok: false,
  vague: false,
  problems,
  missing,
  message,
});

/**
 * Checks an access reason in the context of its request. Accepted when it is one sentence of
 * sensible length that says what is wrong or what will be checked, about something concrete;
 * accepted with `vague: true` (the server flags the grant) when only one of those is clear.
 *
 * @example
 * checkReason('verify whether the payment gateway returned a failure after the refund job ran', { customerId: '1842',
 * systems: ['billing-db'] });
 * // => { ok: true, vague: false, problems: [], missing: [], message: '' }
 * checkReason('Troubleshooting', { customerId: '1842', systems: ['billing-db'] }).problems; // => ['too_short',
 * 'generic', …]
 */
export function checkReason(reason: string, context: ReasonContext = {}): ReasonVerdict {
  // Only a bounded head is normalised, so a pasted megabyte costs no more than a long reason.
  const head = reason.length > REASON_MAX_LENGTH * 4 ? reason.slice(0, REASON_MAX_LENGTH * 4) : reason;
  const text = head.replace(/\s+/g, ' ').trim();
  const beyond = head !== reason && /\S/.test(reason.slice(head.length));
  const example = exampleReason(context);
  if (text === '') {
    return refusal(
      ['empty'],
      ['subject', 'detail'],
      `Write one sentence that says what is wrong or what you will check, and in what — for example: ${example}.`,
    );
  }
  const sample = text.slice(0, REASON_MAX_LENGTH + 1);
  const r = read(sample, context);
  const tooShort = text.length < REASON_MIN_LENGTH;
  const tooLong = text.length > REASON_MAX_LENGTH || beyond;
  const multiple = countSentenceBreaks(sample) > 0;

  const specific = !r.generic && r.detail === 2 && r.subject >= 2;
  // An area alone ("billing") with a clear symptom is accepted, and flagged for a lead to read.
  const borderline = !r.generic && r.detail === 2 && r.subject === 1;
  const missing: ReasonPart[] = [];
  if (!specific) {
    if (r.generic || r.subject < 2) missing.push('subject');
    if (r.generic || r.detail < 2) missing.push('detail');
  }
  const ok = !tooShort && !tooLong && !multiple && !r.otherCustomer && (specific || borderline);
  if (ok) {
    const hint = missing.includes('detail')
      ? 'what exactly is wrong or what you will check'
      : 'which part it is about (a refund, an invoice, a login…)';
    return {
      ok,
      vague: !specific,
      problems: [],
      missing,
      message: specific ? '' : `Accepted, but borderline: also say ${hint}.`,
    };
  }

  const problems: ReasonProblem[] = [];
  const sentences: string[] = [];
  if (tooShort) problems.push('too_short');
  if (tooLong) problems.push('too_long');
  if (r.generic) problems.push('generic');
  if (!specific && !borderline) {
    if (!r.generic && missing.includes('subject')) problems.push('no_subject');
    if (!r.generic && missing.includes('detail')) problems.push('no_detail');
    if (r.generic || missing.length === 2)
      sentences.push(`Too vague: say what is wrong or what you will check, and in what — for example: ${example}.`);
    else if (missing.includes('detail'))
      sentences.push(`Say what is wrong with it or what you will check — for example: ${example}.`);
    else {
      const ticket = context.ticketSubject ? ` — the ticket is about “${context.ticketSubject.slice(0, 80)}”` : '';
      sentences.push(
        `Say what it is about (a refund, an invoice, a login, a delivery…)${ticket}; for example: ${example}.`,
      );
    }
  }
  if (r.otherCustomer) {
    problems.push('other_customer');
    sentences.push(
      `This names customer ${r.otherCustomer}, but the request is for customer ${context.customerId}: request access for that customer, or fix the reason.`,
    );
  }
  if (multiple) problems.push('multiple_sentences');
  if (tooLong) sentences.push(`Too long: keep it to one sentence of at most ${REASON_MAX_LENGTH} characters.`);
  if (multiple) sentences.push('Write one sentence, not several.');
  if (tooShort && (specific || borderline)) sentences.push(`Too short: use at least ${REASON_MIN_LENGTH} characters.`);
  return refusal(problems, specific || borderline ? [] : missing, sentences.join(' '));
}

/**
 * Access-reason checker for Ticketed Access.
 *
 * Before an agent gets time-boxed access to production customer data they must state ONE plain,
 * specific sentence: what is wrong (symptom), which record they will open (record) and what they
 * will check (check). The same function runs in the browser sidebar (instant feedback while typing)
 * and on the server (the actual rule), so this file is pure TypeScript with no imports and no
 * runtime APIs: the two sides can never disagree.
 */

export type ReasonProblem =
  | 'empty'
  | 'too_short'
  | 'too_long'
  | 'generic'
  | 'no_symptom'
  | 'no_record'
  | 'no_check'
  | 'multiple_sentences';

export interface ReasonVerdict {
  /** True when the reason is accepted. */
  ok: boolean;
  /** Accepted but borderline (one of symptom/check missing); the server flags such grants for review. Always false when refused. */
  vague: boolean;
  /** Why it was refused; empty when ok. */
  problems: ReasonProblem[];
  /** What to add; may be non-empty when ok && vague. */
  missing: Array<'symptom' | 'record' | 'check'>;
  /** Human sentence: what to add when refused, a short hint when vague, "" when fully accepted. */
  message: string;
}

/** Shorter than this cannot name a symptom, a record and a check. */
export const REASON_MIN_LENGTH = 25;
/** Longer than this is a narrative, not one sentence; it also bounds the work done on hostile input. */
export const REASON_MAX_LENGTH = 500;

type Part = 'symptom' | 'record' | 'check';
const ALL_PARTS: Part[] = ['symptom', 'record', 'check'];

const wordSet = (s: string): Set<string> => new Set(s.trim().split(/\s+/));

// Words that carry no specific information by themselves. A reason made only of these (once record
// and ticket references are removed) is "generic", whatever order they come in: this catches
// "Troubleshooting", "urgent issue", "need access to look into it for the customer asap", etc.
const VAGUE_WORDS = wordSet(`
  troubleshoot troubleshooting check checking checks checked checkup data urgent urgently issue issues
  debug debugging support review reviewing investigate investigating investigation look looking into
  need needs needed access as requested request requests fix fixing fixes bug bugs per verify verifying
  verification account accounts please pls plz asap ticket tickets case cases for the a an to of on in at
  by from with about regarding re and or this that these those it its customer customers client clients
  user users problem problems help helping assist assisting assistance escalation escalated escalate
  follow following followup up general routine quick quickly some stuff thing things info information
  detail details record records query queries team our my me i we you they them their his her he she is
  are was were be been being will would can could should am do doing done want wanted get getting got
  grant granted give provide open see what happened happen going something everything anything all any
  just now today again priority high p1 p2 p3 sev1 sev2 critical important reported report reports work
  working task admin ops analysis analyze analyse m s ll ve d t here there so also etc
`);

// The grant is already bound to a ticket, so citing the ticket number says nothing about which
// customer record will be opened; strip ticket references before looking for a record.
const TICKET_REF = /\b(?:tickets?|case|zendesk|zd|jira|incident)\s*(?:#|no\.?|number|id)?\s*#?\s*[a-z]*[-_]?\d[\w-]*/gi;

// A token that looks like an identifier: has a digit and at least two characters ("42", "A-1001").
const ID = String.raw`(?:#\s*)?[a-z0-9][\w./-]*\d[\w./-]*`;
const RECORD_TYPES =
  'refund|order|invoice|account|acct|subscription|sub|customer|cust|user|member|payment|charge|transaction|txn|payout|' +
  'shipment|delivery|export|import|job|webhook|event|contract|quote|message|device|booking|reservation|claim|card|cart|' +
  'sku|product|batch|file|report|session|profile|record|id';
// Records usually named by a slug or domain rather than a number ("workspace acme-corp", "tenant acme.com").
const SLUG_TYPES = 'tenant|org|organi[sz]ation|workspace|company|domain|site|store|shop|team|project|merchant|instance';

const RECORD_PATTERNS: RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi, // email address
  new RegExp(String.raw`\b(?:${RECORD_TYPES})s?\s*(?:#|no\.?|nr\.?|number|id)?\s*:?\s*(?:${ID}|[a-z]+_[a-z0-9]+|"[^"]+"|“[^”]+”)`, 'gi'),
  new RegExp(String.raw`\b(?:${SLUG_TYPES})s?\s*:?\s*(?:[a-z0-9]+(?:[-.][a-z0-9]+)+|${ID}|"[^"]+"|“[^”]+”)`, 'gi'),
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // UUID
  /\b(?!(?:utf|sha|iso|rfc|x|tls|http|mp|h)[-_]\d)[a-z]{1,8}[-_][a-z0-9]*\d[\w-]*/gi, // A-1001, INV-22, sub_8841 (not UTF-8, SHA-256)
  /\b(?:cus|sub|ch|pi|in|re|evt|acct|txn|py|pm|prod|price|seti|src)_[a-z0-9]{6,}\b/gi, // Stripe ids without digits
  /#[a-z0-9-]*\d[\w-]*/gi, // #48271
  // A bare number of 4+ digits, but not a year, an amount ($1200, 12.50, 1200 USD) or a time (10:30).
  /(?<![\d$€£¥.,:/])\b(?!(?:19|20)\d\d\b)\d{4,}\b(?![.,:/]\d|\s*(?:usd|eur|gbp|dollars?|euros?|pounds?|%))/gi,
];

// Words that say something is wrong. Negations count: in a support context "did not arrive",
// "cannot log in", "never received" are the symptom. "whether or not" is stripped first.
const SYMPTOM = new RegExp(
  String.raw`\b(?:fail(?:s|ed|ing|ures?)?|errors?|error(?:ed|ing)|missing|wrong(?:ly)?|incorrect(?:ly)?|duplicat\w*|twice|` +
    String.raw`double[- ]?(?:charged?|billed|counted|posted)|declin(?:e|es|ed|ing)|stuck|time[sd]? ?out|timing out|timeouts?|` +
    String.raw`mismatch\w*|bounc(?:e|es|ed|ing)|reject(?:s|ed|ing)|broken|break(?:s|ing)|crash\w*|blank|empty|lost|` +
    String.raw`disappear\w*|vanish\w*|(?:over|under)(?:charged|billed)|expired|locked out|lockout|blocked|denied|invalid|` +
    String.raw`hang(?:s|ing)|hung|delayed|late|out of sync|discrepanc\w*|inconsistent|corrupt\w*|truncated|dropp(?:ed|ing)|` +
    String.raw`skipp(?:ed|ing)|revert(?:ed|ing)|unauthori[sz]ed|forbidden|refused|garbled|unexpected(?:ly)?|mistake(?:nly)?|` +
    String.raw`accidental(?:ly)?|erroneous(?:ly)?|instead of|never|no longer|not|cannot|unable|\w+n['’]t|stale|outdated|` +
    String.raw`loop(?:s|ing)?|slow|spam|pending (?:since|for)|` +
    String.raw`still (?:pending|processing|open|active|there|locked|listed|visible|present|show\w*|see\w*|charg\w*|bill\w*|appear\w*|wait\w*))\b`,
);
// An HTTP error status is a symptom: "returns 500", "fails with 403", "HTTP 401".
const STATUS_SYMPTOM = /\b(?:return(?:s|ed|ing)?|got|gets|getting|throw(?:s|ing)?|with|http|status|respond(?:s|ed)? with)\s+(?:an?\s+)?(?:http\s+)?[45]\d\d\b/;

// Verbs that state a check on their own ("compare the invoice with the order").
const CHECK_ALONE = /\b(?:compar(?:e|es|ed|ing)|reconcil(?:e|es|ed|ing)|diagnos(?:e|es|ed|ing)|pinpoint(?:ing)?|reproduc(?:e|es|ed|ing))\b/;
// Verbs that only state a check with an object: "verify whether ...", "check the delivery logs".
// On their own ("verify account", "checking data") they say nothing about what will be checked.
const CHECK_VERB =
  String.raw`(?:verify|verifying|confirm|confirming|check|checking|inspect|inspecting|examine|examining|review|reviewing|` +
  String.raw`determine|determining|validate|validating|investigate|investigating|audit|auditing|ensure|make sure|` +
  String.raw`find out|finding out|figure out|work out|look at|looking at|look into|looking into|look through|see|seeing|` +
  String.raw`understand|trace|tracing|pull|pulling|query|querying|go through|going through|identify|identifying|find|finding)`;
const CHECK_QUESTION = new RegExp(String.raw`\b${CHECK_VERB}(?:\s+\S+){0,3}?\s+(?:whether|if|why|how|when|where|which|that)\b`);
const CHECK_OBJECT = new RegExp(
  String.raw`\b${CHECK_VERB}(?:\s+\S+){0,4}?\s+(?:status(?:es)?|logs?|responses?|payloads?|history|settings?|config(?:uration)?|` +
    String.raw`timestamps?|events?|attempts?|amounts?|totals?|balances?|ledger|mapping|state|entries|entry|headers?|signature|` +
    String.raw`metadata|trail|results?|values?|fields?|permissions?|roles?|assertion|certificate|tokens?|queue|retries|retry|` +
    String.raw`deliver(?:y|ies)|transactions?|line items?|address|tax|currency|schedule|output|errors?|codes?|reasons?|` +
    String.raw`cause|root cause|trace|records?|charges?|payments?|refunds?|payouts?|captures?|invoices?|emails?|webhooks?|jobs?)\b`,
);

// Words ending in "." that do not end a sentence ("e.g.", "approx.", "No. 5521").
const ABBREVIATIONS = wordSet('e.g i.e etc vs approx est no nr mr mrs ms dr st jr inc ltd co corp dept ref fig a.m p.m u.s acct min max incl');

const PART_TEXT: Record<Part, string> = {
  symptom: 'what is wrong (the symptom)',
  record: 'which record you will open (e.g. refund 9912 or order A-1001)',
  check: 'what you will check',
};

/** "a", "a and b", "a, b, and c" */
function listParts(parts: Part[]): string {
  const texts = parts.map((p) => PART_TEXT[p]);
  if (texts.length <= 2) return texts.join(' and ');
  return `${texts.slice(0, -1).join(', ')}, and ${texts.at(-1) ?? ''}`;
}

/** Counts full stops inside the text, ignoring abbreviations, initials, decimals and the final period. */
function countSentenceBreaks(text: string): number {
  let breaks = 0;
  for (const m of text.matchAll(/(\S*?)([.!?]+)["'”’)\]]*\s+(?=\S)/g)) {
    const word = (m[1] ?? '').toLowerCase().replace(/^[^a-z0-9]+/, '');
    const punct = m[2] ?? '';
    if (punct.length > 1 && /^\.+$/.test(punct)) continue; // an ellipsis is a pause, not a full stop
    if (punct === '.' && (ABBREVIATIONS.has(word) || /^[a-z]$/.test(word))) continue;
    breaks++;
  }
  return breaks;
}

function removeAll(text: string, patterns: RegExp[]): { rest: string; found: boolean } {
  let rest = text;
  let found = false;
  for (const re of patterns) {
    rest = rest.replace(re, () => {
      found = true;
      return ' ';
    });
  }
  return { rest, found };
}

/**
 * Checks an access reason. Accepted when it is one sentence of sensible length, not generic, names a
 * concrete record, and says at least one of symptom/check; if one of those two is missing it is
 * accepted with `vague: true` (the server flags the grant for review).
 *
 * @example
 * checkReason('Verify whether the payment gateway returned a failure after the refund job ran for refund 9912');
 * // => { ok: true, vague: false, problems: [], missing: [], message: '' }
 * checkReason('Troubleshooting').message;
 * // => 'Too vague: say what is wrong (the symptom), which record you will open (e.g. refund 9912 or order A-1001), and what you will check.'
 */
export function checkReason(reason: string): ReasonVerdict {
  const text = reason.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return { ok: false, vague: false, problems: ['empty'], missing: [...ALL_PARTS], message: `Write one sentence that says ${listParts(ALL_PARTS)}.` };
  }

  // Analyse a bounded prefix so a pasted megabyte cannot make the regexes expensive.
  const sample = text.slice(0, REASON_MAX_LENGTH * 2);
  const lower = sample.toLowerCase().replace(/\b(?:whether or not|or not|if not)\b/g, ' ');
  const { rest: withoutTickets } = removeAll(sample, [TICKET_REF]);
  const { rest: leftover, found: hasRecord } = removeAll(withoutTickets, RECORD_PATTERNS);
  const hasSymptom = SYMPTOM.test(lower) || STATUS_SYMPTOM.test(lower);
  const hasCheck = CHECK_ALONE.test(lower) || CHECK_QUESTION.test(lower) || CHECK_OBJECT.test(lower);
  const words = leftover.toLowerCase().replace(/['’]s\b/g, '').match(/[a-z0-9]+/g) ?? [];
  const generic = words.every((w) => VAGUE_WORDS.has(w) || /^\d+$/.test(w));

  const missing: Part[] = [];
  if (!hasSymptom) missing.push('symptom');
  if (!hasRecord) missing.push('record');
  if (!hasCheck) missing.push('check');

  const tooShort = text.length < REASON_MIN_LENGTH;
  const tooLong = text.length > REASON_MAX_LENGTH;
  const multiple = countSentenceBreaks(sample) > 0;
  // Without a record we cannot say which data the grant covers; with two parts missing the reason
  // does not explain itself. Either way it is too vague to grant.
  const tooVague = generic || !hasRecord || missing.length >= 2;
  const ok = !tooShort && !tooLong && !multiple && !tooVague;

  if (ok) {
    const vague = missing.length > 0;
    return { ok, vague, problems: [], missing, message: vague ? `Accepted, but borderline: also say ${listParts(missing)}.` : '' };
  }

  const problems: ReasonProblem[] = [];
  if (tooShort) problems.push('too_short');
  if (tooLong) problems.push('too_long');
  if (generic) problems.push('generic');
  if (multiple) problems.push('multiple_sentences');
  for (const part of missing) problems.push(`no_${part}`);

  const sentences: string[] = [];
  if (tooVague) sentences.push(`Too vague: say ${listParts(missing.length > 0 ? missing : ALL_PARTS)}.`);
  if (tooLong) sentences.push(`Too long: keep it to one sentence of at most ${REASON_MAX_LENGTH} characters.`);
  if (multiple) sentences.push('Write one sentence, not several.');
  if (tooShort && !tooVague) sentences.push(`Too short: use at least ${REASON_MIN_LENGTH} characters.`);
  if (!tooVague && missing.length > 0) sentences.push(`Also say ${listParts(missing)}.`);
  return { ok: false, vague: false, problems, missing, message: sentences.join(' ') };
}

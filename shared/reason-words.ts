/**
 * The vocabulary the reason checker (`reason.ts`) reads with. Words are grouped by what they tell
 * about a reason, not by domain, so a new domain mostly needs nouns added here and no new rule.
 * Words are matched after lower-casing, phrase joining (`PHRASES`) and light stemming.
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

/**
 * Words that carry no specific information by themselves: a reason made only of these (once ids and
 * ticket references are removed) is generic, whatever order they come in.
 */
export const VAGUE = words(`
  troubleshoot troubleshooting check checking checks checked checkup data urgent urgently issue issues
  debug debugging support review reviewing investigate investigating investigation look looking into
  need needs needed access as requested request requests fix fixing fixes bug bugs per verify verifying
  verification account accounts please pls plz asap ticket tickets case cases for the a an to of on in at
  by from with about regarding re and or this that these those it its customer customers client clients
  cust user users problem problems help helping assist assisting assistance escalation escalated escalate
  follow following followup up general routine quick quickly some stuff thing things info information
  detail details record records query queries team our my me i we you they them their his her he she is
  are was were be been being will would can could should am do doing done want wanted get getting got
  grant granted give provide open see what happened happen going something everything anything all any
  just now today again priority high p1 p2 p3 sev1 sev2 critical important reported report reports work
  working task admin ops analysis analyze analyse m s ll ve d t here there so also etc production prod
  db database system systems environment env backend platform concern concerns complaint inquiry enquiry
  question questions matter situation discussed discussion mentioned described lead manager cs tl
  internal sla side end wants said says asked asking told tell note notes context background sure ok
  okay related relevant whatever stuff look-up lookup necessary needful same usual standard regular
  normal current currently latest last recent recently new old kindly thanks thank hi hello lookat findout
  production's item items purpose purposes own whole part parts
`);

/** Things a check or a symptom can be about: the aspects and parts of records (tier 3). */
export const ASPECTS = words(`
  status state amount total subtotal price pricing rate vat tax taxes currency balance ledger fee fees
  discount coupon promo proration prorated credit credits lineitem address tracking carrier courier
  delivery deliveries attempt log logs history event events response payload header headers signature
  secret token certificate cert assertion saml sso oauth oidc scim mfa 2fa otp password reset login
  session sessions lockout permission role seat owner ownership email emails sms notification bounce
  unsubscribe template endpoint callback retry retries row rows column columns csv mapping field encoding
  sync schedule renewal trial upgrade downgrade cancellation payout capture authorization chargeback
  dispute gateway processor bank stripe paypal adyen braintree deletion erasure gdpr retention backup
  timestamp timezone config configuration setting settings quota limit usage metering api scope scopes
  code exemption exempt label warehouse stock inventory return exchange replacement dns domain ip
  allowlist whitelist digest push device receipt pdf attachment upload download link url redirect
  cookie invite invitation 2fa cycle date dates plan tier seats sender spf dkim smtp mailbox inbox
  alert alerts reminder reminders webhook webhooks key keys rotation hmac secret vendor courier eta
  parcel tracking label weight sku deletion anonymisation
  anonymization consent subprocessor restore merge name names username phone region migration
  residency recipient recipients channel channels due notice notices reminder statement-date expiry expiration
  `);

/** Aspects too general to say what about a record will be checked ("the settings", "the logs"). */
export const CONTAINERS = words(
  `settings setting config configuration logs log history events event details errors records`,
);

/** Records and screens named as a whole (tier 2): concrete, but say nothing of what about them. */
export const RECORDS = words(`
  order orders invoice subscription payment transaction shipment package profile workspace tenant org
  organization organisation export import file job card quote contract booking reservation cart checkout
  product item report dashboard page screen form message member contact document statement batch entry
  purchase refund charge project site store shop portal app integration file files spreadsheet job
  receipt bill
`);

/** Areas of the product (tier 1): concrete enough to accept only with a clear symptom or check. */
export const AREAS = words(
  `billing payments invoicing finance accounting integrations platform application website service`,
);

/** Words that say something is wrong. */
export const SYMPTOMS = words(`
  fail failed failing fails failure failures erroring errored missing duplicate duplicated
  duplicates declined decline declines stuck timeout timeouts mismatch mismatched mismatches
  bounce bounced bouncing bounces jumped spiked doubled tripled half reject rejected rejecting rejects
  crash crashed crashes crashing blank
  empty lost disappeared vanished overcharged undercharged overbilled underbilled expired lockedout
  locked blocked denied invalid hang hangs hanging hung delayed outofsync discrepancy discrepancies
  inconsistent corrupt corrupted truncated dropped skipped revert reverts reverted unauthorized unauthorised
  forbidden
  refused garbled unexpected unexpectedly mistake mistakes mistaken mistakenly accidentally erroneously stale
  outdated loop looping
  loops slow spam partial partially incomplete unable instead extra fraud fraudulent unrecognized
  unrecognised unknown higher lower overdue unpaid stopped disabled deactivated suspended cancelled
  canceled removed deleted overwritten lapsed revoked leaked exposed unsent undelivered damaged
  retrying retried reappeared reappearing repeated repeatedly
  `);

/** Words that say something may be wrong without saying what. */
export const WEAK_SYMPTOMS = words(
  `wrong incorrect incorrectly broken weird odd strange off buggy glitch glitchy different error errors late`,
);

/** Words that set what is against what should be: "shows paid but", "even though", "should be 19%". */
export const CONTRASTS = words(`but though although despite whereas eventhough shouldbe expected supposedto`);

/** Negations: "never arrived", "cannot log in", "didn't get the refund" are the symptom. */
export const NEGATIONS = words(`not never cannot cant unable nolonger no none nothing`);
/** After a negation: "not sure", "don't know" say nothing; "not working" says little. */
export const NEGATION_EMPTY = words(`sure know clear idea certain yet aware happy satisfied pleased impressed`);
export const NEGATION_WEAK = words(
  `work works working worked function functioning right correct correctly ok okay good properly`,
);
/** Skipped between a negation and what it negates ("never got the refund"). */
export const NEGATION_MEANINGFUL = words(
  `receive received arrive arrived show showing shown sent send access see open find load use`,
);
export const NEGATION_FILLER = words(
  `be been being the a an to get got getting have has had seem seems seemed even really at all yet been their its his her`,
);

/** "still pending", "still charged": the thing should have changed and did not. */
export const STILL_STATES = words(`
  pending processing open active there locked listed visible present showing shows show charged charging billed
  billing appearing appears waiting sending getting receiving seeing subscribed enabled running queued going coming
  using pointing routing gets receives loads loading exists works accessible charge there sent arriving
`);

/** Verbs that state a check when they have an object. */
export const CHECK_VERBS = words(`
  check verify confirm inspect examine review determine validate investigate audit ensure lookat see understand
  trace pull query identify find findout search read match test analyze analyse figureout workout makesure
  gothrough look recheck doublecheck establish assess
`);
/** Verbs that state a check on their own ("compare the invoice with the order"). */
export const CHECK_ALONE = words(`compare reconcile diagnose reproduce pinpoint crosscheck`);
export const QUESTION_WORDS = words(`whether if why how when where which what who`);

/**
 * Phrases joined into one token before matching, so "log in", "sign-in" and "logging in" are one
 * word, and "look at" is one verb. Applied in order to lower-cased text.
 */
export const PHRASES: Array<[RegExp, string]> = [
  [/\b(?:log(?:ged|ging)?|sign(?:ed|ing)?)[ -]?(?:in|on)s?\b/g, ' login '],
  [/\bline[ -]items?\b/g, ' lineitem '],
  [/\be-?mails?\b/g, ' email '],
  [/\b(?:two|2)[ -]?(?:factor|fa|step)(?: auth\w*)?\b/g, ' 2fa '],
  [/\btim(?:ed|es|ing)?[ -]?outs?\b/g, ' timeout '],
  [/\blocked[ -]out\b/g, ' lockedout '],
  [/\bno longer\b/g, ' nolonger '],
  [/\bout of sync\b/g, ' outofsync '],
  [/\b(?:look(?:ing|ed|s)?|go(?:ing)?|went) (?:at|into|through|over|for)\b/g, ' lookat '],
  [/\b(?:find(?:ing)?|found|figur(?:e|ing)|work(?:ing)?|make|making) (?:out|sure)\b/g, ' findout '],
  [/\bcross[ -]?check\w*\b/g, ' crosscheck '],
  [/\bdouble[ -]check\w*\b/g, ' doublecheck '],
  [/\b(?:whether or not|or not|if not)\b/g, ' whether '],
  [/\b(?:even though|even if|even tho|tho)\b/g, ' eventhough '],
  [/\b(?:should(?: have| be|'ve|ve)|supposed to|meant to)\b/g, ' shouldbe '],
  [/\bhow come\b/g, ' why '],
  // "sent 3 times", "emailed twice": the same thing done again is the symptom.
  [
    /\b((?:sen[dt]|charg|bill|email|notif|deliver|receiv|post|creat|import|process|trigger|fir|call|r[au]n|appl|refund|ship|renew)\w*(?: \w+)?) (?:twice|\d+ times|(?:two|three|four|five|several|multiple) times)\b/g,
    ' $1 duplicate ',
  ],
  [/\b(?:double|twice)[ -]?(?:charg\w*|bill\w*|post\w*|count\w*)\b/g, ' charge duplicate '],
  [/\b(?:charg|bill)(?:ed|ing)? (?:twice|two times|double)\b/g, ' charge duplicate '],
  [/\bapi[ -]?keys?\b/g, ' api key '],
];

/** Words a support agent writes short or misspells often enough to map directly. */
export const SHORTHAND: Record<string, string> = {
  acct: 'account',
  acc: 'account',
  cust: 'customer',
  custs: 'customers',
  sub: 'subscription',
  subs: 'subscription',
  inv: 'invoice',
  invs: 'invoice',
  txn: 'transaction',
  tx: 'transaction',
  pmt: 'payment',
  pymt: 'payment',
  addr: 'address',
  pwd: 'password',
  pw: 'password',
  notif: 'notification',
  notifs: 'notification',
  msg: 'message',
  config: 'config',
  cfg: 'config',
  sso: 'sso',
  dupe: 'duplicate',
  dup: 'duplicate',
  dupes: 'duplicate',
  recv: 'received',
  rcvd: 'received',
  rec: 'received',
  teh: 'the',
  didnt: 'not',
  doesnt: 'not',
  dont: 'not',
  isnt: 'not',
  wasnt: 'not',
  werent: 'not',
  arent: 'not',
  hasnt: 'not',
  havent: 'not',
  wont: 'not',
  couldnt: 'not',
  wouldnt: 'not',
  shouldnt: 'not',
  cant: 'cannot',
  refunded: 'refund',
  charged: 'charge',
  billed: 'charge',
  invoiced: 'invoice',
  shipped: 'shipment',
  delivered: 'delivery',
  emailed: 'email',
  exported: 'export',
  imported: 'import',
  subscribed: 'subscription',
  renewed: 'renewal',
  paid: 'payment',
  deleted: 'deleted',
  unsubscribed: 'unsubscribe',
  signup: 'login',
  cc: 'card',
  creds: 'password',
  credentials: 'password',
  pswd: 'password',
  '2fa': '2fa',
  mfa: 'mfa',
  otp: 'otp',
  wh: 'webhook',
  webhooks: 'webhook',
};

/** Held-out reasons: never used to tune the checker; bench:reasons reports them apart. */
export interface HoldoutEntry {
  reason: string;
  label: 'specific' | 'vague';
  customerId: string;
  systems: string[];
}
export const REASON_HOLDOUT: HoldoutEntry[] = [
  { reason: 'please check account', label: 'vague', customerId: 'cus_472731', systems: ['accounts-admin'] },
  { reason: 'checking some data in prod', label: 'vague', customerId: 'cus_276211', systems: ['billing-db'] },
  {
    reason:
      'Trial ended but the account was not downgraded to the free plan and paid features are still active; verify subscription state',
    label: 'specific',
    customerId: 'cus_740595',
    systems: ['billing-db', 'accounts-admin'],
  },
  { reason: 'Data deletion', label: 'vague', customerId: 'cus_222783', systems: ['accounts-admin'] },
  {
    reason:
      'customer is not able to do login since yesterday after our SSO certificate rotation, check SAML assertion errors',
    label: 'specific',
    customerId: 'cus_617674',
    systems: ['app-logs', 'accounts-admin'],
  },
  {
    reason: 'Scheduled report not delivered on Monday, check whether the report job failed or the email bounced',
    label: 'specific',
    customerId: 'cus_161818',
    systems: ['app-logs'],
  },
  { reason: 'billing query from the customer', label: 'vague', customerId: 'cus_328807', systems: ['billing-db'] },
  { reason: 'check shipping', label: 'vague', customerId: 'cus_905550', systems: ['app-logs'] },
  { reason: 'Issue observed in production, checking', label: 'vague', customerId: 'cus_401394', systems: ['app-logs'] },
  {
    reason:
      '[billing] customer charged twice for the March invoice, confirm whether the second capture came from the retry job',
    label: 'specific',
    customerId: 'cus_235623',
    systems: ['billing-db', 'payments-gateway'],
  },
  {
    reason:
      "Refund issued on 12 May not showing on the customer's card; check the gateway settlement status for that refund",
    label: 'specific',
    customerId: 'cus_874230',
    systems: ['payments-gateway'],
  },
  {
    reason:
      'Tax exemption certificate uploaded but invoices still include sales tax; check exemption status on the billing account',
    label: 'specific',
    customerId: 'cus_359642',
    systems: ['billing-db'],
  },
  {
    reason: 'Pull gateway logs for the 3DS challenge the customer says never appeared during checkout',
    label: 'specific',
    customerId: 'cus_517225',
    systems: ['payments-gateway'],
  },
  {
    reason: 'Need to verify some details on the organisation',
    label: 'vague',
    customerId: 'cus_509940',
    systems: ['accounts-admin'],
  },
  {
    reason:
      'Webhook signature verification failing on customer side since our switch to SHA-256; check the signature header we send',
    label: 'specific',
    customerId: 'cus_620625',
    systems: ['app-logs'],
  },
  {
    reason: 'Password reset emails are not arriving for the account owner; confirm whether they were sent or bounced',
    label: 'specific',
    customerId: 'cus_184495',
    systems: ['app-logs'],
  },
  {
    reason: 'Product catalogue import duplicated every SKU, check whether the import job ran twice',
    label: 'specific',
    customerId: 'cus_274447',
    systems: ['app-logs'],
  },
  {
    reason: 'CSV import of 4,000 contacts stopped at row 1,212; pull the import job error for that row',
    label: 'specific',
    customerId: 'cus_571007',
    systems: ['app-logs'],
  },
  {
    reason: 'Mobile app crashes on launch for their iOS 17 users since release 5.2, pull the related crash errors',
    label: 'specific',
    customerId: 'cus_521154',
    systems: ['app-logs'],
  },
  { reason: 'to authorise customer request', label: 'vague', customerId: 'cus_676129', systems: ['accounts-admin'] },
  { reason: 'tax', label: 'vague', customerId: 'cus_391335', systems: ['billing-db'] },
  { reason: 'API key issue', label: 'vague', customerId: 'cus_243577', systems: ['accounts-admin'] },
  {
    reason:
      'Revenue dashboard shows zero for June although invoices were paid; check whether the reporting aggregation job ran',
    label: 'specific',
    customerId: 'cus_959077',
    systems: ['billing-db', 'app-logs'],
  },
  { reason: 'Production checked as requested', label: 'vague', customerId: 'cus_551434', systems: ['billing-db'] },
  {
    reason:
      'Renewal charge failed on an expired card though the customer updated the card yesterday, verify the new card is the default payment method',
    label: 'specific',
    customerId: 'cus_676947',
    systems: ['payments-gateway', 'billing-db'],
  },
  {
    reason: 'Scheduled export to their S3 bucket fails with access denied since Friday; check the export job error',
    label: 'specific',
    customerId: 'cus_391945',
    systems: ['app-logs'],
  },
  { reason: '[exports] check', label: 'vague', customerId: 'cus_840710', systems: ['app-logs'] },
  { reason: 'mobile app issue', label: 'vague', customerId: 'cus_535469', systems: ['app-logs'] },
  { reason: 'Need to look at the account', label: 'vague', customerId: 'cus_476198', systems: ['accounts-admin'] },
  {
    reason:
      '[subs] invoice bills 25 seats but customer has only 18 active users, compare billed seats with active users',
    label: 'specific',
    customerId: 'cus_815887',
    systems: ['billing-db', 'accounts-admin'],
  },
  {
    reason:
      'Investigating an issue the customer raised regarding their account, billing and possibly login; will review all relevant systems',
    label: 'vague',
    customerId: 'cus_498921',
    systems: ['billing-db', 'payments-gateway', 'accounts-admin', 'app-logs'],
  },
  {
    reason: 'please check why invoice is coming double for April month subscription',
    label: 'specific',
    customerId: 'cus_341960',
    systems: ['billing-db'],
  },
  {
    reason:
      'Shared folder permissions reset to view-only for all members after the plan downgrade; verify the permission changes',
    label: 'specific',
    customerId: 'cus_258252',
    systems: ['accounts-admin', 'app-logs'],
  },
  {
    reason: "Right-to-erasure request: confirm the customer's stored card tokens were removed from the gateway vault",
    label: 'specific',
    customerId: 'cus_187015',
    systems: ['payments-gateway'],
  },
  { reason: 'same as previous ticket', label: 'vague', customerId: 'cus_284777', systems: ['billing-db'] },
  {
    reason: 'File uploads over 50 MB fail at 99%, check storage upload errors for this customer',
    label: 'specific',
    customerId: 'cus_258647',
    systems: ['app-logs'],
  },
  {
    reason:
      '[tax] sales tax missing on invoices since the billing address moved to Texas, check the stored tax jurisdiction',
    label: 'specific',
    customerId: 'cus_343224',
    systems: ['billing-db'],
  },
  {
    reason: 'need production access to investigate the behaviour reported in the ticket',
    label: 'vague',
    customerId: 'cus_790504',
    systems: ['billing-db', 'payments-gateway', 'accounts-admin', 'app-logs'],
  },
  {
    reason: 'Login works with password but the MFA code is always rejected, check auth logs for clock-skew errors',
    label: 'specific',
    customerId: 'cus_344670',
    systems: ['app-logs'],
  },
  { reason: '[billing] investigate', label: 'vague', customerId: 'cus_112649', systems: ['billing-db'] },
  { reason: 'urgent, high priority issue', label: 'vague', customerId: 'cus_608520', systems: ['payments-gateway'] },
  {
    reason:
      'Tracking number not sent to customer after dispatch, check whether the shipment notification email was triggered',
    label: 'specific',
    customerId: 'cus_971464',
    systems: ['app-logs'],
  },
  {
    reason: 'Customer asked about their tax, reviewing',
    label: 'vague',
    customerId: 'cus_717740',
    systems: ['billing-db'],
  },
  { reason: 'GDPR request', label: 'vague', customerId: 'cus_291200', systems: ['accounts-admin', 'billing-db'] },
  {
    reason:
      'Customer reports the organisation name reverts to the old one after saving, check the account change history',
    label: 'specific',
    customerId: 'cus_375509',
    systems: ['accounts-admin'],
  },
  {
    reason: 'credit note not applied on next invoice, customer is paying full amount again',
    label: 'specific',
    customerId: 'cus_395625',
    systems: ['billing-db'],
  },
  {
    reason:
      'SSO users are being provisioned twice because of email casing differences; check the duplicated user records',
    label: 'specific',
    customerId: 'cus_104292',
    systems: ['accounts-admin'],
  },
  {
    reason:
      'Subscription paused by the customer but the next renewal is still scheduled; check the subscription schedule',
    label: 'specific',
    customerId: 'cus_252752',
    systems: ['billing-db'],
  },
  {
    reason: 'Coupon SPRING20 accepted at checkout but the discount is not on the invoice; check the applied discounts',
    label: 'specific',
    customerId: 'cus_539297',
    systems: ['billing-db'],
  },
  {
    reason:
      'Customer reported an issue with their subscription and invoices; access required to investigate further and resolve',
    label: 'vague',
    customerId: 'cus_660559',
    systems: ['billing-db'],
  },
  { reason: 'customer complaint', label: 'vague', customerId: 'cus_487190', systems: ['accounts-admin'] },
  { reason: 'login related stuff', label: 'vague', customerId: 'cus_739434', systems: ['app-logs', 'accounts-admin'] },
  {
    reason:
      'Daily digest email still sent after the customer disabled notifications, verify their notification preferences',
    label: 'specific',
    customerId: 'cus_693851',
    systems: ['accounts-admin', 'app-logs'],
  },
  { reason: 'permissions', label: 'vague', customerId: 'cus_434088', systems: ['accounts-admin'] },
  { reason: 'account changes', label: 'vague', customerId: 'cus_231587', systems: ['accounts-admin'] },
  {
    reason:
      'Subscription problem reported by customer, need to review their account and billing setup to understand what is happening',
    label: 'vague',
    customerId: 'cus_824035',
    systems: ['billing-db', 'accounts-admin'],
  },
  { reason: '[login] user cannot', label: 'vague', customerId: 'cus_640531', systems: ['accounts-admin'] },
  { reason: 'reporting dashboard', label: 'vague', customerId: 'cus_747592', systems: ['billing-db'] },
  { reason: 'Troubleshooting customer problem', label: 'vague', customerId: 'cus_786782', systems: ['app-logs'] },
  { reason: 'debugging the reported issue', label: 'vague', customerId: 'cus_809047', systems: ['app-logs'] },
  {
    reason:
      'Chargeback received for the September invoice, pull the payment record and gateway evidence for the dispute',
    label: 'specific',
    customerId: 'cus_875720',
    systems: ['payments-gateway', 'billing-db'],
  },
  {
    reason:
      "Ownership transfer to the new admin requested; verify the current owner's email matches the requester before transferring",
    label: 'specific',
    customerId: 'cus_156615',
    systems: ['accounts-admin'],
  },
  {
    reason:
      'Invoice PDF still shows the old company address after the address update; check which address the invoice generator uses',
    label: 'specific',
    customerId: 'cus_578825',
    systems: ['billing-db'],
  },
  { reason: 'file storage question', label: 'vague', customerId: 'cus_917857', systems: ['app-logs'] },
  { reason: 'check webhooks for them', label: 'vague', customerId: 'cus_813634', systems: ['app-logs'] },
  {
    reason:
      'User with the editor role is able to delete invoices, which should need admin; verify the role permissions on the account',
    label: 'specific',
    customerId: 'cus_936630',
    systems: ['accounts-admin'],
  },
  {
    reason: 'urgent!!! customer waiting',
    label: 'vague',
    customerId: 'cus_686438',
    systems: ['billing-db', 'payments-gateway'],
  },
  { reason: 'general review of payment data', label: 'vague', customerId: 'cus_511439', systems: ['payments-gateway'] },
  { reason: 'tier-2 support review', label: 'vague', customerId: 'cus_517406', systems: ['app-logs'] },
  {
    reason:
      'Customer cannot add a new admin because the invite link shows expired immediately; check the invite record and error',
    label: 'specific',
    customerId: 'cus_518359',
    systems: ['accounts-admin', 'app-logs'],
  },
  {
    reason: 'Uploaded PDF attachments return 403 on download; check storage permission errors in the logs',
    label: 'specific',
    customerId: 'cus_513264',
    systems: ['app-logs'],
  },
  {
    reason: "Customer's production API key was revoked without their action, check the audit log for who revoked it",
    label: 'specific',
    customerId: 'cus_208566',
    systems: ['accounts-admin', 'app-logs'],
  },
  {
    reason: 'Search returns no results for products added after Monday, check indexing job errors for this customer',
    label: 'specific',
    customerId: 'cus_604913',
    systems: ['app-logs'],
  },
  { reason: 'notifications', label: 'vague', customerId: 'cus_765100', systems: ['app-logs'] },
  {
    reason:
      'Order total differs between the confirmation email and the invoice by 4.99; compare stored order lines with invoice lines',
    label: 'specific',
    customerId: 'cus_519894',
    systems: ['billing-db'],
  },
  { reason: 'Routine check', label: 'vague', customerId: 'cus_165271', systems: ['billing-db'] },
  { reason: 'follow up', label: 'vague', customerId: 'cus_299868', systems: ['accounts-admin'] },
  {
    reason: 'Look into refunds',
    label: 'vague',
    customerId: 'cus_170619',
    systems: ['payments-gateway', 'billing-db'],
  },
  {
    reason:
      "Erasure request submitted 30 days ago: verify the customer's personal data has actually been removed from billing records",
    label: 'specific',
    customerId: 'cus_318904',
    systems: ['billing-db', 'accounts-admin'],
  },
  { reason: 'please give access for check', label: 'vague', customerId: 'cus_562030', systems: ['billing-db'] },
  {
    reason:
      'customer says refund was done two times, please verify in gateway if second refund is real or only shown in UI',
    label: 'specific',
    customerId: 'cus_270187',
    systems: ['payments-gateway', 'billing-db'],
  },
  {
    reason:
      'duplicate SMS notifications observed for every shipment update, check whether the notification job fires twice',
    label: 'specific',
    customerId: 'cus_215268',
    systems: ['app-logs'],
  },
  {
    reason: 'Ticket escalated from tier 1, taking a look',
    label: 'vague',
    customerId: 'cus_456572',
    systems: ['app-logs'],
  },
  {
    reason:
      'Order placed on Tuesday shows paid but never moved to shipped; check fulfilment status and the shipping label call',
    label: 'specific',
    customerId: 'cus_729908',
    systems: ['billing-db', 'app-logs'],
  },
  {
    reason: 'as discussed with the customer on the call',
    label: 'vague',
    customerId: 'cus_155129',
    systems: ['billing-db'],
  },
  { reason: 'webhook/API problems, investigate', label: 'vague', customerId: 'cus_207352', systems: ['app-logs'] },
  {
    reason: 'investigating problem with gateway',
    label: 'vague',
    customerId: 'cus_100244',
    systems: ['payments-gateway'],
  },
  {
    reason: 'P1 escalation, need access asap',
    label: 'vague',
    customerId: 'cus_694315',
    systems: ['billing-db', 'payments-gateway', 'accounts-admin', 'app-logs'],
  },
  { reason: 'see ticket', label: 'vague', customerId: 'cus_258612', systems: ['accounts-admin'] },
  { reason: 'search not good', label: 'vague', customerId: 'cus_662685', systems: ['app-logs'] },
  { reason: 'Billing specialist review', label: 'vague', customerId: 'cus_206393', systems: ['billing-db'] },
  { reason: 'Investigate', label: 'vague', customerId: 'cus_481272', systems: ['app-logs'] },
  { reason: 'Import not working', label: 'vague', customerId: 'cus_743550', systems: ['app-logs'] },
  {
    reason:
      'Partial refund of the shipping fee to be authorised; first confirm the original charge amount and capture in the gateway',
    label: 'specific',
    customerId: 'cus_126739',
    systems: ['payments-gateway', 'billing-db'],
  },
  {
    reason: "Export of last quarter's invoices produces an empty file, check the export job log for the failure",
    label: 'specific',
    customerId: 'cus_173731',
    systems: ['app-logs', 'billing-db'],
  },
  {
    reason: 'Investigating as per ticket',
    label: 'vague',
    customerId: 'cus_318054',
    systems: ['billing-db', 'app-logs'],
  },
  { reason: 'QA of customer account', label: 'vague', customerId: 'cus_743898', systems: ['accounts-admin'] },
  {
    reason:
      'account locked after 3 wrong password, customer want unlock, please verify lockout reason in logs before unlocking',
    label: 'specific',
    customerId: 'cus_494505',
    systems: ['app-logs', 'accounts-admin'],
  },
  { reason: 'SSO', label: 'vague', customerId: 'cus_255766', systems: ['accounts-admin'] },
  { reason: 'Looking at logs', label: 'vague', customerId: 'cus_765226', systems: ['app-logs'] },
  {
    reason:
      'Direct debit mandate shows as cancelled though the customer never cancelled it; check mandate events from the gateway',
    label: 'specific',
    customerId: 'cus_364511',
    systems: ['payments-gateway'],
  },
  {
    reason: 'Check why the annual plan upgrade was prorated at the full monthly rate on the latest invoice',
    label: 'specific',
    customerId: 'cus_464264',
    systems: ['billing-db'],
  },
  {
    reason: 'Push notifications not received on Android since app version 4.8; check push delivery errors',
    label: 'specific',
    customerId: 'cus_731535',
    systems: ['app-logs'],
  },
  {
    reason: "Confirm whether the failed payment retry on the 14th actually charged the customer's card",
    label: 'specific',
    customerId: 'cus_481853',
    systems: ['payments-gateway'],
  },
  {
    reason:
      'Webhook endpoint returning 401 since the key rotation; confirm which API key the deliveries are now signed with',
    label: 'specific',
    customerId: 'cus_597183',
    systems: ['app-logs', 'accounts-admin'],
  },
  {
    reason: "Confirm the SSO redirect is failing with an invalid audience error for the customer's Okta tenant",
    label: 'specific',
    customerId: 'cus_228809',
    systems: ['app-logs'],
  },
  {
    reason:
      "card payment declined with 'do not honour' three times today, check gateway response codes for those attempts",
    label: 'specific',
    customerId: 'cus_220956',
    systems: ['payments-gateway'],
  },
  {
    reason: 'customer not happy with their invoices, please review',
    label: 'vague',
    customerId: 'cus_990174',
    systems: ['billing-db'],
  },
  {
    reason:
      'Subscription was cancelled on the 3rd but customer was still billed on the 5th, verify cancellation date against the renewal run',
    label: 'specific',
    customerId: 'cus_611776',
    systems: ['billing-db'],
  },
  { reason: 'Orders issue', label: 'vague', customerId: 'cus_588625', systems: ['billing-db'] },
  {
    reason:
      "Billing contact email changed without the owner's approval; check who made the change and when in the audit trail",
    label: 'specific',
    customerId: 'cus_603730',
    systems: ['accounts-admin'],
  },
  {
    reason: "Investigate why order.created webhooks stopped reaching the customer's endpoint after 14:00 UTC yesterday",
    label: 'specific',
    customerId: 'cus_607337',
    systems: ['app-logs'],
  },
  {
    reason: 'customer is having problem, please check',
    label: 'vague',
    customerId: 'cus_427000',
    systems: ['accounts-admin', 'app-logs'],
  },
  {
    reason: 'pull data for the customer',
    label: 'vague',
    customerId: 'cus_190056',
    systems: ['billing-db', 'accounts-admin'],
  },
  {
    reason:
      'VAT charged at 20% although the customer supplied a valid EU VAT number; verify the reverse-charge flag on their billing profile',
    label: 'specific',
    customerId: 'cus_251118',
    systems: ['billing-db'],
  },
  {
    reason:
      'Pull the carrier webhook deliveries for the parcel the customer says was marked delivered but never arrived',
    label: 'specific',
    customerId: 'cus_207151',
    systems: ['app-logs'],
  },
  {
    reason: 'customer says something wrong with emails',
    label: 'vague',
    customerId: 'cus_886090',
    systems: ['app-logs'],
  },
  {
    reason: "Metered API usage charges are ten times last month's; compare usage records with the request logs",
    label: 'specific',
    customerId: 'cus_459279',
    systems: ['billing-db', 'app-logs'],
  },
  {
    reason: 'Confirm the data-deletion request completed and no user profiles remain for the deleted workspace',
    label: 'specific',
    customerId: 'cus_876314',
    systems: ['accounts-admin'],
  },
  {
    reason:
      'API requests returning 429 although the customer is under their plan limit; check the rate-limit counters in logs',
    label: 'specific',
    customerId: 'cus_377617',
    systems: ['app-logs'],
  },
];

/**
 * A local page that plays Zendesk's side of the ZAF postMessage protocol (as the real SDK in
 * node_modules/zendesk_app_framework_sdk/lib/client.js speaks it) around the app's iframe:
 *
 * - the iframe URL carries `origin` and `app_guid`; the SDK posts `iframe.handshake`, and we answer
 *   `zaf.app.registered` with the context (location, ticketId);
 * - `{ id, request: 'get' | 'invoke', params }` is answered with `{ id, result }`;
 * - `iframe.on:<event>` subscribes; `request:<n>` (client.request) is answered with
 *   `zaf.request:<n>.done` and `responseArgs`;
 * - a save sends `zaf.ticket.save` with `needsReply`; the app answers `iframe.reply:ticket.save`,
 *   with `error.msg` when a handler rejected (which blocks the save).
 *
 * The page exposes `window.zendesk` for the test: `save(status)`, the recorded requests, resizes.
 */
export function zafHostPage(
  appUrl: string,
  ticket: { id: number; requesterExternalId: string },
  options: { location?: 'ticket_sidebar' | 'nav_bar' } = {},
): string {
  const appOrigin = new URL(appUrl).origin;
  const location = options.location ?? 'ticket_sidebar';
  // The nav bar location is a whole page beside Zendesk's own navigation; the sidebar a column.
  const frameWidth = location === 'nav_bar' ? '1280px' : '340px';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Fake Zendesk agent workspace</title>
<style>body{margin:0;font:14px sans-serif;display:flex}main{flex:1;padding:16px}
aside{width:340px;border-left:1px solid #ccc}
iframe{width:${frameWidth};height:900px;border:0;display:block}
#save-result{white-space:pre-wrap;padding:8px;margin-top:8px}
${location === 'nav_bar' ? 'main{display:none}aside{width:auto;border:0}' : ''}</style></head>
<body><main><h1>Ticket #${ticket.id} — Refund not received</h1><p>Status: <b id="status">open</b></p>
<div id="save-result"></div></main>
<aside><iframe id="app" src="${appUrl}?origin=ORIGIN&app_guid=test-app-guid"></iframe></aside>
<script>
const APP_ORIGIN = ${JSON.stringify(appOrigin)};
const frame = document.getElementById('app');
frame.src = frame.src.replace('ORIGIN', encodeURIComponent(location.origin));
const state = { status: 'open', subscriptions: {}, requests: [], resizes: [], registered: false, pendingSave: null };
const send = (msg) => frame.contentWindow.postMessage(JSON.stringify(msg), APP_ORIGIN);
const requester = {
  id: 9001, name: 'Maya Chen', email: 'maya@northwind.example',
  externalId: ${JSON.stringify(ticket.requesterExternalId)}, organizations: [],
};
const values = () => ({
  'currentUser': { id: 7001, name: 'Ann Agent', email: 'ann@example.com', role: 'agent' },
  'ticket.id': ${ticket.id},
  'ticket.subject': 'Refund not received',
  'ticket.status': state.status,
  'ticket.requester': requester,
  'ticket.assignee.user': { id: 7001, name: 'Ann Agent', email: 'ann@example.com' },
});
window.addEventListener('message', (event) => {
  if (event.origin !== APP_ORIGIN || event.source !== frame.contentWindow) return;
  const msg = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
  if (msg.key === 'iframe.handshake') {
    state.registered = true;
    send({ key: 'zaf.app.registered', message: {
      context: { product: 'support', location: ${JSON.stringify(location)}, ticketId: ${ticket.id},
        instanceGuid: 'test-app-guid', account: { subdomain: 'demo' } },
      metadata: { appId: 1, installationId: 1, name: 'Ticketed Access', version: '0.1.0', settings: {} } } });
  } else if (msg.request === 'get') {
    const all = values(); const result = {}; const errors = {};
    for (const path of msg.params) {
      if (path in all) result[path] = all[path];
      else errors[path] = { name: 'InvalidPath', message: 'Invalid path' };
    }
    send({ id: msg.id, result: { ...result, errors } });
  } else if (msg.request === 'invoke') {
    if (msg.params.resize) state.resizes.push(msg.params.resize[0]);
    send({ id: msg.id, result: {} });
  } else if (typeof msg.key === 'string' && msg.key.startsWith('iframe.on:')) {
    state.subscriptions[msg.key.slice('iframe.on:'.length)] = msg.message.subscriberCount;
  } else if (typeof msg.key === 'string' && /^request:\\d+$/.test(msg.key)) {
    state.requests.push(msg.message);
    send({ key: 'zaf.' + msg.key + '.done', message: { responseArgs: [{ ticket: { id: ${ticket.id} } }] } });
  } else if (msg.key === 'iframe.reply:ticket.save' && state.pendingSave) {
    const done = state.pendingSave; state.pendingSave = null;
    done(msg.error ? { saved: false, message: String(msg.error.msg) } : { saved: true });
  }
});
window.zendesk = {
  state,
  /** What Zendesk does on Submit: run the apps' save hooks, then save or show the hook's message. */
  save(status) {
    const previous = state.status;
    state.status = status;
    return new Promise((resolve) => {
      state.pendingSave = (outcome) => {
        if (!outcome.saved) state.status = previous;
        document.getElementById('status').textContent = state.status;
        const box = document.getElementById('save-result');
        box.textContent = outcome.saved ? 'Saved as ' + status : 'Save blocked: ' + outcome.message;
        box.style.background = outcome.saved ? '#e6f4ea' : '#fde8e8';
        resolve(outcome);
      };
      send({ key: 'zaf.ticket.save', needsReply: true });
    });
  },
};
</script></body></html>`;
}

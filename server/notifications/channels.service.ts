import type { Kysely } from 'kysely';
import {
  zDeliveryChannelsSchema,
  type DeliveryChannels,
  type DeliveryChannelsUpdate,
  type Sink,
} from '../../shared/notifications.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { Database } from '../db/database.js';
import { errors } from '../errors.js';

const NONE: DeliveryChannels = { slack: null, sinks: [] };

/** A tenant's Slack webhook and SIEM sinks, secrets included (for the senders only). */
export async function readChannels(db: Kysely<Database>, tenant: string): Promise<DeliveryChannels> {
  const row = await db.selectFrom('delivery_channels').select('value').where('tenant', '=', tenant).executeTakeFirst();
  if (!row) return NONE;
  const parsed = zDeliveryChannelsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : NONE;
}

const last4 = (secret: string) => `…${secret.slice(-4)}`;
const secretOf = (sink: Sink) => (sink.kind === 'webhook' ? sink.secret : sink.token);

/** What an admin sees: where things go, never the secrets (the webhook URL is one too). */
export function redactChannels(channels: DeliveryChannels) {
  return {
    slack: channels.slack
      ? {
          webhookUrl: `${new URL(channels.slack.webhookUrl).origin}/${last4(channels.slack.webhookUrl)}`,
          configured: true,
        }
      : null,
    sinks: channels.sinks.map((sink) => ({
      id: sink.id,
      kind: sink.kind,
      url: sink.url,
      secret: last4(secretOf(sink)),
      ...(sink.kind === 'splunk_hec' && sink.index ? { index: sink.index } : {}),
      ...(sink.kind === 'splunk_hec' && sink.sourcetype ? { sourcetype: sink.sourcetype } : {}),
    })),
  };
}

export async function getChannels(deps: Deps, actor: Actor) {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can see where notifications and the trail go');
  return redactChannels(await readChannels(deps.db, actor.tenant));
}

/**
 * Replaces the tenant's channels. A secret left out keeps the stored one of the same sink id (or
 * the stored Slack URL); a new sink without its secret is refused. The audit row names what
 * changed without any secret.
 */
export async function putChannels(deps: Deps, actor: Actor, update: DeliveryChannelsUpdate) {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can change where notifications and the trail go');
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const previous = await readChannels(trx, actor.tenant);
    const missing = (path: string, what: string) => errors.invalidInput(`${path}: ${what}`, [{ path, message: what }]);
    let slack: DeliveryChannels['slack'] = null;
    if (update.slack) {
      const webhookUrl = update.slack.webhookUrl ?? previous.slack?.webhookUrl;
      if (!webhookUrl) throw missing('slack.webhookUrl', 'required: no webhook URL is stored yet');
      slack = { webhookUrl };
    }
    const sinks = update.sinks.map((sink, i): Sink => {
      const old = previous.sinks.find((s) => s.id === sink.id && s.kind === sink.kind);
      if (sink.kind === 'webhook') {
        const secret = sink.secret ?? (old?.kind === 'webhook' ? old.secret : undefined);
        if (!secret) throw missing(`sinks.${i}.secret`, 'required for a new sink');
        return { ...sink, secret };
      }
      const token = sink.token ?? (old?.kind === 'splunk_hec' ? old.token : undefined);
      if (!token) throw missing(`sinks.${i}.token`, 'required for a new sink');
      return { ...sink, token };
    });
    const next: DeliveryChannels = { slack, sinks };
    const value = JSON.stringify(next);
    await trx
      .insertInto('delivery_channels')
      .values({ tenant: actor.tenant, value, updated_at: at, updated_by: actor.id })
      .onConflict((oc) => oc.column('tenant').doUpdateSet({ value, updated_at: at, updated_by: actor.id }))
      .execute();
    const shape = (c: DeliveryChannels) => ({
      slack: c.slack ? 'configured' : null,
      sinks: c.sinks.map((s) => ({ id: s.id, kind: s.kind, url: s.url, secret: last4(secretOf(s)) })),
    });
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'delivery_channels.changed',
        occurredAt: at,
        actorId: actor.id,
        data: { old: shape(previous), new: shape(next) },
      },
    ]);
    return redactChannels(next);
  });
}

import en from '../../translations/en.json' with { type: 'json' };

type Vars = Record<string, string | number>;

/**
 * Looks up a label in translations/en.json (the same file Zendesk reads) by its dotted key and
 * fills `{{name}}` placeholders. A missing key shows itself, so a gap is visible, never blank.
 *
 * @example t('ticket_sidebar.title', { ticketId: '48271' }) // 'Data access for ticket #48271'
 */
export function t(key: string, vars: Vars = {}): string {
  let node: unknown = en;
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{{${name}}}`));
}

/** `t` bound to one location's group, so components read like the translation file. */
export const scoped = (prefix: string) => (key: string, vars?: Vars) => t(`${prefix}.${key}`, vars);

/** Dates as an agent reads them in the sidebar: `Mon 10:04`, or with the date when not today. */
export function formatTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return t('common.none');
  const d = new Date(iso);
  const sameDay = d.toDateString() === now.toDateString();
  return d.toLocaleString(
    'en-GB',
    sameDay
      ? { hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  );
}

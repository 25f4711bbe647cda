import { styled } from 'styled-components';
import { Tag } from '@zendeskgarden/react-tags';
import { getColor } from '@zendeskgarden/react-theming';
import type { AccessEvent, GrantDetail } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { scoped, t } from '../i18n.js';
import { Muted } from '../ui/layout.js';

const ts = scoped('nav_bar.timeline');

/** One line of the story: a trail entry or an access event, in time order. */
export interface TimelineItem {
  at: string;
  key: string;
  title: string;
  actor: string | null;
  tone: 'default' | 'good' | 'bad' | 'warn';
  lines: string[];
  tags?: Array<{ label: string; hue: string }>;
}

const TONE: Record<string, TimelineItem['tone']> = {
  'grant.approved': 'good',
  'grant.denied': 'bad',
  'grant.revoked': 'bad',
  'access.refused': 'bad',
  'gateway.refused': 'bad',
  'access.shadow': 'bad',
  'grant.expired': 'warn',
  'grant.lapsed': 'warn',
};

/** A trail kind in words (`grant.requested` → Requested); an unknown kind shows as it is. */
function kindTitle(kind: string): string {
  const key = `kind.${kind.replaceAll('.', '_')}`;
  const title = ts(key);
  return title === `nav_bar.timeline.${key}` ? kind : title;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const str = (v: unknown) =>
  v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v);

/** What a trail entry says beyond its title, in words (known kinds) or its fields (others). */
function detailOf(kind: string, data: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const add = (label: string, v: unknown) => {
    const s = str(v);
    if (s) lines.push(`${label}: ${ISO_TIME.test(s) ? new Date(s).toLocaleString('en-GB') : s}`);
  };
  switch (kind) {
    case 'grant.requested':
      add(ts('f.reason'), data.reason);
      add(ts('f.systems'), Array.isArray(data.systems) ? data.systems.join(', ') : data.systems);
      add(ts('f.access'), data.access);
      add(ts('f.write_need'), data.writeNeed);
      add(ts('f.duration'), data.durationMinutes ? t('common.minutes', { count: String(data.durationMinutes) }) : null);
      add(ts('f.emergency'), (data.emergency as { justification?: string } | null)?.justification);
      break;
    case 'grant.approved':
    case 'grant.denied':
      add(ts('f.note'), data.note);
      add(ts('f.start_by'), data.startBy);
      break;
    case 'grant.started':
      add(ts('f.expires'), data.expiresAt);
      break;
    case 'grant.ended':
    case 'grant.expired':
    case 'grant.revoked':
      add(ts('f.why'), data.note);
      add(ts('f.duration'), typeof data.durationSeconds === 'number' ? formatDuration(data.durationSeconds) : null);
      add(ts('f.outcome'), (data.outcome as { summary?: string } | null)?.summary);
      add(
        ts('f.flags_raised'),
        Array.isArray(data.flagsRaised) && data.flagsRaised.length ? data.flagsRaised.join(', ') : null,
      );
      break;
    case 'grant.outcome_recorded':
      add(ts('f.outcome'), (data.outcome as { summary?: string } | null)?.summary);
      break;
    case 'grant.token_issued':
      add(ts('f.expires'), data.expiresAt);
      break;
    case 'review.recorded':
      add(ts('f.verdict'), data.verdict);
      add(ts('f.note'), data.note);
      add(ts('f.previous'), data.previous);
      break;
    case 'access.recorded':
      add(ts('f.events'), Array.isArray(data.events) ? data.events.length : data.count);
      break;
    default:
      for (const [k, v] of Object.entries(data)) add(k, v);
  }
  return lines;
}

function accessItem(e: AccessEvent): TimelineItem {
  const shown = e.fields.filter((f) => !e.maskedFields.includes(f));
  const lines = [
    e.queryName ? `${ts('f.query')}: ${e.queryName}` : null,
    e.parameters ? `${ts('f.parameters')}: ${JSON.stringify(e.parameters)}` : null,
    e.recordCount !== null ? `${ts('f.rows')}: ${e.recordCount}` : null,
    shown.length ? `${ts('f.shown')}: ${shown.join(', ')}` : null,
    e.maskedFields.length ? `${ts('f.masked')}: ${e.maskedFields.join(', ')}` : null,
    e.customerId ? `${ts('f.customer')}: ${e.customerId}` : null,
  ].filter((l): l is string => l !== null);
  return {
    at: e.occurredAt,
    key: `a${e.id}`,
    title: `${ts(`kind.${e.kind}`)} ${e.target}`,
    actor: e.actorId,
    tone: e.accepted ? 'default' : 'bad',
    lines,
    tags: [
      { label: ts(`source.${e.source}`), hue: 'grey' },
      ...(e.accepted ? [] : [{ label: ts('shadow'), hue: 'red' }]),
    ],
  };
}

/**
 * The whole story of a session in time order: every trail entry (request, decision, start, tokens,
 * refusals, the end, outcome, verdicts) and every access event with its query, parameters, rows and
 * fields shown or masked; then the flags, each with its reason.
 */
export function timelineOf(g: GrantDetail): TimelineItem[] {
  const trail: TimelineItem[] = g.timeline.map((e) => ({
    at: e.at,
    key: `t${e.seq}`,
    title: kindTitle(e.kind),
    actor: e.actorId,
    tone: TONE[e.kind] ?? (e.kind === 'review.recorded' && e.data.verdict === 'concern' ? 'bad' : 'default'),
    lines: detailOf(e.kind, e.data),
  }));
  const flags: TimelineItem[] = g.flags.map((f) => ({
    at: f.at,
    key: `f${f.code}`,
    title: `${ts('flag')}: ${t(`common.flags.${f.code}`)}`,
    actor: null,
    tone: 'warn',
    lines: [f.reason],
  }));
  return [...trail, ...g.accessEvents.map(accessItem), ...flags].sort((a, b) => a.at.localeCompare(b.at));
}

const List = styled.ol`
  list-style: none;
  margin: 0;
  padding: 0;
  border-left: 2px solid ${(p) => getColor({ theme: p.theme, variable: 'border.default' })};
`;
const Item = styled.li<{ $tone: TimelineItem['tone'] }>`
  position: relative;
  margin: 0 0 ${(p) => p.theme.space.sm} ${(p) => p.theme.space.md};
  &::before {
    content: '';
    position: absolute;
    left: calc(-${(p) => p.theme.space.md} - 6px);
    top: 6px;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: ${(p) =>
      getColor({
        theme: p.theme,
        variable: {
          good: 'border.successEmphasis',
          bad: 'border.dangerEmphasis',
          warn: 'border.warningEmphasis',
          default: 'border.emphasis',
        }[p.$tone],
      })};
  }
  p { margin: 0; }
`;

export function Timeline({ items }: { items: TimelineItem[] }) {
  return (
    <List data-testid="timeline" aria-label={ts('label')}>
      {items.map((i) => (
        <Item key={i.key} $tone={i.tone} data-kind={i.title}>
          <p>
            <strong>{i.title}</strong>{' '}
            {i.tags?.map((tag) => (
              <Tag key={tag.label} hue={tag.hue} size="small">
                {tag.label}
              </Tag>
            ))}
          </p>
          <Muted>
            {new Date(i.at).toLocaleString('en-GB')}
            {i.actor ? ` · ${i.actor}` : ''}
          </Muted>
          {i.lines.map((l) => (
            <p key={l}>{l}</p>
          ))}
        </Item>
      ))}
    </List>
  );
}

import { Tag } from '@zendeskgarden/react-tags';
import type { Flag, GrantStatus } from '../../../shared/grants.js';
import { t } from '../i18n.js';
import { Row } from './layout.js';

const HUE: Record<GrantStatus, string> = {
  pending: 'yellow',
  approved: 'blue',
  active: 'green',
  ended: 'grey',
  expired: 'grey',
  revoked: 'red',
  denied: 'red',
  cancelled: 'grey',
  lapsed: 'grey',
};

export function StatusTag({ status }: { status: GrantStatus }) {
  return (
    <Tag hue={HUE[status]} size="small" data-status={status}>
      {t(`common.status.${status}`)}
    </Tag>
  );
}

/** Review flags, each with its reason as the tooltip so leads see why. */
export function FlagTags({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  return (
    <Row>
      {flags.map((f) => (
        <Tag key={f.code} hue="red" size="small" title={f.reason}>
          {t(`common.flags.${f.code}`)}
        </Tag>
      ))}
    </Row>
  );
}

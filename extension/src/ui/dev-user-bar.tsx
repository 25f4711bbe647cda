import { styled } from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';
import { t } from '../i18n.js';

const Bar = styled.div`
  display: flex;
  align-items: center;
  gap: ${(p) => p.theme.space.xs};
  padding: ${(p) => p.theme.space.xxs} ${(p) => p.theme.space.sm};
  font-family: ${(p) => p.theme.fonts.system};
  font-size: ${(p) => p.theme.fontSizes.sm};
  background: ${(p) => getColor({ theme: p.theme, variable: 'background.warning' })};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.warning' })};
`;

const DEFAULT_USERS = ['agent-ann', 'agent-bob', 'lead-lee', 'admin-ada'];

/**
 * Dev sign-in only: says who you are and switches user by reloading with `?as=`. A plain select
 * keeps the sidebar's first load free of Garden's dropdown machinery.
 */
export function DevUserBar({ current, users = DEFAULT_USERS }: { current: string; users?: string[] | undefined }) {
  const switchTo = (user: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('as', user);
    window.location.assign(url.toString());
  };
  return (
    <Bar data-testid="dev-user-bar">
      <label htmlFor="ta-dev-user">{t('common.dev_user')}</label>
      <select id="ta-dev-user" value={current} onChange={(e) => switchTo(e.target.value)}>
        {users.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
    </Bar>
  );
}

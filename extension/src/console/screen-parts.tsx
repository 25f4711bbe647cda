import type { ReactNode } from 'react';
import { styled } from 'styled-components';
import { Alert } from '@zendeskgarden/react-notifications';
import { getColor } from '@zendeskgarden/react-theming';
import { scoped } from '../i18n.js';
import { Link } from './router.js';

const ts = scoped('nav_bar.console');

export const ScreenTitle = styled.h1`
  margin: 0 0 ${(p) => p.theme.space.sm};
  font-size: ${(p) => p.theme.fontSizes.xl};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.xl};
`;

export const SubTitle = styled.h2`
  margin: ${(p) => p.theme.space.md} 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.lg};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

export const Card = styled.section`
  padding: ${(p) => p.theme.space.sm} ${(p) => p.theme.space.md};
  border: ${(p) => p.theme.borders.sm} ${(p) => getColor({ theme: p.theme, variable: 'border.default' })};
  border-radius: ${(p) => p.theme.borderRadii.md};
  background: ${(p) => getColor({ theme: p.theme, variable: 'background.default' })};
`;

export const Grid = styled.div<{ $min?: string }>`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(${(p) => p.$min ?? '180px'}, 1fr));
  gap: ${(p) => p.theme.space.sm};
`;

/** One line that never grows a table row: the full text is in the title (and on the session page). */
export const OneLine = styled.span`
  display: block;
  max-width: 28em;
  overflow: hidden;
  white-space: nowrap;
  text-overflow: ellipsis;
`;

function Notice({ children, home }: { children: ReactNode; home: string }) {
  return (
    <Alert type="info" role="status">
      <Alert.Paragraph>{children}</Alert.Paragraph>
      <Alert.Paragraph>
        <Link to={home}>{ts('go_home')}</Link>
      </Alert.Paragraph>
    </Alert>
  );
}

export const NotFound = ({ home }: { home: string }) => <Notice home={home}>{ts('not_found')}</Notice>;
export const NotForYou = ({ home }: { home: string }) => <Notice home={home}>{ts('not_for_you')}</Notice>;

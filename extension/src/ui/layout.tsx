import { styled } from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';

/** A titled block of the sidebar or console; spacing and rules come from the Garden theme. */
export const Section = styled.section`
  padding: ${(p) => p.theme.space.sm} 0;
  border-bottom: ${(p) => p.theme.borders.sm} ${(p) => getColor({ theme: p.theme, variable: 'border.subtle' })};
  &:last-child { border-bottom: none; }
`;

export const Heading = styled.h2`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.md};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.default' })};
`;

export const Muted = styled.p`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.sm};
  line-height: ${(p) => p.theme.lineHeights.sm};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
`;

export const Stack = styled.div`
  display: flex;
  flex-direction: column;
  gap: ${(p) => p.theme.space.sm};
`;

export const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${(p) => p.theme.space.xs};
`;

export const Page = styled.main`
  padding: ${(p) => p.theme.space.sm} ${(p) => p.theme.space.sm};
  font-family: ${(p) => p.theme.fonts.system};
  font-size: ${(p) => p.theme.fontSizes.md};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.default' })};
`;

export const Countdown = styled.div`
  font-family: ${(p) => p.theme.fonts.mono};
  font-size: ${(p) => p.theme.fontSizes.xxl};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.xxl};
`;

// The label column is capped: a long label ("What must be changed, and why") must not squeeze the
// value to one word per line in a 320 px sidebar.
export const Dl = styled.dl`
  display: grid;
  grid-template-columns: fit-content(40%) minmax(0, 1fr);
  gap: ${(p) => p.theme.space.xxs} ${(p) => p.theme.space.sm};
  margin: 0;
  font-size: ${(p) => p.theme.fontSizes.sm};
  dt { color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })}; overflow-wrap: anywhere; }
  dd { margin: 0; overflow-wrap: anywhere; }
`;

/** Form fields in even columns that wrap on narrow screens. */
export const FieldGrid = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: ${(p) => p.theme.space.sm};
  align-items: start;
`;

/**
 * Label above value: for long values (a reason, a write request's stated need) in a narrow panel,
 * where two columns would leave the value a few words per line.
 */
export const StackedDl = styled(Dl)`
  grid-template-columns: minmax(0, 1fr);
  row-gap: 0;
  dd + dt { margin-top: ${(p) => p.theme.space.xs}; }
`;

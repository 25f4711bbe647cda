import { styled } from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';
import { useRouter } from './router.js';

// Plain SVG bar charts: a charting library would cost more than the whole console's code. Every
// bar is a link to the list it counts, reachable by keyboard, with its figure in its label.

export interface Bar {
  label: string;
  value: number;
  /** The list this bar counts (a path under the console). */
  to: string;
  /** What a screen reader and the tooltip say. */
  title: string;
}

const Figure = styled.figure`
  margin: 0;
  svg { display: block; width: 100%; height: auto; overflow: visible; }
  a:focus-visible rect { outline: none; stroke: ${(p) => getColor({ theme: p.theme, variable: 'border.primaryEmphasis' })}; stroke-width: 2; }
  text { font-family: ${(p) => p.theme.fonts.system}; fill: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })}; }
  figcaption { font-size: ${(p) => p.theme.fontSizes.sm}; color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })}; }
`;

const Rect = styled.rect`
  fill: ${(p) => getColor({ theme: p.theme, variable: 'background.primaryEmphasis' })};
  &:hover { fill: ${(p) => getColor({ theme: p.theme, variable: 'foreground.primary' })}; }
`;

/** Columns over time (sessions per day); every fifth day is labelled. */
export function ColumnChart({ bars, caption, testId }: { bars: Bar[]; caption: string; testId: string }) {
  const router = useRouter();
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = width / Math.max(1, bars.length);
  return (
    <Figure data-testid={testId}>
      <svg viewBox={`0 -12 ${width} ${height + 32}`}>
        <title>{caption}</title>
        <line x1="0" x2={width} y1={height} y2={height} stroke="currentColor" strokeOpacity="0.2" />
        {bars.map((b, i) => {
          const h = Math.round((b.value / max) * height);
          return (
            <a
              key={b.label}
              href={router.href(b.to)}
              onClick={(e) => {
                e.preventDefault();
                router.navigate(b.to);
              }}
            >
              <title>{b.title}</title>
              <rect x={i * step} y={0} width={step} height={height} fill="transparent" />
              <Rect x={i * step + 2} y={height - h} width={Math.max(1, step - 4)} height={h} rx="2" />
              {b.value > 0 && (
                <text x={i * step + step / 2} y={height - h - 3} fontSize="9" textAnchor="middle">
                  {b.value}
                </text>
              )}
              {i % 5 === bars.length % 5 && (
                <text x={i * step + step / 2} y={height + 14} fontSize="10" textAnchor="middle">
                  {b.label}
                </text>
              )}
            </a>
          );
        })}
      </svg>
      <figcaption>{caption}</figcaption>
    </Figure>
  );
}

/** Horizontal bars with their labels (flags per kind). */
export function BarList({ bars, caption, testId }: { bars: Bar[]; caption: string; testId: string }) {
  const router = useRouter();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  const labelWidth = 140;
  const width = 420;
  return (
    <Figure data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${Math.max(1, bars.length) * row}`}>
        <title>{caption}</title>
        {bars.map((b, i) => (
          <a
            key={b.label}
            href={router.href(b.to)}
            onClick={(e) => {
              e.preventDefault();
              router.navigate(b.to);
            }}
          >
            <title>{b.title}</title>
            <text x="0" y={i * row + 15} fontSize="12">
              {b.label}
            </text>
            <Rect
              x={labelWidth}
              y={i * row + 4}
              width={Math.max(2, ((width - labelWidth - 40) * b.value) / max)}
              height={row - 8}
              rx="2"
            />
            <text x={labelWidth + 6 + ((width - labelWidth - 40) * b.value) / max} y={i * row + 15} fontSize="12">
              {b.value}
            </text>
          </a>
        ))}
      </svg>
      <figcaption>{caption}</figcaption>
    </Figure>
  );
}

import type { ScreenKey } from './routes.js';

// Small 16 px line icons for the navigation (Garden's Nav wants an SVG per item); drawn here
// rather than bundling an icon set for eleven glyphs.
const PATHS: Record<ScreenKey | 'logo', string> = {
  logo: 'M8 1l6 3v4c0 3.5-2.6 6.4-6 7-3.4-.6-6-3.5-6-7V4z M5.5 8l2 2 3-4',
  dashboard: 'M2 2h5v6H2z M9 2h5v3H9z M9 7h5v7H9z M2 10h5v4H2z',
  approvals: 'M2 3h12v10H2z M2 3l6 5 6-5',
  history: 'M8 2a6 6 0 1 1-6 6 M8 5v3l2 2 M2 3v3h3',
  mine: 'M8 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6z M2.5 14c.8-2.6 3-4 5.5-4s4.7 1.4 5.5 4',
  reviews: 'M3 2h7l3 3v9H3z M6 8l1.5 1.5L10.5 6',
  audit: 'M3 3h10v2H3z M3 7h10v2H3z M3 11h6v2H3z M12 10l2 2-2 2',
  session: 'M3 2h10v12H3z M5 5h6 M5 8h6 M5 11h3',
  customers:
    'M5 3a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z M11 4a2 2 0 1 1 0 4 2 2 0 0 1 0-4z M1 14c.5-2.4 2-3.5 4-3.5s3.5 1.1 4 3.5 M10 10.5c2 0 3.5 1 4 3.5',
  customer: 'M8 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6z M3 14c.6-2.5 2.6-4 5-4s4.4 1.5 5 4',
  adminSettings:
    'M8 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6z M8 1v2 M8 13v2 M1 8h2 M13 8h2 M3 3l1.5 1.5 M11.5 11.5L13 13 M3 13l1.5-1.5 M11.5 4.5L13 3',
  adminQueries:
    'M2 4c0-1.1 2.7-2 6-2s6 .9 6 2-2.7 2-6 2-6-.9-6-2z M2 4v8c0 1.1 2.7 2 6 2s6-.9 6-2V4 M2 8c0 1.1 2.7 2 6 2s6-.9 6-2',
  adminRoles: 'M8 1l6 3v4c0 3.5-2.6 6.4-6 7-3.4-.6-6-3.5-6-7V4z M8 5v5 M5.5 7.5h5',
};

export function NavIcon({ name }: { name: ScreenKey | 'logo' }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

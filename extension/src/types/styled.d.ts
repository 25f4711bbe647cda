import type { IGardenTheme } from '@zendeskgarden/react-theming';

declare module 'styled-components' {
  // Garden's theme is the styled-components theme, so `p.theme.space.sm` is typed.
  export interface DefaultTheme extends IGardenTheme {}
}

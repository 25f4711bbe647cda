import { configure } from '@testing-library/react';

// jsdom lacks matchMedia, which Garden's theming reads at import time; import this first.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// The first render of a file pulls in Garden and styled-components; give `findBy…` room for it.
configure({ asyncUtilTimeout: 5000 });

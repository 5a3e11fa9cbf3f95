import type { ISearchOptions } from '@xterm/addon-search';
import type { ITheme } from '@xterm/xterm';

/** The terminal follows the OS colour scheme, as the rest of the app does through styles.css. */
export type ColorScheme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export const TERMINAL_THEMES: Record<ColorScheme, ITheme> = {
  light: {
    background: '#ffffff',
    foreground: '#1f2937',
    cursor: '#1f2937',
    cursorAccent: '#ffffff',
    selectionBackground: '#bfdbfe',
    selectionInactiveBackground: '#dbeafe',
    scrollbarSliderBackground: 'rgba(31, 41, 55, 0.25)',
    scrollbarSliderHoverBackground: 'rgba(31, 41, 55, 0.4)',
    scrollbarSliderActiveBackground: 'rgba(31, 41, 55, 0.55)',
    black: '#1f2937',
    red: '#b91c1c',
    green: '#15803d',
    yellow: '#a16207',
    blue: '#1d4ed8',
    magenta: '#a21caf',
    cyan: '#0e7490',
    white: '#9ca3af',
    brightBlack: '#6b7280',
    brightRed: '#dc2626',
    brightGreen: '#16a34a',
    brightYellow: '#b45309',
    brightBlue: '#2563eb',
    brightMagenta: '#c026d3',
    brightCyan: '#0891b2',
    brightWhite: '#4b5563',
  },
  dark: {
    background: '#111827',
    foreground: '#e5e7eb',
    cursor: '#e5e7eb',
    cursorAccent: '#111827',
    selectionBackground: '#1e40af',
    selectionInactiveBackground: '#374151',
    scrollbarSliderBackground: 'rgba(229, 231, 235, 0.2)',
    scrollbarSliderHoverBackground: 'rgba(229, 231, 235, 0.35)',
    scrollbarSliderActiveBackground: 'rgba(229, 231, 235, 0.5)',
    black: '#4b5563',
    red: '#f87171',
    green: '#4ade80',
    yellow: '#facc15',
    blue: '#60a5fa',
    magenta: '#e879f9',
    cyan: '#22d3ee',
    white: '#e5e7eb',
    brightBlack: '#9ca3af',
    brightRed: '#fca5a5',
    brightGreen: '#86efac',
    brightYellow: '#fde68a',
    brightBlue: '#93c5fd',
    brightMagenta: '#f0abfc',
    brightCyan: '#67e8f9',
    brightWhite: '#ffffff',
  },
};

/** Match highlights for the find bar (the search addon wants #RRGGBB colours). */
export const SEARCH_DECORATIONS: Record<ColorScheme, NonNullable<ISearchOptions['decorations']>> = {
  light: { matchBackground: '#fde68a', activeMatchBackground: '#f59e0b', matchOverviewRuler: '#f59e0b', activeMatchColorOverviewRuler: '#b45309' },
  dark: { matchBackground: '#854d0e', activeMatchBackground: '#ca8a04', matchOverviewRuler: '#ca8a04', activeMatchColorOverviewRuler: '#facc15' },
};

export function currentColorScheme(): ColorScheme {
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Calls `listener` whenever the OS switches between light and dark; returns the unsubscribe. */
export function onColorSchemeChange(listener: (scheme: ColorScheme) => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  const changed = () => listener(query.matches ? 'dark' : 'light');
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}

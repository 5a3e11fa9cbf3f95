import { collectSessionPorts } from './session-ports.ts';

/** The app's one collector, listening from the first import (main.tsx imports it before rendering). */
export const sessionPorts = collectSessionPorts(window);

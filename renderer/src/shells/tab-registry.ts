import { ShellTabController, type TabControllerEvents } from './tab-controller.ts';

/**
 * The live controllers (terminal, editor, port) of the open tabs, by the tab's key in the store.
 * They hold DOM nodes and a MessagePort, so they live here rather than in zustand state.
 */
const controllers = new Map<string, ShellTabController>();

export const tabControllers = {
  create(key: string, events: TabControllerEvents): ShellTabController {
    const controller = new ShellTabController(events);
    controllers.set(key, controller);
    return controller;
  },
  get(key: string): ShellTabController | undefined {
    return controllers.get(key);
  },
  dispose(key: string): void {
    controllers.get(key)?.dispose();
    controllers.delete(key);
  },
};

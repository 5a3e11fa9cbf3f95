export { ConnectionTestPanel } from './ConnectionTestPanel.tsx';

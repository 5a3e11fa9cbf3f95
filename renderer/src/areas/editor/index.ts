export { HostEditor } from './HostEditor.tsx';
export { FolderEditor } from './FolderEditor.tsx';
export { DefaultsEditor } from './DefaultsEditor.tsx';

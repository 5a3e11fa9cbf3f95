import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorBanner } from '../../ErrorBanner.tsx';
import { useDesk } from '../../state/store.ts';

/** A modal dialog (the native element: focus stays inside, Escape closes it) named by its title. */
export function Dialog({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'hosts-dialog wide' : 'hosts-dialog'}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h3>{title}</h3>
      {children}
    </dialog>
  );
}

/** The confirm (submit) and Cancel buttons every dialog form ends with. */
export function DialogButtons({ action, danger = false, onCancel }: { action: string; danger?: boolean; onCancel: () => void }) {
  return (
    <div className="dialog-buttons">
      <button type="submit" className={danger ? 'danger' : undefined}>
        {action}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** One text field and a confirm button: new folder, rename a folder or a host. */
export function NameDialog({ title, label, initial, action, onSubmit, onClose }: { title: string; label: string; initial: string; action: string; onSubmit: (name: string) => Promise<boolean>; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const error = useDesk((s) => s.hostsError);
  useEffect(() => input.current?.select(), []);
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const name = input.current?.value ?? '';
          void onSubmit(name).then((accepted) => accepted && onClose());
        }}
      >
        <label className="dialog-field">
          {label}
          <input ref={input} defaultValue={initial} autoFocus />
        </label>
        <ErrorBanner error={error} />
        <DialogButtons action={action} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

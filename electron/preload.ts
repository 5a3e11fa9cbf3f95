import { contextBridge, ipcRenderer } from 'electron';
import { buildClient } from '../shared/ipc/channel.ts';
import { contract } from '../shared/ipc/contract.ts';

// The page gets exactly one object, generated from the contract; raw ipcRenderer never reaches it.
contextBridge.exposeInMainWorld('winrmDesk', buildClient(contract, (channel, payload) => ipcRenderer.invoke(channel, payload)));

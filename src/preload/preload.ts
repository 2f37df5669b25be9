// The sandboxed preload: exposes the contract's bridge as window.ecgStudio and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './preloadApi';

contextBridge.exposeInMainWorld('ecgStudio', buildPreloadApi(ipcRenderer));

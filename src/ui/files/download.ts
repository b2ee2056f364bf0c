/** Downloads an export through a Blob URL; the PNG comes from the map's canvas. */
import { messageOf } from '../../store/actions';
import { buildExport, exportName, exportTarget, type ExportKind, type ExportTarget } from '../../store/exports';
import { useAppStore } from '../../store';
import { currentRouteMap } from '../map/route-map';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One export as a file to download, and what the status line says once it is downloaded. */
async function exportFile(target: ExportTarget, kind: ExportKind): Promise<{ name: string; blob: Blob; done: string }> {
  switch (kind) {
    case 'png': {
      const map = currentRouteMap();
      if (!map) throw new Error('the map is not shown');
      return { name: exportName({ ...target, run: null }, 'png'), blob: await map.exportPng(), done: 'Exported the map as PNG' };
    }
    default: {
      const file = buildExport(target, kind);
      return { name: file.name, blob: new Blob([file.text], { type: file.type }), done: `Exported ${file.name}` };
    }
  }
}

/** Builds and downloads one export; a format that cannot hold the run says why in the status line. */
export async function downloadExport(kind: ExportKind): Promise<void> {
  const store = useAppStore.getState();
  const target = exportTarget(store);
  if (!target) {
    store.setStatus('error', 'Nothing to export: load or sample a scenario first');
    return;
  }
  try {
    const file = await exportFile(target, kind);
    download(file.name, file.blob);
    useAppStore.getState().setStatus('ready', file.done);
  } catch (err) {
    useAppStore.getState().setStatus('error', `Export failed: ${messageOf(err)}`);
  }
}

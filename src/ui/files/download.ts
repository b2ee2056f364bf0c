/** Downloads an export through a Blob URL; the PNG comes from the map's canvas. */
import { messageOf } from '../../store/actions';
import { buildExport, exportName, exportTarget, type ExportKind } from '../../store/exports';
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

/** Builds and downloads one export; a format that cannot hold the run says why in the status line. */
export async function downloadExport(kind: ExportKind): Promise<void> {
  const store = useAppStore.getState();
  const target = exportTarget(store);
  if (!target) {
    store.setStatus('error', 'Nothing to export: load or sample a scenario first');
    return;
  }
  try {
    if (kind === 'png') {
      const map = currentRouteMap();
      if (!map) throw new Error('the map is not shown');
      const blob = await map.exportPng();
      download(exportName({ ...target, run: null }, 'png'), blob);
      useAppStore.getState().setStatus('ready', 'Exported the map as PNG');
      return;
    }
    const file = buildExport(target, kind);
    download(file.name, new Blob([file.text], { type: file.type }));
    useAppStore.getState().setStatus('ready', `Exported ${file.name}`);
  } catch (err) {
    useAppStore.getState().setStatus('error', `Export failed: ${messageOf(err)}`);
  }
}

/** The page: side panel (scenario, solver, status), the map, and the runs below it. */
import { useEffect } from 'react';
import { OSM_ATTRIBUTION } from '../core/cities/city';
import { useAppStore } from '../store';
import { cityTitle } from '../store/city-lookup';
import { startExperiments } from '../store/experiment-actions';
import { startNeuralWarmup } from '../store/neural-warmup';
import { startSession } from '../store/persist';
import { DropZone } from './files/DropZone';
import { ExportPanel } from './files/ExportPanel';
import { FilesPanel } from './files/FilesPanel';
import { OsrmPanel } from './files/OsrmPanel';
import { SessionBar } from './files/SessionBar';
import { RouteList } from './compare/RouteList';
import { EditorMap } from './editor/EditorMap';
import { MapStopDrag } from './compare/MapStopDrag';
import { EditorPanel } from './editor/EditorPanel';
import { MapView } from './map/MapView';
import { ComparePanel } from './compare/ComparePanel';
import { ScenarioPanel } from './panels/ScenarioPanel';
import { SolverPanel } from './panels/SolverPanel';
import { StatusLine } from './panels/StatusLine';
import { BuildCityDialog } from './cities/BuildCityDialog';
import { CentrePicker } from './cities/CentrePicker';
import { ExperimentPanel } from './experiment/ExperimentPanel';
import { ExperimentView } from './experiment/ExperimentView';

export function App() {
  // An uploaded file names itself (its summary's city is the file name); sampled scenarios their city.
  const city = useAppStore((s) => s.instance?.city ?? s.scenario.city);
  const userCities = useAppStore((s) => s.userCities);

  // The app opens on the saved session, else on a freshly sampled scenario, never an empty map.
  useEffect(() => {
    void startSession();
    // Experiments live in their own database: a running one resumes after a reload.
    void startExperiments();
  }, []);
  // The neural runtime starts in a solve worker ahead of the first neural run.
  useEffect(() => startNeuralWarmup(), []);

  return (
    <div className="app">
      <aside className="side">
        <header className="brand">
          <h1>RouteLab</h1>
          <p className="city-name" data-testid="city-name">
            {cityTitle(city, userCities)}
          </p>
        </header>
        <StatusLine />
        <SessionBar />
        <ScenarioPanel />
        <EditorPanel />
        <SolverPanel />
        <ExperimentPanel />
        <FilesPanel />
        <OsrmPanel />
        <ExportPanel />
        <footer className="side-footer">Road data {OSM_ATTRIBUTION}</footer>
      </aside>
      <main className="main">
        <div className="map-row">
          <MapView />
          <RouteList />
        </div>
        <ComparePanel />
        <ExperimentView />
      </main>
      <DropZone />
      <EditorMap />
      <MapStopDrag />
      <BuildCityDialog />
      <CentrePicker />
    </div>
  );
}

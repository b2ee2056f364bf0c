/** The page: side panel (scenario, solver, status), the map, and the runs below it. */
import { useEffect } from 'react';
import { OSM_ATTRIBUTION, cityLabel } from '../core/cities/city';
import { useAppStore } from '../store';
import { sampleScenario } from '../store/actions';
import { MapView } from './map/MapView';
import { RunsTable } from './panels/RunsTable';
import { ScenarioPanel } from './panels/ScenarioPanel';
import { SolverPanel } from './panels/SolverPanel';
import { StatusLine } from './panels/StatusLine';

export function App() {
  const city = useAppStore((s) => s.scenario.city);

  // The app opens on a ready scenario rather than an empty map.
  useEffect(() => {
    void sampleScenario();
  }, []);

  return (
    <div className="app">
      <aside className="side">
        <header className="brand">
          <h1>RouteLab</h1>
          <p className="city-name" data-testid="city-name">
            {cityLabel(city)}
          </p>
        </header>
        <StatusLine />
        <ScenarioPanel />
        <SolverPanel />
        <footer className="side-footer">Road data {OSM_ATTRIBUTION}</footer>
      </aside>
      <main className="main">
        <MapView />
        <RunsTable />
      </main>
    </div>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/app.css';

function start(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The test hooks (src/ui/probes.ts) load before the app, so that they see its first run. The
// condition is a constant at build time: in a production build it is false and the import goes
// with it. Keep it literal here, where the bundler can see it.
if (import.meta.env.DEV || import.meta.env.MODE === 'probes') {
  import('./ui/probes').then(start, (err: unknown) => {
    console.error('RouteLab: the test hooks did not load', err);
    start();
  });
} else start();

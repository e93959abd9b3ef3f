import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { readKeyFromFragment } from './stores/session';
import './styles.css';

// Before anything renders, so the key leaves the address bar at once and
// every first request can already carry it.
readKeyFromFragment();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

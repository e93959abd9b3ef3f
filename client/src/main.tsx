import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { signIn } from './lib/sign-in';
import { takeKeyFromFragment } from './stores/session';
import './styles.css';

// Before anything renders, so the key leaves the address bar at once and
// is traded for a session while the app starts.
const key = takeKeyFromFragment();
if (key) void signIn(key);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

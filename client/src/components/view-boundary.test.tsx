import { lazy, useState, type ComponentType } from 'react';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isChunkLoadError } from './error-notice';
import { ViewBoundary } from './view-boundary';

// React reports every error a boundary catches with console.error, which
// fails a test unless expected: here they are the point.
beforeEach(() => {
  vi.mocked(console.error).mockImplementation(() => undefined);
});

function Broken(): never {
  throw new Error('The contact has no name');
}

/** A lazy view and the hand that settles its download. */
function deferredView() {
  let resolve: (module: { default: ComponentType }) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const download = new Promise<{ default: ComponentType }>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return {
    View: lazy(() => download),
    resolve: (view: ComponentType) => {
      resolve({ default: view });
    },
    reject: (error: Error) => {
      reject(error);
    },
  };
}

describe('ViewBoundary', () => {
  it('shows what a view threw, in its place, with a Reload that reloads', async () => {
    const reload = vi.fn();
    render(
      <>
        <p>Beside the view</p>
        <ViewBoundary onReload={reload}>
          <Broken />
        </ViewBoundary>
      </>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong in this view');
    expect(alert).toHaveTextContent('The contact has no name');
    // The rest of the page is still there.
    expect(screen.getByText('Beside the view')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('says Loading… while the view downloads, then shows it', async () => {
    const { View, resolve } = deferredView();
    render(
      <ViewBoundary>
        <View />
      </ViewBoundary>,
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Loading…');
    resolve(() => <p>The view</p>);
    expect(await screen.findByText('The view')).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('catches a download that failed (a deployment replaced the chunk) and offers Reload', async () => {
    const reload = vi.fn();
    const { View, reject } = deferredView();
    render(
      <ViewBoundary onReload={reload}>
        <View />
      </ViewBoundary>,
    );
    await screen.findByRole('status');
    reject(
      new TypeError(
        'Failed to fetch dynamically imported module: https://crm.example/assets/timeline-Old1.js',
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong in this view');
    expect(alert).toHaveTextContent('Failed to fetch dynamically imported module');
    expect(alert).toHaveTextContent('A newer version may have been installed');
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('keeps a failure to the view that failed: a sibling view goes on working', async () => {
    function Counter() {
      const [count, setCount] = useState(0);
      return (
        <button
          type="button"
          onClick={() => {
            setCount(count + 1);
          }}
        >
          Clicked {count}
        </button>
      );
    }
    render(
      <>
        <ViewBoundary>
          <Broken />
        </ViewBoundary>
        <ViewBoundary>
          <Counter />
        </ViewBoundary>
      </>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Clicked 0' }));
    expect(screen.getByRole('button', { name: 'Clicked 1' })).toBeInTheDocument();
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});

describe('isChunkLoadError', () => {
  it('knows how Chromium, Firefox, Safari and Vite say a chunk did not load', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: https://crm.example/assets/a.js',
      'error loading dynamically imported module: https://crm.example/assets/a.js',
      'Importing a module script failed.',
      'Unable to preload CSS for /assets/a.css',
    ]) {
      expect(isChunkLoadError(new TypeError(message))).toBe(true);
    }
  });

  it('is false for anything else', () => {
    expect(isChunkLoadError(new Error('The contact has no name'))).toBe(false);
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
  });
});

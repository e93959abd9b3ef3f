import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LazySignInForm } from '@/components/lazy-sign-in-form';
import { HOST_PARAM, PLAYGROUND_HOST } from '@/host/playground-protocol';
import { signIn, useSessionRenewal } from '@/lib/sign-in';
import {
  HOST_SESSION_KEY,
  takeKeyFromFragment,
  useSessionStore,
  type Session,
} from '@/stores/session';
import { useMailboxConversations, type PlaygroundMailbox } from '../api/get-mailbox-conversations';
import { useActivityLog } from '../hooks/use-activity-log';
import { useComposer } from '../hooks/use-composer';
import { usePlaygroundActions } from '../hooks/use-playground-actions';
import { fetchHostConversations, usePrefetchSelected } from '../api/fetch-host-conversations';
import { useSidebarBridge } from '../hooks/use-sidebar-bridge';
import { noSelection, type ListSelection } from '../utils/selection';
import { ComposerPanel } from './composer-panel';
import { ConversationList } from './conversation-list';
import { ThreadView } from './thread-view';
import './playground.css';

/**
 * An imitation of Missive's window for trying the sidebar without Missive:
 * the conversation list on the left, the thread and composer in the middle,
 * and the real sidebar page on the right in an iframe, driven through the
 * playground protocol exactly as Missive's library would drive it.
 */
export function Playground() {
  const session = useSessionStore((state) => state.session);
  useSessionRenewal();

  // main.tsx takes the key before the first render; this covers arriving
  // here by a client-side link that carries one.
  useEffect(() => {
    const key = takeKeyFromFragment();
    if (key) void signIn(key);
  }, []);

  if (session === null) {
    return (
      <main className="playground-signed-out">
        <p>The playground shows your conversations: sign in with the access key first.</p>
        <LazySignInForm />
      </main>
    );
  }
  return <PlaygroundWindow session={session} />;
}

function PlaygroundWindow({ session }: { session: Session }) {
  const [mailbox, setMailbox] = useState<PlaygroundMailbox>('inbox');
  const [selection, setSelection] = useState<ListSelection>(noSelection);
  const conversations = useMailboxConversations(mailbox);
  const listed = conversations.data ?? [];
  const composer = useComposer();
  const activity = useActivityLog();
  const actions = usePlaygroundActions({
    selectedIds: selection.ids,
    listed,
    composer,
    activity,
  });
  const frame = useRef<HTMLIFrameElement>(null);
  const queryClient = useQueryClient();
  usePrefetchSelected(selection.ids);
  useSidebarBridge({
    frame,
    selection: selection.ids,
    actions,
    onOpenConversation: (id) => {
      setSelection({ ids: [id], anchor: id, focus: id });
    },
    fetchConversations: (ids) => fetchHostConversations(queryClient, ids),
    // Missive's window hands the sidebar what it keeps per user; here, the
    // session the playground signed in with, so the key never rides in the
    // frame's address.
    storeSeed: { [HOST_SESSION_KEY]: JSON.stringify(session) },
  });
  useEscapeClears(setSelection);

  return (
    <main className="playground" aria-label="Playground">
      <ConversationList
        mailbox={mailbox}
        onMailboxChange={(next) => {
          setMailbox(next);
          setSelection(noSelection);
        }}
        conversations={listed}
        isPending={conversations.isPending}
        error={conversations.error}
        hasMore={conversations.hasNextPage}
        isLoadingMore={conversations.isFetchingNextPage}
        onLoadMore={() => {
          void conversations.fetchNextPage();
        }}
        selection={selection}
        onSelectionChange={setSelection}
      />
      <div className="playground-middle">
        <ThreadView selectedIds={selection.ids} listed={listed} />
        <ComposerPanel composer={composer} activity={activity.entries} />
      </div>
      <aside className="playground-sidebar" aria-label="Sidebar panel">
        <iframe ref={frame} title="Sidebar" src={sidebarSource()} />
      </aside>
    </main>
  );
}

/**
 * The sidebar page as the playground frames it: `?host=playground` tells it
 * which host it is in; its session comes from the host's store.
 */
export function sidebarSource(): string {
  const search = new URLSearchParams({ [HOST_PARAM]: PLAYGROUND_HOST });
  return `/sidebar?${search.toString()}`;
}

/** Escape anywhere but in a text field selects nothing, as in Missive. */
function useEscapeClears(setSelection: (selection: ListSelection) => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isEditable(event.target)) return;
      setSelection(noSelection);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [setSelection]);
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

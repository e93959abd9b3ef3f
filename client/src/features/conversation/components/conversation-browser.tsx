import { useEffect, useRef } from 'react';
import type { SearchParamTarget } from '@/components/search-param-link';
import { Button } from '@/components/ui/button';
import { useConversationList } from '../api/list-conversations';
import type { ConversationListFilter } from '../utils/conversation-filter';
import { ConversationRow } from './conversation-row';
import { LoadError } from './load-error';
import './conversation.css';
import './conversation-browser.css';

export interface ConversationBrowserProps {
  /** One mailbox and at most one contact filter, as Missive takes them. */
  filter: ConversationListFilter;
  /** The conversation shown beside the list, marked as the current row. */
  openId: string | null;
  /** Where a row leads (the page's URL with the conversation open). */
  linkFor: (conversationId: string) => SearchParamTarget;
}

// Start the next page this far before the end comes into view, so scrolling rarely waits.
const PRELOAD_MARGIN = '0px 0px 600px 0px';

/**
 * The dashboard's conversation list: newest activity first, 50 at a time.
 * Older pages load when the end of the list nears the viewport; a "Load
 * more" button does the same for keyboards and screen readers, for which
 * nothing scrolls into view.
 */
export function ConversationBrowser({ filter, openId, linkFor }: ConversationBrowserProps) {
  const list = useConversationList(filter);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = list;
  const sentinel = useRef<HTMLDivElement>(null);
  // A failed page waits for the person: observing again would retry in a loop.
  const autoLoad = hasNextPage && !isFetchingNextPage && !isFetchNextPageError;

  useEffect(() => {
    const element = sentinel.current;
    if (!autoLoad || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void fetchNextPage();
      },
      { rootMargin: PRELOAD_MARGIN },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [autoLoad, fetchNextPage]);

  if (!list.data) {
    return list.error ? (
      <LoadError error={list.error} onRetry={() => void list.refetch()} />
    ) : (
      <div className="conversation-browser" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading conversations…
        </p>
        {[0, 1, 2, 3, 4].map((row) => (
          <div key={row} className="conversation-row" aria-hidden="true">
            <span className="conversation-skeleton" />
            <span className="conversation-skeleton conversation-skeleton-short" />
          </div>
        ))}
      </div>
    );
  }

  const conversations = list.data;
  return (
    <div className="conversation-browser">
      <p className="conversation-browser-count" role="status">
        {conversations.length === 0
          ? 'No conversations match these filters.'
          : `${conversations.length} conversation${conversations.length === 1 ? '' : 's'}${hasNextPage ? ' so far' : ''}`}
      </p>
      {conversations.length > 0 && (
        <ul
          className="conversation-browser-list"
          aria-label="Conversations"
          aria-busy={isFetchingNextPage}
        >
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <ConversationRow
                conversation={conversation}
                link={linkFor(conversation.id)}
                isOpen={conversation.id === openId}
              />
            </li>
          ))}
        </ul>
      )}
      {list.error && (
        <LoadError
          error={list.error}
          onRetry={() => void (isFetchNextPageError ? fetchNextPage() : list.refetch())}
        />
      )}
      {hasNextPage && (
        <div className="conversation-browser-more">
          <div ref={sentinel} className="conversation-browser-sentinel" aria-hidden="true" />
          <Button
            className="conversation-more"
            variant="secondary"
            // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
            aria-disabled={isFetchingNextPage}
            onClick={() => {
              if (!isFetchingNextPage) void fetchNextPage();
            }}
          >
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      )}
    </div>
  );
}

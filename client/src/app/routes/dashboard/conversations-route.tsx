import { useEffect, useId, useRef } from 'react';
import { SearchParamLink } from '@/components/search-param-link';
import { ConversationBrowser } from '@/features/conversation/components/conversation-browser';
import { ConversationFilters } from '@/features/conversation/components/conversation-filters';
import {
  readConversationFilter,
  toListFilter,
  writeConversationFilter,
} from '@/features/conversation/utils/conversation-filter';
import { ConversationView } from '../sidebar/conversation-view';
import { useSearchParamChanges } from '@/lib/search-params';
import { conversationFilterPickers } from './conversation-filter-pickers';
import '../sidebar/sidebar.css';
import './conversations-route.css';

/** The URL parameter naming the conversation shown beside the list. */
const OPEN = 'open';

/**
 * `/conversations`: conversations by mailbox, team or label, optionally of
 * one contact, with the one opened shown in full beside the list — the
 * same composition the sidebar shows inside Missive. Everything chosen
 * lives in the URL, so reload, back and a shared link all show the same.
 * The dashboard layout provides the (none) host that "open in Missive" uses.
 */
export function ConversationsRoute() {
  const [params, change] = useSearchParamChanges();
  const filter = readConversationFilter(params);
  const listFilter = toListFilter(filter);
  const openId = params.get(OPEN)?.trim() ?? '';
  const withOpen = (id: string | null) => ({ base: params.toString(), changes: { [OPEN]: id } });
  const filtersHeading = useId();

  // Opening a row moves the focus to what was opened, so a keyboard or
  // screen-reader user lands on it; a page loaded with `open` starts at the top.
  const details = useRef<HTMLElement>(null);
  const previousOpenId = useRef(openId);
  useEffect(() => {
    if (openId && openId !== previousOpenId.current)
      details.current?.focus({ preventScroll: true });
    previousOpenId.current = openId;
  }, [openId]);

  return (
    <div className="dashboard-conversations">
      <h1>Conversations</h1>
      <div
        className={
          openId
            ? 'dashboard-conversations-grid dashboard-conversations-open'
            : 'dashboard-conversations-grid'
        }
      >
        <section className="dashboard-conversations-filters" aria-labelledby={filtersHeading}>
          <h2 id={filtersHeading} className="visually-hidden">
            Filters
          </h2>
          <ConversationFilters
            filter={filter}
            onChange={(next) => {
              change((current) => writeConversationFilter(current, next));
            }}
            pickers={conversationFilterPickers}
          />
        </section>
        <section className="dashboard-conversations-list" aria-label="Conversation list">
          {listFilter ? (
            <ConversationBrowser filter={listFilter} openId={openId || null} linkFor={withOpen} />
          ) : (
            <p className="dashboard-conversations-prompt">
              {filter.mailbox.kind === 'team'
                ? 'Choose a team to see its conversations.'
                : 'Choose a label to see its conversations.'}
            </p>
          )}
        </section>
        {openId && (
          <section
            ref={details}
            tabIndex={-1}
            className="dashboard-conversations-details"
            aria-label="Conversation details"
          >
            <SearchParamLink {...withOpen(null)} className="dashboard-conversations-close">
              Close details
            </SearchParamLink>
            <ConversationView key={openId} conversationId={openId} />
          </section>
        )}
      </div>
    </div>
  );
}

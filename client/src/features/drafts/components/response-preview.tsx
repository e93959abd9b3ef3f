import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CannedResponse } from '@crm/shared/missive/responses';
import { getUsersQueryOptions } from '@/lib/directory/get-users';
import { agentName } from '../utils/agent-name';
import type { SampleContact } from '../utils/sample-contact';
import {
  fillVariables,
  findUnfilled,
  knownVariables,
  variableValues,
} from '../utils/template-variables';
import { MarkedText, SafeHtml } from './safe-html';
import { SampleContactPicker } from './sample-contact-picker';
import { Card } from '@/components/ui/card';

export interface ResponsePreviewProps {
  response: CannedResponse;
  sample: SampleContact;
  onPickSample: (sample: SampleContact) => void;
}

/**
 * A canned response as a customer would get it: its variables filled from
 * a sample contact and the agent exactly as the reply composer fills them,
 * and whatever the composer would leave as written pointed out.
 */
export function ResponsePreview({ response, sample, onPickSample }: ResponsePreviewProps) {
  const titleId = useId();
  const me = useQuery({ ...getUsersQueryOptions(null), select: agentName });
  const values = variableValues(sample.values, me.data ?? null);
  const subject = response.subject ? fillVariables(response.subject, values) : null;
  const body = fillVariables(response.body, values);
  const unfilled = findUnfilled(`${subject ?? ''}\n${body}`);

  return (
    <Card as="section" aria-labelledby={titleId}>
      <h2 id={titleId}>{response.title}</h2>
      <SampleContactPicker sample={sample} onPick={onPickSample} />
      <dl className="drafts-variables" aria-label="Variables">
        {knownVariables.map((name) => (
          <div key={name}>
            <dt>
              <code>{`{{${name}}}`}</code>
            </dt>
            <dd>{values[name] ?? <span className="drafts-hint">no value</span>}</dd>
          </div>
        ))}
      </dl>
      <article className="drafts-responses-message" aria-label="Filled response">
        {subject !== null ? (
          <p className="drafts-responses-subject">
            Subject: <MarkedText text={subject} />
          </p>
        ) : null}
        <SafeHtml html={body} className="drafts-responses-text" />
      </article>
      {unfilled.length ? (
        <div className="drafts-warning" role="note" aria-label="Not filled">
          <p>Left as written for this contact:</p>
          <ul>
            {unfilled.map(({ placeholder, reason }) => (
              <li key={placeholder}>
                <code>{placeholder}</code>{' '}
                {reason === 'unknown'
                  ? '— unknown variable: the reply composer never fills it'
                  : '— nothing to fill it with'}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="drafts-hint">Every variable is filled for this contact.</p>
      )}
    </Card>
  );
}

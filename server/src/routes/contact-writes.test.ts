import { describe, expect, it } from 'vitest';
import { contactsUpdatedBy, oneContactAtATime } from './contact-writes';

/** A write that finishes when the test says so, recording when it started. */
function heldWrite(log: string[], name: string) {
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => {
      resolve(name);
    };
    fail = reject;
  });
  const work = () => {
    log.push(name);
    return done;
  };
  return { work, finish, fail };
}

/** Lets every promise callback already due run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) await Promise.resolve();
}

describe('oneContactAtATime', () => {
  it('runs writes of one contact one after the other, in the order they came', async () => {
    const gateway = {};
    const log: string[] = [];
    const [first, second, third] = ['first', 'second', 'third'].map((name) => heldWrite(log, name));
    if (!first || !second || !third) throw new Error('three writes');
    const answers = [first, second, third].map((write) =>
      oneContactAtATime(gateway, ['c1'], write.work),
    );
    await settle();
    expect(log).toEqual(['first']);
    first.finish();
    await settle();
    expect(log).toEqual(['first', 'second']);
    second.finish();
    third.finish();
    expect(await Promise.all(answers)).toEqual(['first', 'second', 'third']);
  });

  it('lets writes of other contacts, or through another gateway, run meanwhile', async () => {
    const gateway = {};
    const log: string[] = [];
    const held = heldWrite(log, 'c1');
    const other = heldWrite(log, 'c2');
    const elsewhere = heldWrite(log, 'c1 elsewhere');
    const answers = [
      oneContactAtATime(gateway, ['c1'], held.work),
      oneContactAtATime(gateway, ['c2'], other.work),
      oneContactAtATime({}, ['c1'], elsewhere.work),
    ];
    await settle();
    expect(log).toEqual(['c1', 'c2', 'c1 elsewhere']);
    for (const write of [held, other, elsewhere]) write.finish();
    await Promise.all(answers);
  });

  it('holds a batch until each of its contacts is free, and crossing batches both finish', async () => {
    const gateway = {};
    const log: string[] = [];
    const one = heldWrite(log, 'c1');
    const forward = heldWrite(log, 'c1+c2');
    const backward = heldWrite(log, 'c2+c1');
    const answers = [
      oneContactAtATime(gateway, ['c1'], one.work),
      oneContactAtATime(gateway, ['c1', 'c2'], forward.work),
      oneContactAtATime(gateway, ['c2', 'c1', 'c2'], backward.work),
    ];
    await settle();
    expect(log).toEqual(['c1']);
    one.finish();
    await settle();
    expect(log).toEqual(['c1', 'c1+c2']);
    forward.finish();
    await settle();
    expect(log).toEqual(['c1', 'c1+c2', 'c2+c1']);
    backward.finish();
    expect(await Promise.all(answers)).toEqual(['c1', 'c1+c2', 'c2+c1']);
  });

  it('goes on with the next write when one fails', async () => {
    const gateway = {};
    const log: string[] = [];
    const failing = heldWrite(log, 'failing');
    const next = heldWrite(log, 'next');
    const failed = oneContactAtATime(gateway, ['c1'], failing.work);
    const answer = oneContactAtATime(gateway, ['c1'], next.work);
    failing.fail(new Error('Missive said no'));
    await expect(failed).rejects.toThrow('Missive said no');
    next.finish();
    expect(await answer).toBe('next');
  });
});

describe('contactsUpdatedBy', () => {
  it('names no contact for calls other than a contact update', () => {
    expect(contactsUpdatedBy('createContacts', { contacts: [{ contact_book: 'b1' }] })).toEqual([]);
    expect(contactsUpdatedBy('getContact', undefined)).toEqual([]);
  });

  it('names the contacts of an update of other fields', () => {
    const body = {
      contacts: [
        { id: 'c1', first_name: 'Ada' },
        { id: 'c2', starred: true },
      ],
    };
    expect(contactsUpdatedBy('updateContacts', body)).toEqual(['c1', 'c2']);
  });

  it('refuses an update carrying infos or memberships, pointing to the editor', () => {
    const body = {
      contacts: [
        { id: 'c1', notes: 'fine' },
        { id: 'c2', infos: [], memberships: [] },
      ],
    };
    const update = () => contactsUpdatedBy('updateContacts', body);
    expect(update).toThrow(expect.objectContaining({ status: 400, code: 'bad_request' }));
    expect(update).toThrow(/^contacts\[1\]\.infos: .*POST \/api\/contacts\/c2\/edit/);
    expect(update).toThrow('; contacts[1].memberships: ');
    expect(update).not.toThrow('contacts[0]');
  });
});

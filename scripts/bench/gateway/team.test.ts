import { describe, expect, it } from 'vitest';
import { pickConversation } from './team';

describe('what an agent does', () => {
  it('picks among the newest when the draw says popular, else anywhere', () => {
    const conversations = Array.from({ length: 100 }, (_, index) => ({
      id: `c${index}`,
      emails: [],
    }));
    const draws = (values: number[]) => () => values.shift() ?? 0;
    const options = { popularShare: 0.3, popularCount: 20 };
    expect(pickConversation(draws([0.1, 0.99]), conversations, options).id).toBe('c19');
    expect(pickConversation(draws([0.5, 0.99]), conversations, options).id).toBe('c99');
  });
});

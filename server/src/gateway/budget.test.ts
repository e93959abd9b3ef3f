import { MemoryBudgetStore } from './budget';
import { describeBudgetStore } from '../test/budget-contract';

describeBudgetStore('MemoryBudgetStore', (options) =>
  Promise.resolve(new MemoryBudgetStore(options)),
);

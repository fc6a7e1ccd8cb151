import type { CustomerState } from '../domain/customerState.js';
import type { StateStore } from './stateStore.js';

/** The in-memory store: a Map by customerId. Also the offline mode's store. */
export function createMemoryStore(): StateStore {
  const states = new Map<string, CustomerState>();
  return {
    get: (customerId) => states.get(customerId),
    put: (state) => void states.set(state.customerId, state),
    delete: (customerId) => void states.delete(customerId),
    get size() {
      return states.size;
    },
    entries: () => states.values(),
  };
}

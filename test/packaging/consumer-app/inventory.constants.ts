/** Base URL of the inventory service the consumer app calls. */
export const INVENTORY_URL = Symbol('INVENTORY_URL');

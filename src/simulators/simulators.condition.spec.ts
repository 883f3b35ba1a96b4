import { servedSimulatorGroups } from './simulators.condition.js';

describe('servedSimulatorGroups', () => {
  it('serves the downstream simulators while either downstream URL is unset, the targets always', () => {
    expect(servedSimulatorGroups({})).toEqual(['downstream', 'targets']);
    expect(
      servedSimulatorGroups({ PRODUCT_SERVICE_URL: 'http://products' }),
    ).toEqual(['downstream', 'targets']);
    expect(
      servedSimulatorGroups({
        PRODUCT_SERVICE_URL: 'http://products',
        DELIVERY_SERVICE_URL: '',
      }),
    ).toEqual(['downstream', 'targets']);
    expect(
      servedSimulatorGroups({
        PRODUCT_SERVICE_URL: 'http://products',
        DELIVERY_SERVICE_URL: 'http://deliveries',
        FHIR_SERVER_URL: 'http://fhir',
      }),
    ).toEqual(['targets']);
  });
});

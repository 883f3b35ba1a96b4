import {
  compensationDestination,
  messageDestination,
  parseIntegrationDestination,
} from './integration-destination.js';

describe('integration dead letter destinations', () => {
  it('round-trips message and compensation destinations, ids and step names escaped', () => {
    expect(parseIntegrationDestination(messageDestination('m/1'))).toEqual({
      kind: 'message',
      id: 'm/1',
    });
    expect(
      parseIntegrationDestination(
        compensationDestination('m1', 'take payment'),
      ),
    ).toEqual({
      kind: 'compensation',
      id: 'm1',
      step: 'take payment',
    });
  });

  it('reads nothing it did not write', () => {
    for (const destination of [
      'http://x/y',
      'integration:message/',
      'integration:message/a/b',
      'integration:compensation/a',
      'amqp:q',
    ]) {
      expect(parseIntegrationDestination(destination)).toBeUndefined();
    }
  });
});

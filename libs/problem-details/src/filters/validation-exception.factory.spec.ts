import type { ValidationError } from '@nestjs/common';
import { validationExceptionFactory } from './validation-exception.factory.js';
import { isValidationFailedError } from './validation-failed.error.js';

describe('validationExceptionFactory', () => {
  it('flattens nested errors into JSON Pointers, escaping ~ and /', () => {
    const errors: ValidationError[] = [
      {
        property: 'customerId',
        constraints: { isString: 'customerId must be a string' },
      },
      {
        property: 'products',
        children: [
          {
            property: '0',
            children: [
              {
                property: 'quantity',
                constraints: { min: 'quantity must not be less than 1' },
              },
            ],
          },
        ],
      },
      {
        property: 'a/b~c',
        constraints: { whitelistValidation: 'property a/b~c should not exist' },
      },
    ];
    const error = validationExceptionFactory(errors);
    expect(isValidationFailedError(error)).toBe(true);
    expect(error.problem).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { pointer: '/customerId', message: 'customerId must be a string' },
      {
        pointer: '/products/0/quantity',
        message: 'quantity must not be less than 1',
      },
      { pointer: '/a~1b~0c', message: 'property a/b~c should not exist' },
    ]);
  });

  it('points an error about the whole value at the document root', () => {
    const error = validationExceptionFactory([
      {
        property: '',
        constraints: { unknownValue: 'an unknown value was passed' },
      },
    ]);
    expect(error.errors).toEqual([
      { pointer: '', message: 'an unknown value was passed' },
    ]);
  });
});

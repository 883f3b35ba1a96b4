import { Logger } from '@nestjs/common';
import { AesGcmDeadLetterCipher } from './aes-gcm-dead-letter.cipher.js';
import type { DeadLetterCipher } from './dead-letter.cipher.js';
import type { DeadLetterEncryptionKey } from './dead-letter-encryption-key.interface.js';
import { PlaintextDeadLetterCipher } from './plaintext-dead-letter.cipher.js';

/**
 * The cipher of the configured keys: AES-256-GCM with them, or, without any, plaintext and
 * one warning saying so (the module builds it once, at boot).
 * @throws InvalidDeadLetterEncryptionKeyError when a key is unusable
 */
export function createDeadLetterCipher(
  keys: readonly DeadLetterEncryptionKey[],
  logger = new Logger('DeadLetterEncryption'),
): DeadLetterCipher {
  if (keys.length === 0) {
    logger.warn(
      'No dead letter encryption key is configured: payloads, headers and error messages ' +
        'are stored in plaintext',
    );
    return new PlaintextDeadLetterCipher();
  }
  const cipher = new AesGcmDeadLetterCipher(keys);
  logger.log(
    `Dead letters are encrypted at rest under key "${cipher.currentKeyId}"` +
      (keys.length > 1
        ? ` (also reading ${cipher.keyIds.slice(1).join(', ')})`
        : ''),
  );
  return cipher;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type { ResilienceModuleOptions } from '../interfaces/resilience-module-options.interface.js';
import { RESILIENCE_MODULE_OPTIONS } from '../resilience.module-definition.js';
import type {
  AdminPrincipal,
  AdminTokenSpec,
} from './admin-principal.interface.js';

/** Name recorded for `admin.token`. */
export const ADMIN_TOKEN_NAME = 'admin';
/** Name recorded for `admin.readonlyToken`. */
export const READONLY_TOKEN_NAME = 'readonly';
/** What a token's name may be made of. */
export const ADMIN_TOKEN_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

interface KnownToken {
  digest: Buffer;
  principal: AdminPrincipal;
}

/**
 * The admin bearer tokens and whose they are: `admin.token` is the full admin named `admin`,
 * `admin.readonlyToken` the reader named `readonly`, and each of `admin.tokens` carries its own
 * name. Answers which principal an `Authorization` header stands for.
 *
 * @throws ResilienceConfigurationError at boot for a name that is malformed or used twice, or a
 *   token given to two names
 */
@Injectable()
export class AdminTokenRegistry {
  private readonly known: KnownToken[];

  constructor(
    @Inject(RESILIENCE_MODULE_OPTIONS) options: ResilienceModuleOptions,
  ) {
    this.known = knownTokens(options.admin);
  }

  /** Whether `authorization` carries a bearer token at all (valid or not). */
  static presentsBearer(authorization: string | undefined): boolean {
    return BEARER.test(authorization ?? '');
  }

  /** The principal whose bearer token `authorization` carries, if it is a known one. */
  authenticate(authorization: string | undefined): AdminPrincipal | undefined {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const presented = digest(token);
    let found: AdminPrincipal | undefined;
    // Every token is compared, so the time taken does not tell which one matched.
    for (const known of this.known) {
      if (timingSafeEqual(presented, known.digest)) found ??= known.principal;
    }
    return found;
  }

  /** The names of the configured tokens, in no particular order. */
  names(): string[] {
    return this.known.map((known) => known.principal.name);
  }
}

function knownTokens(admin: ResilienceModuleOptions['admin']): KnownToken[] {
  const specs: AdminTokenSpec[] = [];
  if (admin?.token) specs.push({ name: ADMIN_TOKEN_NAME, token: admin.token });
  if (admin?.readonlyToken) {
    specs.push({
      name: READONLY_TOKEN_NAME,
      token: admin.readonlyToken,
      readonly: true,
    });
  }
  specs.push(...(admin?.tokens ?? []));
  const problems: string[] = [];
  const names = new Set<string>();
  const tokens = new Set<string>();
  for (const spec of specs) {
    if (!ADMIN_TOKEN_NAME_PATTERN.test(spec.name)) {
      problems.push(
        `admin token name "${spec.name}": use 1 to 64 letters, digits, ".", "_", "@" or "-"`,
      );
    } else if (names.has(spec.name)) {
      problems.push(`admin token name "${spec.name}" is used twice`);
    }
    if (!spec.token) {
      problems.push(`admin token "${spec.name}" is empty`);
    } else if (tokens.has(spec.token)) {
      problems.push(
        `admin token "${spec.name}" is the same token as another name's`,
      );
    }
    names.add(spec.name);
    tokens.add(spec.token);
  }
  if (problems.length > 0) throw new ResilienceConfigurationError(problems);
  return specs.map((spec) => ({
    digest: digest(spec.token),
    principal: { name: spec.name, access: spec.readonly ? 'read' : 'full' },
  }));
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the token length.
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

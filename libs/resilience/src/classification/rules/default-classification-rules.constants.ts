import type { ClassificationRule } from '../error-classification.interface.js';
import { abortSignalRule } from './abort-signal.rule.js';
import { applicationErrorRule } from './application-error.rule.js';
import { bodyParserRule } from './body-parser.rule.js';
import { libraryErrorRule } from './library-error.rule.js';
import { nestHttpExceptionRule } from './nest-http-exception.rule.js';
import { networkRule } from './network.rule.js';
import { postgresRule } from './postgres.rule.js';
import { redisRule } from './redis.rule.js';
import { resourceExhaustionRule } from './resource-exhaustion.rule.js';
import { rpcExceptionRule } from './rpc-exception.rule.js';
import { sqliteRule } from './sqlite.rule.js';
import { typeOrmRule } from './typeorm.rule.js';
import { upstreamHttpRule } from './upstream-http.rule.js';

/**
 * The built-in rules, in the order they are tried. Specific before general: the database rules
 * come before the network rule so that a query lost to `ECONNRESET` is the database's
 * `DEPENDENCY_UNAVAILABLE`, and the upstream HTTP rule reads an axios error's response before
 * the network rule reads its `code`. Application rules go in front of all of these.
 */
export const DEFAULT_CLASSIFICATION_RULES: readonly ClassificationRule[] =
  Object.freeze([
    libraryErrorRule,
    applicationErrorRule,
    rpcExceptionRule,
    nestHttpExceptionRule,
    bodyParserRule,
    upstreamHttpRule,
    postgresRule,
    sqliteRule,
    typeOrmRule,
    redisRule,
    abortSignalRule,
    networkRule,
    resourceExhaustionRule,
  ]);

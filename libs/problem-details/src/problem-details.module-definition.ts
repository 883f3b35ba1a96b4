import { ConfigurableModuleBuilder } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { RequestTimeoutInterceptor } from './filters/request-timeout.interceptor.js';
import { ResilienceExceptionFilter } from './filters/resilience-exception.filter.js';
import type { ProblemDetailsModuleOptions } from './interfaces/problem-details-module-options.interface.js';

/** Whether the module was asked to install the error edge for the whole app. */
export const PROBLEM_DETAILS_EDGE = Symbol.for('PROBLEM_DETAILS:EDGE');

const GLOBAL_EDGE_PROVIDERS = [
  { provide: APP_FILTER, useClass: ResilienceExceptionFilter },
  // The outermost interceptor: the request timeout bounds a guarded route's retries too.
  { provide: APP_INTERCEPTOR, useClass: RequestTimeoutInterceptor },
];

/**
 * `isGlobal` (default `true`) makes the module's providers visible to every module, as the
 * other libraries of the toolkit expect; `global` (default `false`) installs the error edge
 * for the whole app.
 */
export interface ProblemDetailsModuleExtras {
  isGlobal: boolean;
  global: boolean;
}

export const {
  ConfigurableModuleClass: ProblemDetailsConfigurableModule,
  MODULE_OPTIONS_TOKEN: PROBLEM_DETAILS_MODULE_OPTIONS,
  OPTIONS_TYPE: PROBLEM_DETAILS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: PROBLEM_DETAILS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ProblemDetailsModuleOptions>({
  moduleName: 'ProblemDetails',
})
  .setClassMethodName('forRoot')
  .setExtras<ProblemDetailsModuleExtras>(
    { isGlobal: true, global: false },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      providers: [
        ...(definition.providers ?? []),
        { provide: PROBLEM_DETAILS_EDGE, useValue: extras.global },
        ...(extras.global ? GLOBAL_EDGE_PROVIDERS : []),
      ],
    }),
  )
  .build();

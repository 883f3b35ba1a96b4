import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AlertService,
  ErrorLogStore,
  RequestContext,
} from '@nest-resilience/problem-details';
import {
  ErrorSeverity,
  type ErrorClassification,
} from '@nest-resilience/resilience';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import type { HandlingDecision } from '../pipelines/handling-decision.interface.js';
import { HandlingStrategy } from '../pipelines/handling-strategy.enum.js';
import type { PipelineStep } from '../pipelines/pipeline-step.interface.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { formatDecision } from './decision-log.format.js';
import { errorLogEntry } from './error-log-entry.factory.js';

/**
 * Tells operators about step failures: every decision logged with the message id, request id
 * and reason; HIGH and CRITICAL errors recorded in the error log; CRITICAL and SECURITY errors
 * alerted at once; a failure of the handling itself escalated as a CRITICAL alert. Never throws: telling must not add a failure to the one being handled.
 */
@Injectable()
export class FailureNotifier {
  private readonly logger = new Logger('WorkflowDecisions');

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly options: ResolvedWorkflowsOptions,
    private readonly alerts: AlertService,
    private readonly errorLog: ErrorLogStore,
  ) {}

  /** Logs, records and, when the decision says so, alerts a failed step. */
  decided(
    checkpoint: Checkpoint,
    step: PipelineStep,
    classification: ErrorClassification,
    error: unknown,
    decision: HandlingDecision,
    reason: string,
  ): void {
    const line = formatDecision(
      checkpoint,
      decision.strategy,
      reason,
      step.name,
    );
    if (decision.strategy === HandlingStrategy.DEAD_LETTER || decision.alert) {
      this.logger.warn(line);
    } else {
      this.logger.log(line);
    }
    const requestId =
      checkpoint.requestId ?? RequestContext.requestId() ?? checkpoint.id;
    const { severity } = classification;
    if (
      severity === ErrorSeverity.HIGH ||
      severity === ErrorSeverity.CRITICAL
    ) {
      void Promise.resolve()
        .then(() =>
          this.errorLog.record(
            errorLogEntry(
              this.options.name,
              checkpoint,
              step.name,
              classification,
              error,
              requestId,
            ),
          ),
        )
        .catch((logError: unknown) =>
          this.logger.warn(`Error log entry lost: ${String(logError)}`),
        );
    }
    if (!decision.alert) return;
    this.alerts.raise({
      key: `${this.options.name}:${checkpoint.type}:${step.name}:${classification.code}`,
      severity:
        severity === ErrorSeverity.CRITICAL
          ? ErrorSeverity.CRITICAL
          : ErrorSeverity.HIGH,
      title: `${classification.category} error in ${checkpoint.type} step ${step.name}`,
      message: `message ${checkpoint.id} (request ${requestId}): ${reason}`,
      details: {
        messageId: checkpoint.id,
        requestId,
        code: classification.code,
        strategy: decision.strategy,
      },
    });
  }

  /** Escalates a decision that could not be carried out. */
  escalate(
    checkpoint: Checkpoint,
    step: PipelineStep,
    decision: HandlingDecision,
    handlingError: unknown,
  ): void {
    const message =
      handlingError instanceof Error
        ? handlingError.message
        : String(handlingError);
    this.logger.error(
      formatDecision(
        checkpoint,
        'ESCALATE',
        `carrying out ${decision.strategy} failed: ${message}; left to recovery`,
        step.name,
      ),
    );
    this.alerts.raise({
      key: `${this.options.name}-escalation:${checkpoint.type}:${decision.strategy}`,
      severity: ErrorSeverity.CRITICAL,
      title: `Failure handling failed in ${checkpoint.type}`,
      message: `${decision.strategy} for step ${step.name} of message ${checkpoint.id} failed: ${message}`,
      details: {
        messageId: checkpoint.id,
        step: step.name,
        strategy: decision.strategy,
      },
    });
  }
}

import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AdminAction,
  AdminActor,
  AdminTokenGuard,
} from '@nest-resilience/resilience';
import type { BulkReplayProgress } from '../replay/bulk-replay-progress.interface.js';
import { DeadLetterBulkReplayService } from '../replay/dead-letter-bulk-replay.service.js';
import { BulkReplayDto } from './dto/bulk-replay.dto.js';
import { BulkReplayProgressDto } from './dto/bulk-replay-progress.dto.js';

/**
 * Bulk replay of the dead letter queue: `POST /admin/dlq/replay` starts a rate-limited job by
 * filter and answers 202 with its progress and a `Location`; `GET /admin/dlq/replay/:jobId`
 * shows its progress; `POST /admin/dlq/replay/:jobId/cancel` stops it. Jobs are stored: every
 * route works from any instance, and a job whose instance died is resumed by another. Starting
 * and cancelling are recorded in the admin audit log with the token's name as actor
 * (`dlq.bulk-replay`, `dlq.bulk-replay.cancel`).
 */
@ApiTags('Dead letter queue')
@ApiBearerAuth()
@Controller('admin/dlq/replay')
@UseGuards(AdminTokenGuard)
export class DeadLetterReplayAdminController {
  constructor(private readonly bulk: DeadLetterBulkReplayService) {}

  /**
   * @throws ValidationFailedError for a rate above the configured maximum
   * @throws DeadLetterStoreUnavailableError when the job cannot be stored now
   */
  @Post()
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Start a bulk replay of the entries matching a filter, rate-limited',
  })
  @ApiAcceptedResponse({ type: BulkReplayProgressDto })
  @AdminAction('dlq.bulk-replay', {
    target: (_request, result) =>
      (result as BulkReplayProgress | undefined)?.id,
    details: (_request, result) => {
      const progress = result as BulkReplayProgress | undefined;
      return progress
        ? {
            filter: progress.filter,
            ratePerSecond: progress.ratePerSecond,
            limit: progress.limit,
          }
        : undefined;
    },
  })
  async start(
    @Body() body: BulkReplayDto,
    @Res({ passthrough: true }) response: Response,
    @AdminActor() actor: string,
  ): Promise<BulkReplayProgress> {
    const progress = await this.bulk.start({
      filter: {
        source: body.source,
        destination: body.destination,
        status: body.status,
        category: body.category,
        from: body.from === undefined ? undefined : new Date(body.from),
        to: body.to === undefined ? undefined : new Date(body.to),
      },
      ratePerSecond: body.ratePerSecond,
      limit: body.limit,
      actor,
    });
    response.setHeader('Location', `/admin/dlq/replay/${progress.id}`);
    return progress;
  }

  @Get()
  @ApiOperation({
    summary:
      'Bulk replay jobs of every instance (running, and the finished ones kept), newest first',
  })
  @ApiOkResponse({ type: [BulkReplayProgressDto] })
  list(): Promise<BulkReplayProgress[]> {
    return this.bulk.list();
  }

  /** @throws BulkReplayNotFoundError for an unknown job */
  @Get(':jobId')
  @ApiOperation({ summary: 'Progress of a bulk replay job' })
  @ApiOkResponse({ type: BulkReplayProgressDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  progress(@Param('jobId') jobId: string): Promise<BulkReplayProgress> {
    return this.bulk.get(jobId);
  }

  /** @throws BulkReplayNotFoundError for an unknown job */
  @Post(':jobId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel a bulk replay, from any instance: in-flight deliveries finish, the rest is given back',
  })
  @ApiOkResponse({ type: BulkReplayProgressDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @AdminAction('dlq.bulk-replay.cancel', { target: 'jobId' })
  cancel(
    @Param('jobId') jobId: string,
    @AdminActor() actor: string,
  ): Promise<BulkReplayProgress> {
    return this.bulk.cancel(jobId, actor);
  }
}

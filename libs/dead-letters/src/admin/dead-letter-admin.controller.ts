import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminAction,
  AdminActor,
  AdminTokenGuard,
} from '@nest-resilience/resilience';
import type { DeadLetterView } from '../dead-letter.interface.js';
import type {
  DeadLetterStats,
  DeadLetterViewPage,
} from '../dead-letter-query.interface.js';
import { DeadLetterPresenter } from '../dead-letter.presenter.js';
import { DeadLetterService } from '../dead-letter.service.js';
import { DeadLetterReplayService } from '../replay/dead-letter-replay.service.js';
import { CreateDeadLetterDto } from './dto/create-dead-letter.dto.js';
import { DeadLetterPageDto } from './dto/dead-letter-page.dto.js';
import { DeadLetterStatsDto } from './dto/dead-letter-stats.dto.js';
import { DeadLetterViewDto } from './dto/dead-letter-view.dto.js';
import { ListDeadLettersDto } from './dto/list-dead-letters.dto.js';
import { ReplayResultDto } from './dto/replay-result.dto.js';
import { ResolveDeadLetterDto } from './dto/resolve-dead-letter.dto.js';

/**
 * Operator API of the dead letter queue: list, inspect, create, replay and resolve entries, and
 * read the queue's stats. Everything shown is masked. Behind `AdminTokenGuard`: the read-only
 * token may only GET. Every action is recorded in the admin audit log with the token's name as
 * its actor (`dlq.create`, `dlq.replay`, `dlq.resolve`); a resolution's `by` is that name too.
 */
@ApiTags('Dead letter queue')
@ApiBearerAuth()
@Controller('admin/dlq')
@UseGuards(AdminTokenGuard)
export class DeadLetterAdminController {
  constructor(
    private readonly deadLetters: DeadLetterService,
    private readonly replays: DeadLetterReplayService,
    private readonly presenter: DeadLetterPresenter,
  ) {}

  /** @throws InvalidDeadLetterCursorError for a cursor no listing handed out */
  @Get('messages')
  @ApiOperation({
    summary: 'List dead letters, newest first, with keyset pagination',
  })
  @ApiOkResponse({ type: DeadLetterPageDto })
  async list(@Query() query: ListDeadLettersDto): Promise<DeadLetterViewPage> {
    const page = await this.deadLetters.list(
      {
        source: query.source,
        destination: query.destination,
        status: query.status,
        category: query.category,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      },
      query.limit,
      query.cursor,
    );
    return {
      items: page.items.map((entry) => this.presenter.view(entry)),
      nextCursor: page.nextCursor,
    };
  }

  /** @throws DeadLetterNotFoundError for an unknown id */
  @Get('messages/:id')
  @ApiOperation({ summary: 'One dead letter' })
  @ApiOkResponse({ type: DeadLetterViewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async one(@Param('id') id: string): Promise<DeadLetterView> {
    return this.presenter.view(await this.deadLetters.get(id));
  }

  /** @throws DeadLetterQueueFullError, DeadLetterStoreUnavailableError (503) */
  @Post('messages')
  @ApiOperation({ summary: 'Dead-letter a message that failed elsewhere' })
  @ApiCreatedResponse({ type: DeadLetterViewDto })
  @AdminAction('dlq.create', { target: (_request, result) => idOf(result) })
  async create(@Body() body: CreateDeadLetterDto): Promise<DeadLetterView> {
    const entry = await this.deadLetters.deadLetterExternal({
      source: body.source,
      destination: body.destination,
      pattern: body.pattern,
      payload: body.payload,
      headers: body.headers,
      messageId: body.messageId,
      error: body.error,
    });
    return this.presenter.view(entry);
  }

  /** @throws DeadLetterNotFoundError, DeadLetterConflictError (another replay won), CircuitOpenError */
  @Post('messages/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver one dead letter again, now' })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'CONFLICT: being replayed, awaiting its consumer (REPLAYED), already resolved, or no transport',
  })
  @AdminAction('dlq.replay', {
    target: 'id',
    details: (_request, result) => {
      const outcome = (result as { outcome?: unknown } | undefined)?.outcome;
      return outcome === undefined ? undefined : { outcome };
    },
  })
  async replay(
    @Param('id') id: string,
    @AdminActor() actor: string,
  ): Promise<{ outcome: string; message: DeadLetterView }> {
    const result = await this.replays.replay(id, actor);
    return {
      outcome: result.outcome,
      message: this.presenter.view(result.entry),
    };
  }

  /** @throws DeadLetterNotFoundError, DeadLetterConflictError (being replayed or resolved) */
  @Post('messages/:id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolve a dead letter by hand (PENDING, REPLAYED or FAILED), with a reason',
  })
  @ApiOkResponse({ type: DeadLetterViewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({
    description: 'CONFLICT: being replayed or already resolved',
  })
  @AdminAction('dlq.resolve', { target: 'id', details: reasonOf })
  async resolve(
    @Param('id') id: string,
    @Body() body: ResolveDeadLetterDto,
    @AdminActor() actor: string,
  ): Promise<DeadLetterView> {
    const entry = await this.deadLetters.resolve(id, body.reason, actor);
    return this.presenter.view(entry);
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Counts by status, category and severity, top codes, oldest pending, recovery rate',
  })
  @ApiOkResponse({ type: DeadLetterStatsDto })
  stats(): Promise<DeadLetterStats> {
    return this.deadLetters.stats();
  }
}

function idOf(result: unknown): string | undefined {
  const id = (result as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

// The reason once the body passed validation; a refused body records none.
function reasonOf(
  request: Request,
  result: unknown,
): Record<string, unknown> | undefined {
  const reason = (request.body as { reason?: unknown } | undefined)?.reason;
  return result !== undefined && typeof reason === 'string'
    ? { reason }
    : undefined;
}

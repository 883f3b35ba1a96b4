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
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AlertingErrorLogStore,
  type ErrorLogStats,
  type ErrorLogStore,
} from '@nest-resilience/problem-details';
import {
  AdminAction,
  AdminActor,
  AdminTokenGuard,
} from '@nest-resilience/resilience';
import { DeadLetterCursorCodec } from '../dead-letter-cursor.codec.js';
import { DeadLetterPresenter } from '../dead-letter.presenter.js';
import { ErrorLogEntryNotFoundError } from '../errors/error-log-entry-not-found.error.js';
import { ErrorLogEntryResolvedError } from '../errors/error-log-entry-resolved.error.js';
import { ListErrorLogDto } from './dto/list-error-log.dto.js';
import { ResolveErrorLogDto } from './dto/resolve-error-log.dto.js';
import {
  type ErrorLogEntryView,
  presentErrorLogEntry,
} from './error-log.presenter.js';

const DEFAULT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A page of `GET /admin/errors`. */
export interface ErrorLogPage {
  items: ErrorLogEntryView[];
  /** Cursor of the next page; `null` on the last one. */
  nextCursor: string | null;
}

/** Body of `GET /admin/errors/stats`: the store's counts, `recent` as `last24h`. */
export type ErrorLogStatsView = Omit<ErrorLogStats, 'recent'> & {
  last24h: number;
};

/**
 * Operator API of the error log (the HIGH and CRITICAL errors the exception filter records):
 * list with filters and keyset paging, counts, and resolve with a reason. Messages are masked
 * and stacks never shown. Behind `AdminTokenGuard`: the read-only token may only GET; a
 * resolution is audited (`error.resolve`) and its `by` is the token's name.
 */
@ApiTags('Error log')
@ApiBearerAuth()
@Controller('admin/errors')
@UseGuards(AdminTokenGuard)
export class ErrorLogAdminController {
  private readonly store: ErrorLogStore;

  constructor(
    store: AlertingErrorLogStore,
    private readonly presenter: DeadLetterPresenter,
  ) {
    this.store = store;
  }

  /** @throws InvalidDeadLetterCursorError for a cursor no listing handed out */
  @Get()
  @ApiOperation({ summary: 'List recorded errors, newest first, paged' })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  async list(@Query() query: ListErrorLogDto): Promise<ErrorLogPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after =
      query.cursor === undefined
        ? undefined
        : DeadLetterCursorCodec.decode(query.cursor);
    // One more than the page, to know whether another page follows.
    const found = await this.store.query({
      code: query.code,
      category: query.category,
      severity: query.severity,
      resolved:
        query.resolved === undefined ? undefined : query.resolved === 'true',
      since: query.since === undefined ? undefined : new Date(query.since),
      after: after && { timestamp: after.createdAt, id: after.id },
      limit: limit + 1,
    });
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((entry) =>
        presentErrorLogEntry(entry, this.presenter.masker),
      ),
      nextCursor:
        found.length > limit && last !== undefined
          ? DeadLetterCursorCodec.encode({
              createdAt: last.timestamp,
              id: last.id,
            })
          : null,
    };
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Counts by code, category and severity, open and resolved, and in the last 24 hours',
  })
  @ApiOkResponse({
    description:
      '{ total, open, resolved, last24h, byCode, byCategory, bySeverity }',
  })
  async stats(): Promise<ErrorLogStatsView> {
    const { recent, ...counts } = await this.store.stats(
      new Date(Date.now() - DAY_MS),
    );
    return { ...counts, last24h: recent };
  }

  /** @throws ErrorLogEntryNotFoundError, ErrorLogEntryResolvedError */
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a recorded error as dealt with, with a reason',
  })
  @ApiOkResponse({ description: 'The resolved entry' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONFLICT: already resolved' })
  @AdminAction('error.resolve', { target: 'id' })
  async resolve(
    @Param('id') id: string,
    @Body() body: ResolveErrorLogDto,
    @AdminActor() actor: string,
  ): Promise<ErrorLogEntryView> {
    const resolution = { by: actor, at: new Date(), reason: body.reason };
    if (!(await this.store.resolve(id, resolution))) {
      const entry = await this.store.get(id);
      throw entry === undefined
        ? new ErrorLogEntryNotFoundError(id)
        : new ErrorLogEntryResolvedError(id);
    }
    const entry = await this.store.get(id);
    if (entry === undefined) throw new ErrorLogEntryNotFoundError(id);
    return presentErrorLogEntry(entry, this.presenter.masker);
  }
}

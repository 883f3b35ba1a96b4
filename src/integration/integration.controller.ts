import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
} from '@nestjs/common';
import { WorkflowEngine } from '@nest-resilience/workflows';
import { presentIntegrationMessage } from './dto/integration-message.presenter.js';
import type { IntegrationMessageView } from './dto/integration-message.view.js';
import { SubmitIntegrationMessageDto } from './dto/submit-integration-message.dto.js';
import { IntegrationMessageNotFoundError } from './errors/integration-message-not-found.error.js';

/**
 * The integration engine over HTTP. `POST /integration/messages` answers 202 once the message
 * is stored (processing goes on in the background); `GET /integration/messages/:id` shows its
 * status, checkpoint and step history. Errors use the standard envelope: an unknown type is
 * 400 `VALIDATION_FAILED`, an unknown id 404 `NOT_FOUND`.
 */
@Controller('integration/messages')
export class IntegrationController {
  constructor(private readonly engine: WorkflowEngine) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(
    @Body() body: SubmitIntegrationMessageDto,
  ): Promise<{ id: string; status: string }> {
    const { id, status } = await this.engine.submit(body);
    return { id, status };
  }

  /** @throws IntegrationMessageNotFoundError for an unknown id (404) */
  @Get(':id')
  async find(@Param('id') id: string): Promise<IntegrationMessageView> {
    const found = await this.engine.find(id);
    if (!found) throw new IntegrationMessageNotFoundError(id);
    return presentIntegrationMessage(found.checkpoint, found.history);
  }
}
